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
 * or a write outside C (whose padding holds NaN) shows exactly.
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

    private static void check(VectorBlas v, SplittableRandom rnd, boolean dbl, int m, int n, int k) {
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (double alpha : new double[] {1, -2}) {
                    for (double beta : new double[] {0, 0.5}) {
                        checkOne(v, rnd, dbl, ta, tb, m, n, k, alpha, beta);
                    }
                }
            }
        }
    }

    private static void checkOne(VectorBlas v, SplittableRandom rnd, boolean dbl, Transpose ta, Transpose tb,
                                 int m, int n, int k, double alpha, double beta) {
        int aRows = ta.transposed() ? k : m, aCols = ta.transposed() ? m : k;
        int bRows = tb.transposed() ? n : k, bCols = tb.transposed() ? k : n;
        int lda = aCols + rnd.nextInt(3), ldb = bCols + rnd.nextInt(3), ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(4), bOff = rnd.nextInt(4), cOff = rnd.nextInt(4);
        long[] a = stored(rnd, aRows, aCols, aOff, lda);
        long[] b = stored(rnd, bRows, bCols, bOff, ldb);
        // C: small integers inside (beta != 0 reads them), NaN in the padding and before the offset (never touched).
        double[] c0 = new double[cOff + m * ldc];
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
            boolean inside = idx >= cOff && j < n;
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
