package org.teachingrnns.numeric.linalg;

/**
 * Orthogonal reduction to upper Hessenberg form {@code Q^T A Q = H} by Householder reflectors, as LAPACK
 * dgehd2 (the unblocked dgehrd), and the formation of Q, as dorghr/dorg2r.
 *
 * <p>Row-major, 0-based. Only rows/columns {@code lo..hi} are reduced (the block left by
 * {@link Balancing}); reflector i annihilates {@code A(i+2..hi, i)} and is stored below the subdiagonal
 * like LAPACK, with its scalar factor in {@code tau[i]}. Each application of a reflector is a
 * matrix-vector product plus a rank-1 update ({@link Reflector#applyLeft}, {@link Reflector#applyRight}).
 */
final class Hessenberg {

    private Hessenberg() {
    }

    /**
     * Reduces {@code a} (row-major n x n) in place. With {@code full} the reflectors are applied to the
     * whole matrix as dgehrd does (rows 0..hi from the right, columns lo+1..n-1 from the left), which a Schur
     * form needs; without it only the diagonal block lo..hi is updated, enough for eigenvalues.
     *
     * @param blas backend for long reflectors, null for the inline loops ({@link Reflector#accelerated(org.teachingrnns.numeric.Blas)})
     * @param work length >= 2n
     */
    static void reduce(org.teachingrnns.numeric.Blas blas, double[] a, int n, int lo, int hi, boolean full, double[] tau, double[] work) {
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
            Reflector.applyRight(blas, a, n, rowLo, hi, i + 1, len, v, t, work, wOff);
            Reflector.applyLeft(blas, a, n, i + 1, len, i + 1, colHi, v, t, work, wOff);
        }
    }

    /**
     * Forms Q = H(lo) H(lo+1) ... H(hi-2) in {@code q} (row-major n x n) from the reflectors left in
     * {@code a} by {@link #reduce}, accumulating backwards as dorg2r does, then clears them from {@code a}
     * so that it holds exactly H. {@code blas} as for {@link #reduce}.
     */
    static void formQ(org.teachingrnns.numeric.Blas blas, double[] a, int n, int lo, int hi, double[] tau, double[] q, double[] work) {
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
            Reflector.applyLeft(blas, q, n, i + 1, len, i + 1, hi, v, t, work, wOff);
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
