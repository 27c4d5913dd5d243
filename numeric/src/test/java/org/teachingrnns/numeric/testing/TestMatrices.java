package org.teachingrnns.numeric.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.teachingrnns.numeric.ComplexArray;

/** Seeded test matrices and small reference computations, independent of the code under test. */
public final class TestMatrices {

    private TestMatrices() {
    }

    public static double[] gaussian(int rows, int cols, Random rnd) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    public static double[] identity(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 1.0;
        }
        return a;
    }

    /** Naive triple loop, C = A B (m x k times k x n). */
    public static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aip * b[p * n + j];
                }
            }
        }
        return c;
    }

    public static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    /** A random orthogonal matrix by modified Gram-Schmidt (twice, for orthogonality to working precision). */
    public static double[] orthogonal(int n, Random rnd) {
        double[] q = gaussian(n, n, rnd);
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < j; p++) {
                    double d = 0.0;
                    for (int i = 0; i < n; i++) {
                        d += q[i * n + j] * q[i * n + p];
                    }
                    for (int i = 0; i < n; i++) {
                        q[i * n + j] -= d * q[i * n + p];
                    }
                }
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s += q[i * n + j] * q[i * n + j];
                }
                s = Math.sqrt(s);
                for (int i = 0; i < n; i++) {
                    q[i * n + j] /= s;
                }
            }
        }
        return q;
    }

    /** Frobenius norm, scaled so that tiny and huge entries neither underflow nor overflow. */
    public static double norm(double[] a) {
        double m = 0.0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        if (m == 0.0) {
            return 0.0;
        }
        double s = 0.0;
        for (double v : a) {
            s += (v / m) * (v / m);
        }
        return m * Math.sqrt(s);
    }

    public static double maxAbsDiff(double[] a, double[] b) {
        double m = 0.0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /**
     * log|det| and the sign of det (as a 2-array) by LU with partial pivoting, so huge determinants
     * do not overflow.
     */
    public static double[] logDet(double[] a0, int n) {
        double[] a = a0.clone();
        double logAbs = 0.0;
        double sign = 1.0;
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i * n + k]) > Math.abs(a[piv * n + k])) {
                    piv = i;
                }
            }
            if (a[piv * n + k] == 0.0) {
                return new double[] {Double.NEGATIVE_INFINITY, 0.0};
            }
            if (piv != k) {
                sign = -sign;
                for (int j = 0; j < n; j++) {
                    double t = a[k * n + j];
                    a[k * n + j] = a[piv * n + j];
                    a[piv * n + j] = t;
                }
            }
            double d = a[k * n + k];
            logAbs += Math.log(Math.abs(d));
            sign *= Math.signum(d);
            for (int i = k + 1; i < n; i++) {
                double l = a[i * n + k] / d;
                for (int j = k + 1; j < n; j++) {
                    a[i * n + j] -= l * a[k * n + j];
                }
            }
        }
        return new double[] {logAbs, sign};
    }

    /**
     * Asserts that every expected value has its own actual value within tol (greedy nearest matching, in
     * order of the expected values), and that the lengths agree.
     */
    public static void assertSameSpectrum(ComplexArray expected, ComplexArray actual, double tol, String what) {
        assertTrue(expected.length() == actual.length(),
                what + ": expected " + expected.length() + " values, got " + actual.length());
        boolean[] used = new boolean[actual.length()];
        for (int i = 0; i < expected.length(); i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < actual.length(); j++) {
                if (!used[j]) {
                    double d = Math.hypot(expected.re[i] - actual.re[j], expected.im[i] - actual.im[j]);
                    if (d < bestD) {
                        bestD = d;
                        best = j;
                    }
                }
            }
            used[best] = true;
            final int bi = best;
            final double bd = bestD;
            final int ei = i;
            assertTrue(bd <= tol, () -> what + ": expected " + expected.re[ei] + (expected.im[ei] >= 0 ? "+" : "")
                    + expected.im[ei] + "i, nearest " + actual.re[bi] + (actual.im[bi] >= 0 ? "+" : "")
                    + actual.im[bi] + "i at distance " + bd + " > " + tol + "\n expected " + expected
                    + "\n actual   " + actual);
        }
    }

    /** Every complex pair adjacent, exact conjugates, positive imaginary part first. */
    public static void assertConjugatePairs(ComplexArray ev, String what) {
        for (int k = 0; k < ev.length(); k++) {
            if (ev.im[k] != 0.0) {
                final int kk = k;
                assertTrue(ev.im[k] > 0 && k + 1 < ev.length() && ev.re[k + 1] == ev.re[k]
                        && ev.im[k + 1] == -ev.im[k], () -> what + ": eigenvalue " + kk
                        + " is not followed by its exact conjugate: " + ev);
                k++;
            }
        }
    }
}
