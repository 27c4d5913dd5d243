package org.teachingrnns.numeric.linalg;

import java.util.Arrays;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * QR factorisation {@code A = Q R} of a real m x n row-major matrix by Householder reflectors, as LAPACK
 * dgeqr2 (the unblocked dgeqrf), with Q formed as dorg2r.
 *
 * <p><b>Sign convention.</b> By default the signs are LAPACK's: reflector i maps column i's pivot
 * {@code alpha = A(i,i)} (after the previous steps) to {@code beta = -sign(alpha) ||A(i:m, i)||} (dlarfg), so
 * {@code R(i,i)} has the opposite sign of that pivot, and {@code tau = 0, R(i,i) = alpha} when the column
 * below the pivot is already zero. This is what numpy.linalg.qr returns. With {@code positiveDiagonal}
 * each row of R whose diagonal is negative is negated together with the matching column of Q, giving the
 * unique factorisation with {@code diag(R) >= 0} for full-rank A (what a QR-based Lyapunov spectrum needs:
 * {@code log R(i,i)} are the local expansion rates).
 *
 * <p>Reusable: {@link #decompose} keeps its storage, grown on demand; {@link #getQ(double[])} and
 * {@link #getR(double[])} write into caller arrays without allocating. Reflector applications go through
 * {@link org.teachingrnns.numeric.Blas#get()} for long reflectors.
 */
public final class HouseholderQr {

    private final boolean positiveDiagonal;
    private int m;
    private int n;
    private double[] qr = new double[0];
    private double[] tau = new double[0];
    private double[] work = new double[0];
    private double[] sign = new double[0];
    private boolean decomposed;

    /** LAPACK's sign convention (diag(R) may be negative). */
    public HouseholderQr() {
        this(false);
    }

    /** @param positiveDiagonal make diag(R) >= 0 by flipping signs of rows of R and columns of Q */
    public HouseholderQr(boolean positiveDiagonal) {
        this(positiveDiagonal, Reflector.accelerated());
    }

    /**
     * @param positiveDiagonal make diag(R) >= 0
     * @param blas             backend for the blocked updates of matrices at least {@link #NX} wide; null
     *                         for the unblocked algorithm and inline reflector loops throughout (no backend
     *                         is touched). Long reflectors are applied through it too, unless it is the
     *                         scalar reference. The default is {@link Blas#get()}
     *                         unless that is the scalar reference, whose naive GEMM would be slower.
     */
    public HouseholderQr(boolean positiveDiagonal, Blas blas) {
        this(positiveDiagonal, blas, Reflector.accelerated(blas), NX);
    }

    private HouseholderQr(boolean positiveDiagonal, Blas blas, Blas reflectors, int nx) {
        this.positiveDiagonal = positiveDiagonal;
        this.blas = blas;
        this.reflectors = reflectors;
        this.nx = nx;
    }

    /**
     * The blocked algorithm with only its three matrix products per block on {@code products}, every single reflector
     * in the inline loops, and blocks wherever a panel of {@link #NB} columns leaves columns to its right (not only
     * from {@link #NX} columns, LAPACK's crossover for its own BLAS). When {@code products} rounds each element of a
     * product in an order that does not depend on the machine (as the Lyapunov spectrum's frame GEMM does, in scalar
     * and in vector form alike), the factors are the same on every backend while the trailing updates run as matrix
     * products. At 256 x 256, QR with Q took 3.1-3.4 ms with Vector API products against 7.7-8.4 ms reflector by
     * reflector (and 9.7-10.9 with plain-loop products, whose row loops C2 vectorises less well).
     *
     * @param products backend of the blocked updates' dgemm calls (it is asked for nothing else)
     */
    public static HouseholderQr blockedWithInlineReflectors(boolean positiveDiagonal, Blas products) {
        if (products == null) {
            throw new IllegalArgumentException("products must not be null");
        }
        return new HouseholderQr(positiveDiagonal, products, null, NB);
    }

    /** Blocked while more than this many columns are left (the last ones unblocked). */
    private final int nx;

    /** Backend of the blocked updates (null: unblocked throughout). */
    private final Blas blas;
    /** Backend of single reflectors' long products, null for the inline loops. */
    private final Blas reflectors;

    /** Factorises the row-major m x n matrix {@code a} (not modified). Always succeeds for finite input. */
    public boolean decompose(double[] a, int m, int n) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("matrix sizes must be >= 0, got " + m + " x " + n);
        }
        if (a == null) {
            throw new IllegalArgumentException("matrix must not be null");
        }
        long mn = (long) m * n;
        if (mn > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix " + m + " x " + n + " is too large for a Java array");
        }
        if (a.length < mn) {
            throw new IllegalArgumentException("a " + m + " x " + n + " matrix needs " + mn
                    + " elements but the array has " + a.length);
        }
        for (int p = 0; p < mn; p++) {
            if (!Double.isFinite(a[p])) {
                throw new IllegalArgumentException("matrix element (" + p / n + ", " + p % n + ") is " + a[p]);
            }
        }
        this.m = m;
        this.n = n;
        int k = Math.min(m, n);
        if (qr.length < mn) {
            qr = new double[(int) mn];
        }
        if (tau.length < k) {
            tau = new double[k];
            sign = new double[k];
        }
        if (work.length < m + Math.max(m, n)) {
            work = new double[m + Math.max(m, n)];
        }
        System.arraycopy(a, 0, qr, 0, (int) mn);
        factor();
        decomposed = true;
        return true;
    }

    /**
     * dgeqrf: panels of {@link #NB} columns factored by dgeqr2, each followed by a blocked update of the
     * trailing columns (dlarft + dlarfb, three matrix products) when an accelerated backend is there and
     * the matrix is at least {@link #NX} wide ({@link #NB} for {@link #blockedWithInlineReflectors}); otherwise,
     * and for the last columns, plain dgeqr2.
     */
    private void factor() {
        final int k = Math.min(m, n);
        int i = 0;
        if (blas != null && k >= nx) {
            ensureBlockStorage();
            for (; i < k - nx; i += NB) {
                int ib = Math.min(k - i, NB);
                unblocked(i, i + ib, i + ib - 1);
                if (i + ib < n) {
                    packV(i, ib);
                    formT(blas, i, ib);
                    applyBlock(blas, true, qr, n, i, m - i, i + ib, n - i - ib, ib);
                }
            }
        }
        unblocked(i, k, n - 1);
    }

    /** dgeqr2 on columns from..to-1, each reflector applied to the columns up to lastCol. */
    private void unblocked(int from, int to, int lastCol) {
        if (reflectors == null) {
            unblockedFused(from, to, lastCol);
            return;
        }
        final double[] v = work;
        for (int i = from; i < to; i++) {
            reflector(i, v);
            double t = tau[i];
            if (t != 0.0 && i + 1 <= lastCol) {
                Reflector.applyLeft(reflectors, qr, n, i, m - i, i + 1, lastCol, v, t, work, m);
            }
        }
    }

    /**
     * dgeqr2 in inline loops with one pass over the trailing matrix per reflector instead of two: row r is updated
     * by reflector i and at once added into reflector i+1's {@code w = v^T A} (reflector i+1 is formed first from
     * column i+1, updated alone). Each element receives the same operations in the same order as reflector by
     * reflector (w summed over the rows in order, each update rounded as before), so the factors have the same
     * bits; at 256 x 256 the factorisation took 5.5 ms instead of 7.3 (the Lyapunov spectrum's QR, once per step).
     */
    private void unblockedFused(int from, int to, int lastCol) {
        if (from >= to) {
            return;
        }
        ensureFusedStorage();
        double[] v = fusedV;
        double[] vn = fusedVNext;
        double[] w = fusedW;
        double[] wn = fusedWNext;
        reflector(from, v);
        if (tau[from] != 0.0 && from + 1 <= lastCol) {
            Reflector.leftProduct(qr, n, from, m - from, from + 1, lastCol - from, v, w, 0);
        }
        for (int i = from; i < to; i++) {
            double t = tau[i];
            int len = m - i;
            int c0 = i + 1;
            boolean next = i + 1 < to;
            if (t == 0.0 || c0 > lastCol) {
                // Reflector i is the identity or has no columns to act on; the next one as usual.
                if (next) {
                    reflector(i + 1, v);
                    if (tau[i + 1] != 0.0 && i + 2 <= lastCol) {
                        Reflector.leftProduct(qr, n, i + 1, m - i - 1, i + 2, lastCol - i - 1, v, w, 0);
                    }
                }
                continue;
            }
            int cols = lastCol - i;
            if (!next) {
                for (int r = 0; r < len; r++) {
                    Reflector.updateRow(qr, (i + r) * n + c0, cols, t * v[r], w, 0, 0.0, null, 0);
                }
                return;
            }
            // Column i+1 by reflector i, then reflector i+1 from it.
            for (int r = 0; r < len; r++) {
                qr[(i + r) * n + c0] -= t * v[r] * w[0];
            }
            reflector(i + 1, vn);
            boolean applyNext = tau[i + 1] != 0.0 && i + 2 <= lastCol;
            int cols2 = cols - 1;
            if (applyNext) {
                Arrays.fill(wn, 0, cols2, 0.0);
            }
            // Columns i+2..lastCol: row i by reflector i alone, rows below also into reflector i+1's w.
            Reflector.updateRow(qr, i * n + c0 + 1, cols2, t * v[0], w, 1, 0.0, null, 0);
            for (int r = 1; r < len; r++) {
                Reflector.updateRow(qr, (i + r) * n + c0 + 1, cols2, t * v[r], w, 1, vn[r - 1], applyNext ? wn : null,
                        0);
            }
            double[] swap = v;
            v = vn;
            vn = swap;
            swap = w;
            w = wn;
            wn = swap;
        }
    }

    /** Reflector i from column i (rows i..m-1) into v (v[0] = 1), tau[i] and sign[i] set, the column stored. */
    private void reflector(int i, double[] v) {
        int len = m - i;
        for (int r = 0; r < len; r++) {
            v[r] = qr[(i + r) * n + i];
        }
        double t = Reflector.dlarfg(len, v, 0, 1);
        tau[i] = t;
        for (int r = 0; r < len; r++) {
            qr[(i + r) * n + i] = v[r];
        }
        sign[i] = positiveDiagonal && v[0] < 0.0 ? -1.0 : 1.0;
        v[0] = 1.0;
    }

    /**
     * dorg2r's reflectors k-1 down to kb in inline loops, one pass per reflector as {@link #unblockedFused}: row r
     * is updated by reflector i and at once added into reflector i-1's {@code w}, whose row i-1 (which reflector i
     * does not touch) comes first, as in the sum over rows in order; the same bits as reflector by reflector.
     */
    private void formQFused(double[] q, int cols, int k, int kb) {
        ensureFusedStorage();
        double[] v = fusedV;
        double[] vn = fusedVNext;
        double[] w = fusedW;
        double[] wn = fusedWNext;
        boolean haveW = false;   // w holds reflector i's v^T Q (computed in the previous pass)
        for (int i = k - 1; i >= kb; i--) {
            double t = tau[i];
            if (t == 0.0) {
                haveW = false;
                continue;
            }
            int len = m - i;
            int width = cols - i;
            if (!haveW) {
                storedReflector(i, v);
                Reflector.leftProduct(q, cols, i, len, i, width, v, w, 0);
            }
            if (i - 1 < kb || tau[i - 1] == 0.0) {
                for (int r = 0; r < len; r++) {
                    Reflector.updateRow(q, (i + r) * cols + i, width, t * v[r], w, 0, 0.0, null, 0);
                }
                haveW = false;
                continue;
            }
            // Reflector i-1's w over columns i-1..cols-1: its row i-1 first, then the rows reflector i updates.
            storedReflector(i - 1, vn);
            int width2 = width + 1;
            int top = (i - 1) * cols + i - 1;
            for (int c = 0; c < width2; c++) {
                wn[c] = 0.0;
                wn[c] += vn[0] * q[top + c];
            }
            for (int r = 0; r < len; r++) {
                double vr = vn[r + 1];
                int p = (i + r) * cols + i;
                wn[0] += vr * q[p - 1];   // column i-1, which reflector i does not touch
                Reflector.updateRow(q, p, width, t * v[r], w, 0, vr, wn, 1);
            }
            double[] swap = v;
            v = vn;
            vn = swap;
            swap = w;
            w = wn;
            wn = swap;
            haveW = true;
        }
    }

    /** Reflector i as stored by the factorisation, v[0] = 1 and the rest from column i below the diagonal. */
    private void storedReflector(int i, double[] v) {
        v[0] = 1.0;
        for (int r = 1; r < m - i; r++) {
            v[r] = qr[(i + r) * n + i];
        }
    }

    private double[] fusedV = new double[0];
    private double[] fusedVNext = new double[0];
    private double[] fusedW = new double[0];
    private double[] fusedWNext = new double[0];

    private void ensureFusedStorage() {
        if (fusedV.length < m) {
            fusedV = new double[m];
            fusedVNext = new double[m];
        }
        if (fusedW.length < Math.max(m, n) + 1) {
            fusedW = new double[Math.max(m, n) + 1];
            fusedWNext = new double[Math.max(m, n) + 1];
        }
    }

    // LAPACK's ilaenv choices for dgeqrf/dorgqr: block size 32, unblocked below 128 columns.
    static final int NB = 32;
    static final int NX = 128;

    private double[] vPack = new double[0];
    private double[] tMat = new double[0];
    private double[] gram = new double[0];
    private double[] w1 = new double[0];
    private double[] w2 = new double[0];

    private void ensureBlockStorage() {
        int width = Math.max(m, n);
        if (vPack.length < m * NB) {
            vPack = new double[m * NB];
        }
        if (tMat.length < NB * NB) {
            tMat = new double[NB * NB];
            gram = new double[NB * NB];
        }
        if (w1.length < NB * width) {
            w1 = new double[NB * width];
            w2 = new double[NB * width];
        }
    }

    /** Copies the reflectors of columns i..i+ib-1 into V ((m-i) x ib, unit lower trapezoidal, explicit). */
    private void packV(int i, int ib) {
        int rows = m - i;
        for (int r = 0; r < rows; r++) {
            int src = (i + r) * n + i;
            int dst = r * ib;
            for (int c = 0; c < ib; c++) {
                vPack[dst + c] = c < r ? qr[src + c] : (c == r ? 1.0 : 0.0);
            }
        }
    }

    /**
     * dlarft (forward, columnwise): the upper triangular T with H(i) ... H(i+ib-1) = I - V T V^T, from
     * the Gram matrix V^T V: T(0:j, j) = -tau_j T(0:j, 0:j) (V^T v_j)(0:j).
     */
    private void formT(Blas blas, int i, int ib) {
        int rows = m - i;
        blas.dgemm(Transpose.YES, Transpose.NO, ib, ib, rows, 1.0, vPack, 0, ib, vPack, 0, ib, 0.0, gram, 0, ib);
        for (int j = 0; j < ib; j++) {
            double tj = tau[i + j];
            for (int p = 0; p < j; p++) {
                double s = 0.0;
                for (int q = p; q < j; q++) {
                    s += tMat[p * ib + q] * gram[q * ib + j];
                }
                tMat[p * ib + j] = -tj * s;
            }
            tMat[j * ib + j] = tj;
            for (int p = j + 1; p < ib; p++) {
                tMat[p * ib + j] = 0.0;
            }
        }
    }

    /**
     * dlarfb from the left on C = c(r0.., c0..) (rows x cols, leading dimension ld): with H = I - V T V^T,
     * C := H^T C when {@code transpose} (factorisation), else C := H C (forming Q).
     * W1 = V^T C; W2 = op(T) W1; C -= V W2.
     */
    private void applyBlock(Blas blas, boolean transpose, double[] c, int ld, int r0, int rows, int c0, int cols,
                            int ib) {
        int off = r0 * ld + c0;
        blas.dgemm(Transpose.YES, Transpose.NO, ib, cols, rows, 1.0, vPack, 0, ib, c, off, ld, 0.0, w1, 0, cols);
        blas.dgemm(transpose ? Transpose.YES : Transpose.NO, Transpose.NO, ib, cols, ib, 1.0, tMat, 0, ib,
                w1, 0, cols, 0.0, w2, 0, cols);
        blas.dgemm(Transpose.NO, Transpose.NO, rows, cols, ib, -1.0, vPack, 0, ib, w2, 0, cols, 1.0, c, off, ld);
    }

    private void requireDecomposed() {
        if (!decomposed) {
            throw new IllegalStateException("decompose() has not been called");
        }
    }

    public int rows() {
        return m;
    }

    public int cols() {
        return n;
    }

    /** R, min(m, n) x n upper triangular (row-major, a new array). */
    public double[] getR() {
        requireDecomposed();
        double[] r = new double[Math.min(m, n) * n];
        getR(r);
        return r;
    }

    /** Writes R (min(m, n) x n, row-major, zeros below the diagonal) into {@code r}. */
    public void getR(double[] r) {
        requireDecomposed();
        int k = Math.min(m, n);
        checkOut(r, (long) k * n, "R");
        for (int i = 0; i < k; i++) {
            double s = sign[i];
            for (int j = 0; j < i; j++) {
                r[i * n + j] = 0.0;
            }
            for (int j = i; j < n; j++) {
                r[i * n + j] = s * qr[i * n + j];
            }
        }
    }

    /** The diagonal of R (length min(m, n)) into {@code d}. */
    public void getRDiagonal(double[] d) {
        requireDecomposed();
        int k = Math.min(m, n);
        checkOut(d, k, "diag(R)");
        for (int i = 0; i < k; i++) {
            d[i] = sign[i] * qr[i * n + i];
        }
    }

    /** The thin Q, m x min(m, n) with orthonormal columns (a new array). */
    public double[] getQ() {
        requireDecomposed();
        double[] q = new double[m * Math.min(m, n)];
        getQ(q);
        return q;
    }

    /** Writes the thin Q (m x min(m, n), row-major) into {@code q}. */
    public void getQ(double[] q) {
        requireDecomposed();
        formQ(q, Math.min(m, n));
    }

    /** The full square Q, m x m (a new array). */
    public double[] getFullQ() {
        requireDecomposed();
        double[] q = new double[m * m];
        formQ(q, m);
        return q;
    }

    /**
     * dorgqr/dorg2r: Q(:, 0..cols-1) = H(0) H(1) ... H(k-1) I(:, 0..cols-1), accumulated backwards; blocks of
     * {@link #NB} reflectors are applied with three matrix products where {@link #factor} blocked them.
     */
    private void formQ(double[] q, int cols) {
        int k = Math.min(m, n);
        checkOut(q, (long) m * cols, "Q");
        Arrays.fill(q, 0, m * cols, 0.0);
        for (int i = 0; i < Math.min(m, cols); i++) {
            q[i * cols + i] = 1.0;
        }
        // The first kb reflectors were blocked by factor() (same rule), the rest were not.
        int kb = 0;
        if (blas != null && k >= nx) {
            while (kb < k - nx) {
                kb += NB;
            }
        }
        if (reflectors == null) {
            formQFused(q, cols, k, kb);
        } else {
            final double[] v = work;
            for (int i = k - 1; i >= kb; i--) {
                double t = tau[i];
                if (t == 0.0) {
                    continue;
                }
                storedReflector(i, v);
                // Columns left of i in rows i..m-1 are still those of the identity (zero).
                Reflector.applyLeft(reflectors, q, cols, i, m - i, i, cols - 1, v, t, work, m);
            }
        }
        if (kb > 0) {
            ensureBlockStorage();
            for (int i = kb - NB; i >= 0; i -= NB) {
                int ib = Math.min(k - i, NB);
                packV(i, ib);
                formT(blas, i, ib);
                applyBlock(blas, false, q, cols, i, m - i, i, cols - i, ib);
            }
        }
        if (positiveDiagonal) {
            for (int j = 0; j < k; j++) {
                if (sign[j] < 0.0) {
                    for (int i = 0; i < m; i++) {
                        q[i * cols + j] = -q[i * cols + j];
                    }
                }
            }
        }
    }

    /** Overwrites the m-vector {@code b} with {@code Q^T b} (applies the reflectors, no Q formed). */
    public void applyQTranspose(double[] b) {
        requireDecomposed();
        checkOut(b, m, "b");
        int k = Math.min(m, n);
        for (int i = 0; i < k; i++) {
            double t = tau[i];
            if (t != 0.0) {
                double s = b[i];
                for (int r = i + 1; r < m; r++) {
                    s += qr[r * n + i] * b[r];
                }
                s *= t;
                b[i] -= s;
                for (int r = i + 1; r < m; r++) {
                    b[r] -= s * qr[r * n + i];
                }
            }
            b[i] *= sign[i];
        }
    }

    /**
     * Least-squares solution of {@code min ||A x - b||} for m >= n and full column rank (x = R^-1 Q^T b).
     *
     * @throws IllegalArgumentException when m < n or R is exactly singular
     */
    public double[] solve(double[] b) {
        requireDecomposed();
        if (m < n) {
            throw new IllegalArgumentException("least squares needs rows >= cols, got " + m + " x " + n);
        }
        if (b == null || b.length != m) {
            throw new IllegalArgumentException("b must have length " + m);
        }
        double[] y = b.clone();
        applyQTranspose(y);
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int j = i + 1; j < n; j++) {
                s -= sign[i] * qr[i * n + j] * x[j];
            }
            double d = sign[i] * qr[i * n + i];
            if (d == 0.0) {
                throw new IllegalArgumentException("R is singular: R(" + i + ", " + i + ") = 0");
            }
            x[i] = s / d;
        }
        return x;
    }

    private static void checkOut(double[] out, long needed, String what) {
        if (out == null || out.length < needed) {
            throw new IllegalArgumentException(what + " needs an array of at least " + needed + " elements, got "
                    + (out == null ? "null" : out.length));
        }
    }
}
