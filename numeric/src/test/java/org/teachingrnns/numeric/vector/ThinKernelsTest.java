package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.teachingrnns.numeric.Transpose;

/**
 * The direct path's thin kernels (GenerateVectorKernels.thinKernels) at every width: {@code narrowK<k>} for n <= L
 * and {@code fewRows<rows>k<k>} for m < 8 and n >= L, both for beta == 0 and k <= 8, with their neighbours k = 9
 * and m = 8 (the general path) and beta != 0 (the general path) on the same shapes. Every k from 1 to 9; every n
 * from 1 to L + 1 and a few wider ones, so the shifted last vector covers every overlap; m from 1 to 8 and 13, 80;
 * all four transposes; leading dimensions larger than the rows, nonzero offsets, alpha 1 and -2. Entries are small
 * integers, so every summation order gives the exact product and a wrong lane, a skipped or doubled column or row,
 * or a write outside C (whose padding holds NaN) shows exactly. {@code narrowDenseK<k>} (A and C dense, lda = k and
 * ldc = n) has its own test over every n up to L, with NaN after C, and a bit-for-bit comparison with narrowK.
 */
class ThinKernelsTest {

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {128, 256, 512})
    void narrowAndFewRowsProductsAreExact(int bits) {
        if (bits > VectorBlas.preferredBits()) {
            return;
        }
        VectorBlas v = new VectorBlas(bits, 1);
        SplittableRandom rnd = new SplittableRandom(12 + bits);
        for (boolean dbl : new boolean[] {true, false}) {
            int lanes = bits / (dbl ? 64 : 32);
            int[] ns = {1, 2, lanes - 1, lanes, lanes + 1, 2 * lanes + 3, 80};
            for (int k = 1; k <= 9; k++) {
                for (int n : ns) {
                    if (n < 1) {
                        continue;
                    }
                    for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 13, 80}) {
                        check(v, rnd, dbl, m, n, k);
                    }
                }
            }
        }
    }

    /**
     * narrowDenseK (A's rows k apart, C's rows n apart, n <= L, beta == 0), whose full-vector stores spill into the next
     * rows: every n up to L (n = L + 1 and the transposes and beta != 0 take other kernels), every k, m from 1 (a
     * single, masked row) past the first full row, C at the end of its array and with NaN after it (a full store
     * running past C would show), offsets, alpha 1 and -2.
     */
    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {128, 256, 512})
    void denseNarrowProductsAreExact(int bits) {
        if (bits > VectorBlas.preferredBits()) {
            return;
        }
        VectorBlas v = new VectorBlas(bits, 1);
        SplittableRandom rnd = new SplittableRandom(34 + bits);
        for (boolean dbl : new boolean[] {true, false}) {
            int lanes = bits / (dbl ? 64 : 32);
            for (int k = 1; k <= 9; k++) {
                for (int n = 1; n <= lanes + 1; n++) {
                    for (int m : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 80}) {
                        for (Transpose ta : Transpose.values()) {
                            for (Transpose tb : Transpose.values()) {
                                for (double alpha : new double[] {1, -2}) {
                                    for (double beta : new double[] {0, 0.5}) {
                                        for (int tail : new int[] {0, lanes}) {
                                            checkOne(v, rnd, dbl, ta, tb, m, n, k, alpha, beta, 0, tail);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * narrowDenseK and narrowK do the same operations in the same order: the dense layout and a padded one (lda = k + 1,
     * ldc = n + 1, which narrowK takes) give the same bits on random non-integer entries, where a different summation
     * order would change the last bits.
     */
    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {128, 256, 512})
    void denseAndPaddedLayoutsGiveTheSameBits(int bits) {
        if (bits > VectorBlas.preferredBits()) {
            return;
        }
        VectorBlas v = new VectorBlas(bits, 1);
        SplittableRandom rnd = new SplittableRandom(56 + bits);
        int lanes = bits / 64;
        for (int k = 1; k <= 8; k++) {
            for (int n = 1; n <= lanes; n++) {
                for (int m : new int[] {1, 3, 8, 80}) {
                    for (double alpha : new double[] {1, 0.3}) {
                        double[] a = new double[m * (k + 1)], b = new double[k * n];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = rnd.nextDouble(-1, 1);
                        }
                        for (int i = 0; i < b.length; i++) {
                            b[i] = rnd.nextDouble(-1, 1);
                        }
                        double[] dense = new double[m * n], padded = new double[m * (n + 1)];
                        // The dense A is the padded one's first k columns.
                        double[] aDense = new double[m * k];
                        for (int i = 0; i < m; i++) {
                            System.arraycopy(a, i * (k + 1), aDense, i * k, k);
                        }
                        v.dgemm(Transpose.NO, Transpose.NO, m, n, k, alpha, aDense, 0, k, b, 0, n, 0, dense, 0, n);
                        v.dgemm(Transpose.NO, Transpose.NO, m, n, k, alpha, a, 0, k + 1, b, 0, n, 0, padded, 0, n + 1);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                if (Double.doubleToRawLongBits(dense[i * n + j])
                                        != Double.doubleToRawLongBits(padded[i * (n + 1) + j])) {
                                    fail("m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + ": C[" + i + "][" + j
                                            + "] dense " + dense[i * n + j] + ", padded " + padded[i * (n + 1) + j]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void check(VectorBlas v, SplittableRandom rnd, boolean dbl, int m, int n, int k) {
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (double alpha : new double[] {1, -2}) {
                    for (double beta : new double[] {0, 0.5}) {
                        checkOne(v, rnd, dbl, ta, tb, m, n, k, alpha, beta, -1, 0);
                    }
                }
            }
        }
    }

    /**
     * One product checked exactly. pad < 0: A's and C's leading dimensions exceed their rows by a random 0..2; else by
     * pad (0: the dense layout of narrowDenseK). tail: NaN elements after C's last row, which must stay NaN.
     */
    private static void checkOne(VectorBlas v, SplittableRandom rnd, boolean dbl, Transpose ta, Transpose tb,
                                 int m, int n, int k, double alpha, double beta, int pad, int tail) {
        int aRows = ta.transposed() ? k : m, aCols = ta.transposed() ? m : k;
        int bRows = tb.transposed() ? n : k, bCols = tb.transposed() ? k : n;
        int lda = aCols + (pad < 0 ? rnd.nextInt(3) : pad), ldb = bCols + rnd.nextInt(3);
        int ldc = n + (pad < 0 ? rnd.nextInt(3) : pad);
        int aOff = rnd.nextInt(4), bOff = rnd.nextInt(4), cOff = rnd.nextInt(4);
        long[] a = stored(rnd, aRows, aCols, aOff, lda);
        long[] b = stored(rnd, bRows, bCols, bOff, ldb);
        // C: small integers inside (beta != 0 reads them), NaN in the padding, before the offset and in the tail
        // (never touched).
        double[] c0 = new double[cOff + m * ldc + tail];
        Arrays.fill(c0, Double.NaN);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c0[cOff + i * ldc + j] = rnd.nextInt(-4, 5);
            }
        }
        double[] got = new double[c0.length];
        if (dbl) {
            double[] c = c0.clone();
            v.dgemm(ta, tb, m, n, k, alpha, DirectPathTest.toDouble(a), aOff, lda, DirectPathTest.toDouble(b), bOff, ldb,
                    beta, c, cOff, ldc);
            System.arraycopy(c, 0, got, 0, c.length);
        } else {
            float[] c = new float[c0.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) c0[i];
            }
            v.sgemm(ta, tb, m, n, k, (float) alpha, DirectPathTest.toFloat(a), aOff, lda, DirectPathTest.toFloat(b), bOff, ldb,
                    (float) beta,
                    c, cOff, ldc);
            for (int i = 0; i < c.length; i++) {
                got[i] = c[i];
            }
        }
        for (int idx = 0; idx < got.length; idx++) {
            int i = (idx - cOff) / ldc, j = (idx - cOff) % ldc;
            boolean inside = idx >= cOff && i < m && j < n;
            double want = Double.NaN;
            if (inside) {
                long s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + (ta.transposed() ? p * lda + i : i * lda + p)]
                            * b[bOff + (tb.transposed() ? j * ldb + p : p * ldb + j)];
                }
                want = alpha * s + (beta == 0 ? 0 : beta * c0[idx]);
            }
            // == rather than equals: alpha = -2 turns a zero sum into -0.0, which equals 0.
            if (inside ? got[idx] != want : !Double.isNaN(got[idx])) {
                fail((dbl ? "dgemm" : "sgemm") + " m=" + m + " n=" + n + " k=" + k + " " + ta + "/" + tb
                        + " alpha=" + alpha + " beta=" + beta + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc
                        + " offsets " + aOff + "," + bOff + "," + cOff + ": element " + idx + " = " + got[idx]
                        + (inside ? ", want " + want : " outside C"));
            }
        }
    }

    /** A rows x cols matrix of integers in [-4, 4] at off with leading dimension ld, NaN-free padding of 7s. */
    private static long[] stored(SplittableRandom rnd, int rows, int cols, int off, int ld) {
        long[] x = new long[off + rows * ld];
        Arrays.fill(x, 7);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = rnd.nextInt(-4, 5);
            }
        }
        return x;
    }
}
