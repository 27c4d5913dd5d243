package org.teachingrnns.numeric.linalg;

import java.util.Arrays;

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
        this.positiveDiagonal = positiveDiagonal;
    }

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

    /** dgeqr2 on the internal copy. */
    private void factor() {
        final int k = Math.min(m, n);
        final double[] v = work;
        for (int i = 0; i < k; i++) {
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
            if (t != 0.0 && i + 1 < n) {
                v[0] = 1.0;
                Reflector.applyLeft(qr, n, i, len, i + 1, n - 1, v, t, work, m);
            }
        }
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

    /** dorg2r: Q(:, 0..cols-1) = H(0) H(1) ... H(k-1) I(:, 0..cols-1), accumulated backwards. */
    private void formQ(double[] q, int cols) {
        int k = Math.min(m, n);
        checkOut(q, (long) m * cols, "Q");
        Arrays.fill(q, 0, m * cols, 0.0);
        for (int i = 0; i < Math.min(m, cols); i++) {
            q[i * cols + i] = 1.0;
        }
        final double[] v = work;
        for (int i = k - 1; i >= 0; i--) {
            double t = tau[i];
            if (t == 0.0) {
                continue;
            }
            int len = m - i;
            v[0] = 1.0;
            for (int r = 1; r < len; r++) {
                v[r] = qr[(i + r) * n + i];
            }
            // Columns left of i in rows i..m-1 are still those of the identity (zero).
            Reflector.applyLeft(q, cols, i, len, i, cols - 1, v, t, work, m);
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
