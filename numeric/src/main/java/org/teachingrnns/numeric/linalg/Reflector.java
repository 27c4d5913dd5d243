package org.teachingrnns.numeric.linalg;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ScalarBlas;
import org.teachingrnns.numeric.Transpose;

/**
 * Elementary Householder reflectors {@code H = I - tau v v^T} with {@code v[0] = 1}, and the small
 * overflow-safe norms the QR codes need. Translated from LAPACK dlarfg and dlapy2.
 */
final class Reflector {

    /** dlamch('S'): the smallest normal double, 2^-1022. */
    static final double SAFMIN = Double.MIN_NORMAL;
    /** dlamch('E'): unit round-off, 2^-53. */
    static final double EPS = 0x1p-53;
    /** dlamch('P') = eps * base, 2^-52: LAPACK's "ulp". */
    static final double ULP = 0x1p-52;

    // Blue's thresholds: squares of values in [TSML, TBIG] neither underflow nor overflow.
    private static final double TSML = 0x1p-500;
    private static final double TBIG = 0x1p+500;

    private Reflector() {
    }

    /** sqrt(a^2 + b^2) without destructive overflow or underflow (dlapy2); fast when no scaling is due. */
    static double hypot(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        double w = Math.max(x, y);
        if (w < TBIG && w > TSML) {
            return Math.sqrt(x * x + y * y);
        }
        return Math.hypot(a, b);
    }

