package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.teachingrnns.numeric.Transpose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct (unpacked) GEMM path's column plans at every width: for beta == 0, rows go in groups of eight (on
 * AVX-512 CPUs) and four through the generated wide kernels, columns in blocks of three or two vectors (with
 * 32 registers and at least six rows, 3 + ... + 3 + 4 in place of 3 + ... + 3 + 2 + 2, the four in groups of six
 * rows), and where the lane count does not divide n the last vector is moved left to overlap its neighbour. Every n
 * from one vector plus one lane to fourteen vectors, with m giving 8-row groups, a 4-row remainder, four rows only
 * (no group of six) and single rows, all transposes.
 * Entries are small integers, so every order of summation gives the exact product and any column computed from
 * the wrong lanes, skipped or written twice with different values shows as an inexact element.
 */
class DirectPathTest {

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {128, 256, 512})
    void everyColumnPlanIsExact(int bits) {
        if (bits > VectorBlas.preferredBits()) {
            return;
        }
        VectorBlas v = new VectorBlas(bits, 1);
        int lanesD = bits / 64;
        int lanesF = bits / 32;
        SplittableRandom rnd = new SplittableRandom(bits);
        for (int m : new int[] {5, 8, 12, 13, 21}) {
            for (int k : new int[] {1, 5, 9}) {
                for (int n = lanesD + 1; n <= 14 * lanesD; n++) {
                    checkDouble(v, rnd, m, n, k);
                }
                for (int n = lanesF + 1; n <= 14 * lanesF; n++) {
                    checkFloat(v, rnd, m, n, k);
                }
            }
        }
    }

    /**
     * Four vectors across (n in (3 L, 4 L]) goes through the 6 x 4 and 5 x 4 kernels in groups of six and five rows
     * that add up to m (every m from 20, and 5, 6, 10-12, 15-18), else in groups of six, the last moved up to end at
     * row m where 6 does not divide m (its rows overlap the group before). Every m from 5 to 40, and the shapes the
     * calibration times (float 64 x 64 x 64, double 32 x 32 x 32), with k above the thin kernels' depth so that these
     * plans are the ones taken; a row of an overlap written with a different value, or a row left unwritten, shows as
     * an inexact element (C starts as NaN for double).
     */
    /** Six- and five-row groups add up to m exactly wherever they can, with the fewest groups of five. */
    @org.junit.jupiter.api.Test
    void fiveRowGroupsAddUpExactly() {
        for (int m = 0; m <= 500; m++) {
            int fives = DoubleKernels512.fiveRowGroups(m);
            boolean possible = false;
            int fewest = -1;
            for (int b = 0; 5 * b <= m && fewest < 0; b++) {
                if ((m - 5 * b) % 6 == 0) {
                    fewest = b;
                    possible = true;
                }
            }
            if (fives != fewest || possible != (fives >= 0) || (m >= 20 && fives < 0)
                    || fives != FloatKernels256.fiveRowGroups(m)) {
                fail("m = " + m + ": " + fives + " groups of five, want " + fewest);
            }
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {128, 256, 512})
    void sixRowGroupsWithAnOverlappingLastGroupAreExact(int bits) {
        if (bits > VectorBlas.preferredBits()) {
            return;
        }
        VectorBlas v = new VectorBlas(bits, 1);
        int lanesD = bits / 64;
        int lanesF = bits / 32;
        SplittableRandom rnd = new SplittableRandom(31L * bits);
        for (int m = 5; m <= 40; m++) {
            for (int k : new int[] {9, 33}) {
                for (int n : new int[] {3 * lanesD + 1, 4 * lanesD}) {
                    checkDouble(v, rnd, m, n, k);
                }
                for (int n : new int[] {3 * lanesF + 1, 4 * lanesF}) {
                    checkFloat(v, rnd, m, n, k);
                }
            }
        }
        checkDouble(v, rnd, 32, 32, 32);
        checkFloat(v, rnd, 64, 64, 64);
        checkFloat(v, rnd, 100, 4 * lanesF, 20);
    }

    private static void checkDouble(VectorBlas v, SplittableRandom rnd, int m, int n, int k) {
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                long[] a = ints(rnd, m * k);
                long[] b = ints(rnd, k * n);
                int lda = ta.transposed() ? m : k;
                int ldb = tb.transposed() ? k : n;
                int ldc = n + 3;
                double[] c = new double[m * ldc];
                java.util.Arrays.fill(c, Double.NaN);   // beta == 0: C is never read
                v.dgemm(ta, tb, m, n, k, 2.0, toDouble(a), 0, lda, toDouble(b), 0, ldb, 0.0, c, 0, ldc);
                long[] want = product(ta, tb, m, n, k, a, lda, b, ldb);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < ldc; j++) {
                        double got = c[i * ldc + j];
                        if (j < n ? got != 2 * want[i * n + j] : !Double.isNaN(got)) {
                            fail("dgemm m=" + m + " n=" + n + " k=" + k + " " + ta + "/" + tb + ": C(" + i + ","
                                    + j + ") = " + got + (j < n ? ", want " + 2 * want[i * n + j] : " outside C"));
                        }
                    }
                }
            }
        }
    }

    private static void checkFloat(VectorBlas v, SplittableRandom rnd, int m, int n, int k) {
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                long[] a = ints(rnd, m * k);
                long[] b = ints(rnd, k * n);
                int lda = ta.transposed() ? m : k;
                int ldb = tb.transposed() ? k : n;
                float[] c = new float[m * n];
                v.sgemm(ta, tb, m, n, k, -1f, toFloat(a), 0, lda, toFloat(b), 0, ldb, 0f, c, 0, n);
                long[] want = product(ta, tb, m, n, k, a, lda, b, ldb);
                for (int i = 0; i < c.length; i++) {
                    // == rather than assertArrayEquals: alpha = -1 turns a zero sum into -0.0, which equals 0.
                    if (c[i] != -want[i]) {
                        fail("sgemm m=" + m + " n=" + n + " k=" + k + " " + ta + "/" + tb + ": element " + i + " = "
                                + c[i] + ", want " + -want[i]);
                    }
                }
            }
        }
    }

    private static long[] product(Transpose ta, Transpose tb, int m, int n, int k, long[] a, int lda, long[] b,
                                  int ldb) {
        long[] want = new long[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ta.transposed() ? p * lda + i : i * lda + p] * b[tb.transposed() ? j * ldb + p : p * ldb + j];
                }
                want[i * n + j] = s;
            }
        }
        return want;
    }

    private static long[] ints(SplittableRandom rnd, int size) {
        return rnd.longs(size, -4, 5).toArray();
    }

    /** Exact: the integers of these tests are small (ThinKernelsTest uses it too). */
    static double[] toDouble(long[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    static float[] toFloat(long[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = x[i];
        }
        return f;
    }
}
