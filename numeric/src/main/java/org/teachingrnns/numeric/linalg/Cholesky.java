package org.teachingrnns.numeric.linalg;

/**
 * Cholesky factorisation {@code A = L L^T} of a symmetric positive definite n x n row-major matrix, as LAPACK
 * dpotf2 (the unblocked dpotrf, lower triangle), and the solve of {@code A x = b} by the two triangular systems
 * (dpotrs). Only the lower triangle of A is read.
 *
 * <p>It serves least squares by the normal equations where the Gram matrix is cheap to form and well conditioned
 * (the FIR estimate of the identifiability baseline): {@link #conditionLowerBound} says when it is not, so the
 * caller can fall back to {@link HouseholderQr}.
 */
public final class Cholesky {

    private final int n;
    private final double[] l;

    private Cholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /**
     * Factorises the lower triangle of {@code a} (row-major n x n, not modified).
     *
     * @return the factorisation, or null when A is not numerically positive definite (a pivot {@code <= 0} or
     *         not finite, as dpotf2's INFO > 0)
     */
    public static Cholesky factor(double[] a, int n) {
        if (n < 0 || a == null || a.length < (long) n * n) {
            throw new IllegalArgumentException("a must hold n x n = " + (long) n * n + " elements, n >= 0");
        }
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double d = a[rj + j];
            for (int k = 0; k < j; k++) {
                d -= l[rj + k] * l[rj + k];
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                return null;
            }
            double ljj = Math.sqrt(d);
            l[rj + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= l[ri + k] * l[rj + k];
                }
                l[ri + j] = s / ljj;
            }
        }
        return new Cholesky(n, l);
    }

    /** The order n. */
    public int size() {
        return n;
    }

    /** L(i, j) for j <= i (zero above the diagonal). */
    public double l(int i, int j) {
        return j > i ? 0.0 : l[i * n + j];
    }

    /**
     * {@code (max L_ii / min L_ii)^2}, a lower bound on the 2-norm condition number of A (the diagonal of L holds
     * the square roots of the pivots; for any SPD A, {@code cond(A) >= max_i L_ii^2 / min_i L_ii^2}). Cheap and
     * one-sided: a large value proves A ill-conditioned, a small one does not prove it well conditioned.
     */
    public double conditionLowerBound() {
        if (n == 0) {
            return 1.0;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0.0;
        for (int i = 0; i < n; i++) {
            double d = l[i * n + i];
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        double r = hi / lo;
        return r * r;
    }

    /** x with {@code A x = b}: forward substitution with L, then back substitution with L^T (dpotrs). */
    public double[] solve(double[] b) {
        if (b == null || b.length != n) {
            throw new IllegalArgumentException("b must have " + n + " elements");
        }
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double s = x[i];
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * x[k];
            }
            x[i] = s / l[ri + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * x[k];
            }
            x[i] = s / l[i * n + i];
        }
        return x;
    }
}