    /** sqrt(a^2 + b^2 + c^2) without destructive overflow or underflow (dlapy3). */
    static double hypot(double a, double b, double c) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        double z = Math.abs(c);
        double w = Math.max(x, Math.max(y, z));
        if (w < TBIG && w > TSML) {
            return Math.sqrt(x * x + y * y + z * z);
        }
        if (w == 0.0 || Double.isInfinite(w)) {
            return w + x + y + z; // 0, inf (NaN propagates through the sum)
        }
        x /= w;
        y /= w;
        z /= w;
        return w * Math.sqrt(x * x + y * y + z * z);
    }

    /** Euclidean norm of x[off], x[off+inc], ... (n terms), scaled only when needed. */
    static double norm2(int n, double[] x, int off, int inc) {
        double sum = 0.0;
        double amax = 0.0;
        for (int i = 0, p = off; i < n; i++, p += inc) {
            double v = x[p];
            sum += v * v;
            amax = Math.max(amax, Math.abs(v));
        }
        if (amax < TBIG && (amax > TSML || amax == 0.0)) {
            return Math.sqrt(sum);
        }
        if (!(amax < Double.POSITIVE_INFINITY)) { // infinity or NaN
            return amax;
        }
        double s = 0.0;
        for (int i = 0, p = off; i < n; i++, p += inc) {
            double v = x[p] / amax;
            s += v * v;
        }
        return amax * Math.sqrt(s);
    }

    /**
     * LAPACK dlarfg on a contiguous vector: given {@code alpha = v[off]} and {@code x = v[off+1 .. off+n-1]},
     * finds {@code tau} and {@code beta} with {@code H^T (alpha; x) = (beta; 0)}, {@code H = I - tau (1; u)(1; u)^T}.
     * On return {@code v[off] = beta} and {@code v[off+1..]} holds u. Returns tau (0 when H = I).
     */
    static double dlarfg(int n, double[] v, int off, int inc) {
        if (n <= 1) {
            return 0.0;
        }
        double alpha = v[off];
        double xnorm = n == 2 ? Math.abs(v[off + inc])
                : n == 3 ? hypot(v[off + inc], v[off + 2 * inc]) : norm2(n - 1, v, off + inc, inc);
        if (xnorm == 0.0) {
            return 0.0;
        }
        double beta = -Math.copySign(hypot(alpha, xnorm), alpha);
        final double safmin = SAFMIN / EPS;
        int knt = 0;
        if (Math.abs(beta) < safmin) {
            // xnorm and beta may be inaccurate: scale x up and recompute them (dlarfg's loop).
            double rsafmn = 1.0 / safmin;
            do {
                knt++;
                for (int i = 1, p = off + inc; i < n; i++, p += inc) {
                    v[p] *= rsafmn;
                }
                beta *= rsafmn;
                alpha *= rsafmn;
            } while (Math.abs(beta) < safmin && knt < 20);
            xnorm = norm2(n - 1, v, off + inc, inc);
            beta = -Math.copySign(hypot(alpha, xnorm), alpha);
        }
        double tau = (beta - alpha) / beta;
        double scal = 1.0 / (alpha - beta);
        for (int i = 1, p = off + inc; i < n; i++, p += inc) {
            v[p] *= scal;
        }
        for (int j = 0; j < knt; j++) {
            beta *= safmin;
        }
        v[off] = beta;
        return tau;
    }

    /**
     * Reflector length from which the matrix-vector product and rank-1 update of applying a reflector
     * are called through the caller's backend (so a faster backend speeds them up) rather than inline.
     */
    static final int BLAS_THRESHOLD = 32;

    /** Row length from which a rank-1 update calls the accelerated backend's daxpy per row. */
    static final int AXPY_THRESHOLD = 16;

    /**
     * The backend to call for long reflectors and blocked updates, or null when {@link Blas#get()} is the
     * scalar reference: its loops (a dot product per element, strided for transposed operands) are slower
     * than the inline row-oriented loops here, so calling it would only cost time.
     */
    static Blas accelerated() {
        return accelerated(Blas.get());
    }

    /** {@code b} when calling it can pay, null (the inline loops) for the scalar reference or null. */
    static Blas accelerated(Blas b) {
        return b instanceof ScalarBlas ? null : b;
    }

    /**
     * The default backend for reflectors on an n x n matrix: {@link #accelerated()} when some reflector can be long
     * enough for a call to pay ({@code n > AXPY_THRESHOLD}; every length and row of the update is below n), else
     * null without asking {@link Blas#get()}, so small matrices never load a backend.
     */
    static Blas acceleratedFor(int n) {
        return n > AXPY_THRESHOLD ? accelerated() : null;
    }

    /**
     * A(r0..r1, c0..c0+len-1) := A (I - tau v v^T). {@code blas} runs the long products, null for the inline
     * loops throughout (see {@link #accelerated(Blas)}).
     */
    static void applyRight(Blas blas, double[] a, int ld, int r0, int r1, int c0, int len, double[] v, double tau,
                           double[] work, int wOff) {
        int rows = r1 - r0 + 1;
        if (rows <= 0) {
            return;
        }
        if (len >= BLAS_THRESHOLD && blas != null) {
            blas.dgemv(Transpose.NO, rows, len, 1.0, a, r0 * ld + c0, ld, v, 0, 1, 0.0, work, wOff, 1);
            for (int r = 0; r < rows; r++) {
                blas.daxpy(len, -tau * work[wOff + r], v, 0, 1, a, (r0 + r) * ld + c0, 1);
            }
            return;
        }
        for (int r = r0; r <= r1; r++) {
            int p = r * ld + c0;
            double s = tau * dot(a, p, v, len);
            for (int j = 0; j < len; j++) {
                a[p + j] -= s * v[j];
            }
        }
    }

    /** A(r0..r0+len-1, c0..c1) := (I - tau v v^T) A; {@code blas} as for {@link #applyRight}. */
    static void applyLeft(Blas blas, double[] a, int ld, int r0, int len, int c0, int c1, double[] v, double tau,
                          double[] work, int wOff) {
        int cols = c1 - c0 + 1;
        if (cols <= 0) {
            return;
        }
        if (blas != null && len >= BLAS_THRESHOLD) {
            blas.dgemv(Transpose.YES, len, cols, 1.0, a, r0 * ld + c0, ld, v, 0, 1, 0.0, work, wOff, 1);
        } else if (blas != null && cols >= AXPY_THRESHOLD) {
            for (int c = 0; c < cols; c++) {
                work[wOff + c] = 0.0;
            }
            for (int r = 0; r < len; r++) {
                blas.daxpy(cols, v[r], a, (r0 + r) * ld + c0, 1, work, wOff, 1);
            }
        } else {
            leftProduct(a, ld, r0, len, c0, cols, v, work, wOff);
        }
        rankOneUpdate(blas, a, ld, r0, len, c0, cols, v, tau, work, wOff);
    }

    /**
     * w = v^T A(r0..r0+len-1, c0..c0+cols-1) into w[wOff..] in inline loops: each element summed over the rows in
     * order from 0, products and sums rounded separately. The one place of this arithmetic, so that HouseholderQr's
     * one-pass loops give the bits of applying reflectors one by one.
     */
    static void leftProduct(double[] a, int ld, int r0, int len, int c0, int cols, double[] v, double[] w, int wOff) {
        for (int c = 0; c < cols; c++) {
            w[wOff + c] = 0.0;
        }
        for (int r = 0; r < len; r++) {
            double vr = v[r];
            int p = (r0 + r) * ld + c0;
            for (int c = 0; c < cols; c++) {
                w[wOff + c] += vr * a[p + c];
            }
        }
    }

    /**
     * One row of a rank-one update in inline loops, {@code a[p + c] -= s * w[wOff + c]} for c < width, and with
     * {@code wn} the next reflector's sum {@code wn[wnOff + c] += vr * a[p + c]} of the updated values in the same
     * pass (HouseholderQr's one-pass loops).
     */
    static void updateRow(double[] a, int p, int width, double s, double[] w, int wOff, double vr, double[] wn,
                          int wnOff) {
        if (wn == null) {
            for (int c = 0; c < width; c++) {
                a[p + c] -= s * w[wOff + c];
            }
            return;
        }
        for (int c = 0; c < width; c++) {
            double x = a[p + c] - s * w[wOff + c];
            a[p + c] = x;
            wn[wnOff + c] += vr * x;
        }
    }

    /** A(r0..r0+len-1, c0..c0+cols-1) -= tau v w^T, w at work[wOff..]; rows are contiguous (C2 vectorises). */
    private static void rankOneUpdate(Blas blas, double[] a, int ld, int r0, int len, int c0, int cols, double[] v,
                                      double tau, double[] work, int wOff) {
        if (cols >= AXPY_THRESHOLD && blas != null) {
            // One daxpy per row: the call costs a few ns, the backend's SIMD loop wins from ~16 elements.
            for (int r = 0; r < len; r++) {
                blas.daxpy(cols, -tau * v[r], work, wOff, 1, a, (r0 + r) * ld + c0, 1);
            }
            return;
        }
        for (int r = 0; r < len; r++) {
            updateRow(a, (r0 + r) * ld + c0, cols, tau * v[r], work, wOff, 0.0, null, 0);
        }
    }


    /**
     * Sum of a[p + j] * v[j] over j < len with four independent accumulators: Java may not reorder a
     * floating-point reduction, so one accumulator would serialise on the add latency.
     */
    static double dot(double[] a, int p, double[] v, int len) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[p + j] * v[j];
            s1 += a[p + j + 1] * v[j + 1];
            s2 += a[p + j + 2] * v[j + 2];
            s3 += a[p + j + 3] * v[j + 3];
        }
        for (; j < len; j++) {
            s0 += a[p + j] * v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * A reflector of order 3, {@code I - t1 (1, v2, v3)^T (1, v2, v3)}, from the left on three rows {@code p, p + ld,
     * p + 2 ld} over {@code count} contiguous columns: the bulge-chasing update of dlahqr and dlaqr5 (and, on the
     * stored transposes, of Z and U), written once. Each column: {@code sum = x0 + v2 x1 + v3 x2}, then
     * {@code x_i -= sum * t_i} with {@code t2 = t1 v2, t3 = t1 v3}, in this order (the bits of LAPACK's loops).
     */
    static void rows3(double[] a, int p, int ld, int count, double t1, double v2, double v3) {
        final double t2 = t1 * v2;
        final double t3 = t1 * v3;
        final int r1 = p + ld;
        final int r2 = r1 + ld;
        for (int j = 0; j < count; j++) {
            double sum = a[p + j] + v2 * a[r1 + j] + v3 * a[r2 + j];
            a[p + j] -= sum * t1;
            a[r1 + j] -= sum * t2;
            a[r2 + j] -= sum * t3;
        }
    }

    /** {@link #rows3} from the right: three adjacent columns {@code p, p + 1, p + 2} over {@code count} rows {@code ld} apart. */
    static void cols3(double[] a, int p, int ld, int count, double t1, double v2, double v3) {
        final double t2 = t1 * v2;
        final double t3 = t1 * v3;
        for (int r = 0, q = p; r < count; r++, q += ld) {
            double sum = a[q] + v2 * a[q + 1] + v3 * a[q + 2];
            a[q] -= sum * t1;
            a[q + 1] -= sum * t2;
            a[q + 2] -= sum * t3;
        }
    }

    /** {@link #rows3} for a reflector of order 2, {@code I - t1 (1, v2)^T (1, v2)}: rows {@code p, p + ld}. */
    static void rows2(double[] a, int p, int ld, int count, double t1, double v2) {
        final double t2 = t1 * v2;
        final int r1 = p + ld;
        for (int j = 0; j < count; j++) {
            double sum = a[p + j] + v2 * a[r1 + j];
            a[p + j] -= sum * t1;
            a[r1 + j] -= sum * t2;
        }
    }

    /** {@link #cols3} for a reflector of order 2: columns {@code p, p + 1}. */
    static void cols2(double[] a, int p, int ld, int count, double t1, double v2) {
        final double t2 = t1 * v2;
        for (int r = 0, q = p; r < count; r++, q += ld) {
            double sum = a[q] + v2 * a[q + 1];
            a[q] -= sum * t1;
            a[q + 1] -= sum * t2;
        }
    }
}
