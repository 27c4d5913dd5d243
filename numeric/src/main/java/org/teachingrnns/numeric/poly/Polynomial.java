package org.teachingrnns.numeric.poly;

import java.util.Arrays;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.linalg.EigenDecomposition;

/**
 * Real polynomials as coefficient arrays in descending powers, {@code p(x) = c[0] x^(n-1) + ... + c[n-1]},
 * the convention of numpy.poly, numpy.roots and numpy.polyval.
 */
public final class Polynomial {

    private Polynomial() {
    }

    /**
     * The monic polynomial with the given roots, as numpy.poly: {@code prod_k (x - r_k)}, real coefficients,
     * leading 1; an empty set gives {@code [1]}. The roots must be closed under conjugation: each root with
     * positive imaginary part is paired with one with negative imaginary part within a relative 1e-12, and
     * the pair contributes {@code x^2 - 2 Re(r) x + |r|^2} computed from the positive member (so the result
     * is exactly real); roots without a partner must be real (imaginary part exactly 0).
     *
     * @throws IllegalArgumentException if the set is not conjugate-closed or a root is not finite
     */
    public static double[] fromRoots(ComplexArray roots) {
        if (roots == null) {
            throw new IllegalArgumentException("roots must not be null");
        }
        int m = roots.length();
        for (int k = 0; k < m; k++) {
            if (!Double.isFinite(roots.re[k]) || !Double.isFinite(roots.im[k])) {
                throw new IllegalArgumentException("root " + k + " is not finite: " + roots.re[k] + ", " + roots.im[k]);
            }
        }
        boolean[] used = new boolean[m];
        double[] c = new double[m + 1];
        c[0] = 1.0;
        int deg = 0;
        for (int k = 0; k < m; k++) {
            if (used[k]) {
                continue;
            }
            double re = roots.re[k];
            double im = roots.im[k];
            if (im == 0.0) {
                used[k] = true;
                // c := c * (x - re)
                for (int j = deg + 1; j >= 1; j--) {
                    c[j] -= re * c[j - 1];
                }
                deg++;
                continue;
            }
            // Find the conjugate partner: the nearest unused root with imaginary part of opposite sign.
            int partner = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                if (j != k && !used[j] && Math.signum(roots.im[j]) == -Math.signum(im)) {
                    double d = Math.hypot(roots.re[j] - re, roots.im[j] + im);
                    if (d < best) {
                        best = d;
                        partner = j;
                    }
                }
            }
            double mod = Math.hypot(re, im);
            if (partner < 0 || best > 1e-12 * Math.max(mod, Double.MIN_NORMAL)) {
                throw new IllegalArgumentException("roots are not closed under conjugation: root " + k + " = "
                        + roots.re[k] + (im > 0 ? "+" : "") + im + "i has no conjugate partner"
                        + (partner < 0 ? "" : " (nearest candidate " + roots.re[partner] + (roots.im[partner] > 0
                        ? "+" : "") + roots.im[partner] + "i)"));
            }
            used[k] = true;
            used[partner] = true;
            double pr = im > 0 ? re : roots.re[partner];
            double pi = im > 0 ? im : roots.im[partner];
            double b = -2.0 * pr;
            double q = pr * pr + pi * pi;
            // c := c * (x^2 + b x + q)
            for (int j = deg + 2; j >= 1; j--) {
                double v = c[j] + b * c[j - 1];
                if (j >= 2) {
                    v += q * c[j - 2];
                }
                c[j] = v;
            }
            deg += 2;
        }
        return c;
    }

    /**
     * Roots as eigenvalues of the companion matrix, exactly as numpy.roots: leading zeros are dropped,
     * trailing zeros give roots at 0 (appended last), the remaining polynomial p of degree d gets the
     * companion matrix with first row {@code -p[1..d] / p[0]} and ones on the subdiagonal. Complex pairs come
     * out as exact conjugates, positive imaginary part first. A constant or all-zero polynomial has no roots.
     *
     * @throws IllegalArgumentException for non-finite coefficients
     * @throws org.teachingrnns.numeric.linalg.ConvergenceException if the QR algorithm does not converge
     */
    public static ComplexArray roots(double[] coeffsDescending) {
        if (coeffsDescending == null) {
            throw new IllegalArgumentException("coefficients must not be null");
        }
        for (int i = 0; i < coeffsDescending.length; i++) {
            if (!Double.isFinite(coeffsDescending[i])) {
                throw new IllegalArgumentException("coefficient " + i + " is not finite: " + coeffsDescending[i]);
            }
        }
        int first = 0;
        int len = coeffsDescending.length;
        while (first < len && coeffsDescending[first] == 0.0) {
            first++;
        }
        if (first == len) {
            return ComplexArray.zeros(0);
        }
        int last = len - 1;
        while (coeffsDescending[last] == 0.0) {
            last--;
        }
        int trailingZeros = len - 1 - last;
        int d = last - first; // degree after stripping
        ComplexArray nonzero;
        if (d < 1) {
            nonzero = ComplexArray.zeros(0);
        } else {
            double lead = coeffsDescending[first];
            double[] comp = new double[d * d];
            for (int j = 0; j < d; j++) {
                comp[j] = -coeffsDescending[first + 1 + j] / lead;
            }
            for (int i = 1; i < d; i++) {
                comp[i * d + i - 1] = 1.0;
            }
            nonzero = EigenDecomposition.eigenvalues(comp, d);
        }
        double[] re = Arrays.copyOf(nonzero.re, d + trailingZeros);
        double[] im = Arrays.copyOf(nonzero.im, d + trailingZeros);
        return ComplexArray.of(re, im);
    }

    /** p(x) by Horner's rule (numpy.polyval); an empty array is the zero polynomial. */
    public static double evaluate(double[] coeffs, double x) {
        double s = 0.0;
        for (double c : coeffs) {
            s = s * x + c;
        }
        return s;
    }

    /**
     * p(x + iy) by Horner's rule in complex arithmetic, into {@code out[0]} (real) and {@code out[1]}
     * (imaginary); allocation-free.
     */
    public static void evaluate(double[] coeffs, double x, double y, double[] out) {
        double sr = 0.0;
        double si = 0.0;
        for (double c : coeffs) {
            double tr = sr * x - si * y + c;
            si = sr * y + si * x;
            sr = tr;
        }
        out[0] = sr;
        out[1] = si;
    }

    /** p(z_k) for every element of z. */
    public static ComplexArray evaluate(double[] coeffs, ComplexArray z) {
        ComplexArray out = ComplexArray.zeros(z.length());
        double[] tmp = new double[2];
        for (int k = 0; k < z.length(); k++) {
            evaluate(coeffs, z.re[k], z.im[k], tmp);
            out.re[k] = tmp[0];
            out.im[k] = tmp[1];
        }
        return out;
    }

    /** Product of two polynomials (numpy.polymul / convolution). */
    public static double[] multiply(double[] p, double[] q) {
        if (p.length == 0 || q.length == 0) {
            return new double[0];
        }
        double[] r = new double[p.length + q.length - 1];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < q.length; j++) {
                r[i + j] += p[i] * q[j];
            }
        }
        return r;
    }

    /** Derivative (numpy.polyder), descending powers; the derivative of a constant is {@code [0]}. */
    public static double[] derivative(double[] p) {
        if (p.length <= 1) {
            return new double[] {0.0};
        }
        int n = p.length - 1;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = p[i] * (n - i);
        }
        return d;
    }
}
