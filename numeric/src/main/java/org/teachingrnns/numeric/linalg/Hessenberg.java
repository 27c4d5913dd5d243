package org.teachingrnns.numeric.linalg;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Orthogonal reduction to upper Hessenberg form {@code Q^T A Q = H} by Householder reflectors, as LAPACK
 * dgehd2 (the unblocked dgehrd), and the formation of Q, as dorghr/dorg2r.
 *
 * <p>Row-major, 0-based. Only rows/columns {@code lo..hi} are reduced (the block left by
 * {@link Balancing}); reflector i annihilates {@code A(i+2..hi, i)} and is stored below the subdiagonal
 * like LAPACK, with its scalar factor in {@code tau[i]}. Each application of a reflector is a
 * matrix-vector product plus a rank-1 update; from {@link #BLAS_THRESHOLD} on the products go through
 * {@link Blas#get()} so a faster backend speeds them up.
 */
final class Hessenberg {

    /** Reflector length from which dgemv/daxpy are called through Blas rather than written inline. */
    static final int BLAS_THRESHOLD = 48;

    private Hessenberg() {
    }

    /**
     * Reduces {@code a} (row-major n x n) in place. With {@code full} the reflectors are applied to the
     * whole matrix as dgehrd does (rows 0..hi from the right, columns lo+1..n-1 from the left), which a Schur
     * form needs; without it only the diagonal block lo..hi is updated, enough for eigenvalues.
     *
     * @param work length >= 2n
     */
    static void reduce(double[] a, int n, int lo, int hi, boolean full, double[] tau, double[] work) {
        final int rowLo = full ? 0 : lo;
        final int colHi = full ? n - 1 : hi;
        final double[] v = work;       // v[0..len-1], contiguous copy of the reflector
        final int wOff = n;            // w at work[n..]
        for (int i = lo; i <= hi - 2; i++) {
            int len = hi - i;          // reflector acts on rows/columns i+1..hi
            for (int r = 0; r < len; r++) {
                v[r] = a[(i + 1 + r) * n + i];
            }
            double t = Reflector.dlarfg(len, v, 0, 1);
            tau[i] = t;
            a[(i + 1) * n + i] = v[0];     // beta, the new subdiagonal element
            for (int r = 1; r < len; r++) {
                a[(i + 1 + r) * n + i] = v[r];
            }
            if (t == 0.0) {
                continue;
            }
            v[0] = 1.0;
            applyRight(a, n, rowLo, hi, i + 1, len, v, t, work, wOff);
            applyLeft(a, n, i + 1, len, i + 1, colHi, v, t, work, wOff);
        }
    }

    /** A(r0..r1, c0..c0+len-1) := A (I - tau v v^T). */
    static void applyRight(double[] a, int n, int r0, int r1, int c0, int len, double[] v, double tau,
                           double[] work, int wOff) {
        int rows = r1 - r0 + 1;
        if (rows <= 0) {
            return;
        }
        if (len >= BLAS_THRESHOLD) {
            Blas blas = Blas.get();
            blas.dgemv(Transpose.NO, rows, len, 1.0, a, r0 * n + c0, n, v, 0, 1, 0.0, work, wOff, 1);
            for (int r = 0; r < rows; r++) {
                blas.daxpy(len, -tau * work[wOff + r], v, 0, 1, a, (r0 + r) * n + c0, 1);
            }
            return;
        }
        for (int r = r0; r <= r1; r++) {
            int p = r * n + c0;
            double s = 0.0;
            for (int j = 0; j < len; j++) {
                s += a[p + j] * v[j];
            }
            s *= tau;
            for (int j = 0; j < len; j++) {
                a[p + j] -= s * v[j];
            }
        }
    }

    /** A(r0..r0+len-1, c0..c1) := (I - tau v v^T) A. */
    static void applyLeft(double[] a, int n, int r0, int len, int c0, int c1, double[] v, double tau,
                          double[] work, int wOff) {
        int cols = c1 - c0 + 1;
        if (cols <= 0) {
            return;
        }
        if (len >= BLAS_THRESHOLD) {
            Blas blas = Blas.get();
            blas.dgemv(Transpose.YES, len, cols, 1.0, a, r0 * n + c0, n, v, 0, 1, 0.0, work, wOff, 1);
            for (int r = 0; r < len; r++) {
                blas.daxpy(cols, -tau * v[r], work, wOff, 1, a, (r0 + r) * n + c0, 1);
            }
            return;
        }
        for (int c = 0; c < cols; c++) {
            work[wOff + c] = 0.0;
        }
        for (int r = 0; r < len; r++) {
            double vr = v[r];
            int p = (r0 + r) * n + c0;
            for (int c = 0; c < cols; c++) {
                work[wOff + c] += vr * a[p + c];
            }
        }
        for (int r = 0; r < len; r++) {
            double s = tau * v[r];
            int p = (r0 + r) * n + c0;
            for (int c = 0; c < cols; c++) {
                a[p + c] -= s * work[wOff + c];
            }
        }
    }

    /**
     * Forms Q = H(lo) H(lo+1) ... H(hi-2) in {@code q} (row-major n x n) from the reflectors left in
     * {@code a} by {@link #reduce}, accumulating backwards as dorg2r does, then clears them from {@code a}
     * so that it holds exactly H.
     */
    static void formQ(double[] a, int n, int lo, int hi, double[] tau, double[] q, double[] work) {
        java.util.Arrays.fill(q, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            q[i * n + i] = 1.0;
        }
        final double[] v = work;
        final int wOff = n;
        for (int i = hi - 2; i >= lo; i--) {
            double t = tau[i];
            int len = hi - i;
            if (t == 0.0) {
                continue;
            }
            v[0] = 1.0;
            for (int r = 1; r < len; r++) {
                v[r] = a[(i + 1 + r) * n + i];
            }
            // Columns left of i+1 of these rows are still those of the identity (backward accumulation).
            applyLeft(q, n, i + 1, len, i + 1, hi, v, t, work, wOff);
        }
        clearBelowSubdiagonal(a, n, lo, hi);
    }

    /** Zeroes the stored reflectors, A(i+2..hi, i) for i in lo..hi-2. */
    static void clearBelowSubdiagonal(double[] a, int n, int lo, int hi) {
        for (int i = lo; i <= hi - 2; i++) {
            for (int r = i + 2; r <= hi; r++) {
                a[r * n + i] = 0.0;
            }
        }
    }
}
