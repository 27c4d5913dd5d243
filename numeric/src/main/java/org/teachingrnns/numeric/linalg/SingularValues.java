package org.teachingrnns.numeric.linalg;

import java.util.Arrays;

/**
 * Singular values of a real m x n matrix by one-sided Jacobi rotations (Hestenes 1958; the accuracy
 * analysis is Demmel and Veselic, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl.
 * 13, 1992). For {@code m > n} a Householder QR first reduces A to its n x n triangular factor R (same
 * singular values); then pairs of rows are rotated until every pair is orthogonal to working precision,
 * and the singular values are the row norms. Rows rather than columns because storage is row-major.
 *
 * <p>The matrix is first scaled by a power of two so its largest entry is near 1 (exact), which keeps the
 * squared norms from overflowing or underflowing. Sorted in descending order, like LAPACK dgesvd.
 */
public final class SingularValues {

    private SingularValues() {
    }

    /**
     * Singular values of the row-major m x n matrix {@code a} (not modified), descending, length min(m, n).
     *
     * @throws ConvergenceException if the rotations do not converge within 60 sweeps
     */
    public static double[] of(double[] a, int m, int n) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("matrix sizes must be >= 0, got " + m + " x " + n);
        }
        if (a == null || a.length < (long) m * n) {
            throw new IllegalArgumentException("a " + m + " x " + n + " matrix needs " + (long) m * n
                    + " elements, got " + (a == null ? "null" : a.length));
        }
        int k = Math.min(m, n);
        if (k == 0) {
            return new double[0];
        }
        double amax = 0.0;
        for (int p = 0; p < m * n; p++) {
            if (!Double.isFinite(a[p])) {
                throw new IllegalArgumentException("matrix element (" + p / n + ", " + p % n + ") is " + a[p]);
            }
            amax = Math.max(amax, Math.abs(a[p]));
        }
        if (amax == 0.0) {
            return new double[k];
        }
        // Work on a k x len matrix whose rows we orthogonalise: A itself when m <= n, else R of A = QR.
        double[] b;
        int rows;
        int len;
        if (m <= n) {
            b = Arrays.copyOf(a, m * n);
            rows = m;
            len = n;
        } else {
            HouseholderQr qr = new HouseholderQr();
            qr.decompose(a, m, n);
            b = qr.getR();
            rows = n;
            len = n;
        }
        double scale = Math.scalb(1.0, -Math.getExponent(amax));
        for (int p = 0; p < rows * len; p++) {
            b[p] *= scale;
        }
        double[] s = jacobiRowNorms(b, rows, len);
        for (int i = 0; i < s.length; i++) {
            s[i] /= scale;
        }
        return s;
    }

    /** One-sided Jacobi on the rows of b (rows x len); returns the row norms sorted descending. */
    private static double[] jacobiRowNorms(double[] b, int rows, int len) {
        double[] norm2 = OneSidedJacobi.orthogonalize(b, rows, len, null, 0, rows, len);
        double[] s = new double[rows];
        for (int i = 0; i < rows; i++) {
            s[i] = Math.sqrt(norm2[i]);
        }
        Arrays.sort(s);
        for (int i = 0; i < rows / 2; i++) {
            double tmp = s[i];
            s[i] = s[rows - 1 - i];
            s[rows - 1 - i] = tmp;
        }
        return s;
    }

    /** 2-norm condition number sigma_max / sigma_min (infinite when singular; 0 x 0 gives 1). */
    public static double conditionNumber(double[] a, int m, int n) {
        double[] s = of(a, m, n);
        if (s.length == 0) {
            return 1.0;
        }
        return s[s.length - 1] == 0.0 ? Double.POSITIVE_INFINITY : s[0] / s[s.length - 1];
    }

    /** Numerical rank as numpy.linalg.matrix_rank: singular values above max(m, n) * eps * sigma_max. */
    public static int rank(double[] a, int m, int n) {
        double[] s = of(a, m, n);
        if (s.length == 0) {
            return 0;
        }
        return rank(s, Math.max(m, n) * 0x1p-52 * s[0]);
    }

    /** Number of singular values strictly greater than tol. */
    public static int rank(double[] singularValues, double tol) {
        int r = 0;
        for (double v : singularValues) {
            if (v > tol) {
                r++;
            }
        }
        return r;
    }
}
