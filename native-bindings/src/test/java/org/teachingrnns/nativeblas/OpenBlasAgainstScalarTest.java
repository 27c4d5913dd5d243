package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ScalarBlas;
import org.teachingrnns.numeric.Transpose;

/**
 * OpenBLAS (both downcall modes, and the auto combination on both sides of its threshold) against the scalar
 * reference: every transpose pair, odd sizes, offsets, leading dimensions larger than the row, alpha and beta in
 * {0, 1, other}, C filled with NaN whenever beta == 0, k == 0. Elements outside the written window (before the
 * offset, in the row padding, after the end) must come back bit-identical.
 */
class OpenBlasAgainstScalarTest {

    private static final Blas REF = new ScalarBlas();
    private static final int[][] GEMM_SIZES = {{1, 1, 1}, {3, 5, 7}, {7, 3, 1}, {2, 9, 0}, {13, 11, 17}, {33, 29, 31},
            {1, 40, 3}, {65, 63, 64}};
    private static final int[][] GEMV_SIZES = {{1, 1}, {3, 5}, {7, 2}, {17, 13}, {64, 33}, {1, 50}};
    private static final double[] ALPHAS = {0.0, 1.0, -0.7};
    private static final double[] BETAS = {0.0, 1.0, 2.5};

    @BeforeAll
    static void openBlasPresent() {
        NativeAssumptions.requireOpenBlas();
    }

    static List<Arguments> backends() {
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("openblas (critical)", (Supplier<Blas>) () -> OpenBlas.create(DowncallMode.CRITICAL)));
        list.add(Arguments.of("openblas (copying)", (Supplier<Blas>) () -> OpenBlas.create(DowncallMode.COPYING)));
        list.add(Arguments.of("auto, all gemm native",
                (Supplier<Blas>) () -> new GemmBySize(OpenBlas.create(), REF, 0)));
        list.add(Arguments.of("auto, gemm native from 1000",
                (Supplier<Blas>) () -> new GemmBySize(OpenBlas.create(), REF, 1000)));
        list.add(Arguments.of("auto over the best Java backend, gemm native from 1000",
                (Supplier<Blas>) () -> new GemmBySize(OpenBlas.create(), OpenBlas.javaLevel1(), 1000)));
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void dgemmMatchesScalar(String label, Supplier<Blas> backend) {
        Blas blas = backend.get();
        Random rnd = new Random(20261129);
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (int[] s : GEMM_SIZES) {
                    for (double alpha : ALPHAS) {
                        for (double beta : BETAS) {
                            int off = rnd.nextInt(4);
                            int pad = rnd.nextInt(3);
                            checkDgemm(blas, rnd, ta, tb, s[0], s[1], s[2], alpha, beta, off, pad);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sgemmMatchesScalar(String label, Supplier<Blas> backend) {
        Blas blas = backend.get();
        Random rnd = new Random(11);
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (int[] s : GEMM_SIZES) {
                    for (double alpha : ALPHAS) {
                        for (double beta : BETAS) {
                            checkSgemm(blas, rnd, ta, tb, s[0], s[1], s[2], (float) alpha, (float) beta,
                                    rnd.nextInt(4), rnd.nextInt(3));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void gemvMatchesScalar(String label, Supplier<Blas> backend) {
        Blas blas = backend.get();
        Random rnd = new Random(7);
        for (Transpose t : Transpose.values()) {
            for (int[] s : GEMV_SIZES) {
                for (double alpha : ALPHAS) {
                    for (double beta : BETAS) {
                        for (int inc = 1; inc <= 3; inc += 2) {
                            checkDgemv(blas, rnd, t, s[0], s[1], alpha, beta, rnd.nextInt(4), rnd.nextInt(3), inc);
                            checkSgemv(blas, rnd, t, s[0], s[1], (float) alpha, (float) beta, rnd.nextInt(4),
                                    rnd.nextInt(3), inc);
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ double

    private static void checkDgemm(Blas blas, Random rnd, Transpose ta, Transpose tb, int m, int n, int k,
                                   double alpha, double beta, int off, int pad) {
        int aRows = ta.transposed() ? k : m, aCols = ta.transposed() ? m : k;
        int bRows = tb.transposed() ? n : k, bCols = tb.transposed() ? k : n;
        int lda = Math.max(1, aCols) + pad, ldb = Math.max(1, bCols) + pad, ldc = Math.max(1, n) + pad;
        double[] a = randoms(rnd, off + aRows * lda + 2);
        double[] b = randoms(rnd, off + bRows * ldb + 2);
        double[] c = randoms(rnd, off + m * ldc + 2);
        if (beta == 0.0) {
            // beta == 0 overwrites C: NaN there must not leak into the result.
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, off + i * ldc, off + i * ldc + n, Double.NaN);
            }
        }
        double[] expected = c.clone();
        REF.dgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, expected, off, ldc);
        // Error bound: |alpha| |op(A)| |op(B)| + |beta| |C| (NaN in C counts as 0 since beta is 0 there).
        double[] bound = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            bound[i] = Double.isNaN(c[i]) ? 0.0 : Math.abs(c[i]);
        }
        REF.dgemm(ta, tb, m, n, k, Math.abs(alpha), abs(a), off, lda, abs(b), off, ldb, Math.abs(beta), bound, off, ldc);
        double[] actual = c.clone();
        blas.dgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, actual, off, ldc);
        String where = "dgemm " + ta + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
                + " off=" + off + " pad=" + pad;
        compare(where, c, expected, actual, bound, 4e-16 * (k + 4), off, m, n, ldc);
    }

    private static void checkDgemv(Blas blas, Random rnd, Transpose t, int m, int n, double alpha, double beta,
                                   int off, int pad, int inc) {
        int lda = Math.max(1, n) + pad;
        int xLen = t.transposed() ? m : n, yLen = t.transposed() ? n : m;
        double[] a = randoms(rnd, off + m * lda + 1);
        double[] x = randoms(rnd, off + xLen * inc + 1);
        double[] y = randoms(rnd, off + yLen * inc + 1);
        if (beta == 0.0) {
            for (int i = 0; i < yLen; i++) {
                y[off + i * inc] = Double.NaN;
            }
        }
        double[] expected = y.clone();
        REF.dgemv(t, m, n, alpha, a, off, lda, x, off, inc, beta, expected, off, inc);
        double[] bound = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            bound[i] = Double.isNaN(y[i]) ? 0.0 : Math.abs(y[i]);
        }
        REF.dgemv(t, m, n, Math.abs(alpha), abs(a), off, lda, abs(x), off, inc, Math.abs(beta), bound, off, inc);
        double[] actual = y.clone();
        blas.dgemv(t, m, n, alpha, a, off, lda, x, off, inc, beta, actual, off, inc);
        String where = "dgemv " + t + " m=" + m + " n=" + n + " alpha=" + alpha + " beta=" + beta + " off=" + off
                + " inc=" + inc;
        for (int i = 0; i < y.length; i++) {
            if (onStride(i, off, yLen, inc)) {
                checkElement(where, i, y[i], expected[i], actual[i], 4e-16 * (Math.max(m, n) + 4) * bound[i]);
            } else {
                untouched(where, i, y[i], actual[i]);
            }
        }
    }

    // ------------------------------------------------------------------ float

    private static void checkSgemm(Blas blas, Random rnd, Transpose ta, Transpose tb, int m, int n, int k,
                                   float alpha, float beta, int off, int pad) {
        int aRows = ta.transposed() ? k : m, aCols = ta.transposed() ? m : k;
        int bRows = tb.transposed() ? n : k, bCols = tb.transposed() ? k : n;
        int lda = Math.max(1, aCols) + pad, ldb = Math.max(1, bCols) + pad, ldc = Math.max(1, n) + pad;
        float[] a = floats(rnd, off + aRows * lda + 2);
        float[] b = floats(rnd, off + bRows * ldb + 2);
        float[] c = floats(rnd, off + m * ldc + 2);
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, off + i * ldc, off + i * ldc + n, Float.NaN);
            }
        }
        float[] expected = c.clone();
        REF.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, expected, off, ldc);
        float[] bound = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            bound[i] = Float.isNaN(c[i]) ? 0f : Math.abs(c[i]);
        }
        REF.sgemm(ta, tb, m, n, k, Math.abs(alpha), abs(a), off, lda, abs(b), off, ldb, Math.abs(beta), bound, off, ldc);
        float[] actual = c.clone();
        blas.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, actual, off, ldc);
        String where = "sgemm " + ta + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
                + " off=" + off + " pad=" + pad;
        boolean[] inside = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            Arrays.fill(inside, off + i * ldc, off + i * ldc + n, true);
        }
        for (int i = 0; i < c.length; i++) {
            if (inside[i]) {
                checkElement(where, i, c[i], expected[i], actual[i], 2.4e-7 * (k + 4) * bound[i]);
            } else {
                untouched(where, i, c[i], actual[i]);
            }
        }
    }

    private static void checkSgemv(Blas blas, Random rnd, Transpose t, int m, int n, float alpha, float beta,
                                   int off, int pad, int inc) {
        int lda = Math.max(1, n) + pad;
        int xLen = t.transposed() ? m : n, yLen = t.transposed() ? n : m;
        float[] a = floats(rnd, off + m * lda + 1);
        float[] x = floats(rnd, off + xLen * inc + 1);
        float[] y = floats(rnd, off + yLen * inc + 1);
        if (beta == 0f) {
            for (int i = 0; i < yLen; i++) {
                y[off + i * inc] = Float.NaN;
            }
        }
        float[] expected = y.clone();
        REF.sgemv(t, m, n, alpha, a, off, lda, x, off, inc, beta, expected, off, inc);
        float[] bound = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            bound[i] = Float.isNaN(y[i]) ? 0f : Math.abs(y[i]);
        }
        REF.sgemv(t, m, n, Math.abs(alpha), abs(a), off, lda, abs(x), off, inc, Math.abs(beta), bound, off, inc);
        float[] actual = y.clone();
        blas.sgemv(t, m, n, alpha, a, off, lda, x, off, inc, beta, actual, off, inc);
        String where = "sgemv " + t + " m=" + m + " n=" + n + " alpha=" + alpha + " beta=" + beta + " off=" + off
                + " inc=" + inc;
        for (int i = 0; i < y.length; i++) {
            if (onStride(i, off, yLen, inc)) {
                checkElement(where, i, y[i], expected[i], actual[i], 2.4e-7 * (Math.max(m, n) + 4) * bound[i]);
            } else {
                untouched(where, i, y[i], actual[i]);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void compare(String where, double[] before, double[] expected, double[] actual, double[] bound,
                                double relTol, int off, int m, int n, int ldc) {
        boolean[] inside = new boolean[before.length];
        for (int i = 0; i < m; i++) {
            Arrays.fill(inside, off + i * ldc, off + i * ldc + n, true);
        }
        for (int i = 0; i < before.length; i++) {
            if (inside[i]) {
                checkElement(where, i, before[i], expected[i], actual[i], relTol * bound[i]);
            } else {
                untouched(where, i, before[i], actual[i]);
            }
        }
    }

    /** Outside the written window: bit for bit what was there. */
    private static void untouched(String where, int i, double before, double actual) {
        if (Double.doubleToRawLongBits(actual) != Double.doubleToRawLongBits(before)) {
            fail(where + ": element " + i + " outside the result was changed from " + before + " to " + actual);
        }
    }

    private static boolean onStride(int i, int off, int len, int inc) {
        return i >= off && (i - off) % inc == 0 && (i - off) / inc < len;
    }

    /** Inside the window: within tol of the reference, never NaN. */
    private static void checkElement(String where, int i, double before, double expected, double actual, double tol) {
        if (Double.isNaN(actual) || Math.abs(actual - expected) > tol + Double.MIN_NORMAL) {
            fail(where + ": element " + i + " is " + actual + ", expected " + expected + " (tolerance " + tol
                    + ", was " + before + ")");
        }
    }

    private static double[] randoms(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble() * 2 - 1;
        }
        return v;
    }

    private static float[] floats(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static double[] abs(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.abs(v[i]);
        }
        return r;
    }

    private static float[] abs(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.abs(v[i]);
        }
        return r;
    }

    @org.junit.jupiter.api.Test
    void theToleranceCatchesAWrongAnswer() {
        // The comparison above must be able to fail: a perturbed result outside the bound is reported.
        assertTrue(assertThrowsAssertion(() -> checkElement("x", 0, 0.0, 1.0, 1.0 + 1e-9, 1e-12)));
        assertTrue(assertThrowsAssertion(() -> checkElement("x", 0, 0.0, 1.0, Double.NaN, 1.0)));
        assertTrue(assertThrowsAssertion(() -> untouched("x", 0, 1.0, Math.nextUp(1.0))));
    }

    private static boolean assertThrowsAssertion(Runnable r) {
        try {
            r.run();
            return false;
        } catch (AssertionError expected) {
            return true;
        }
    }
}
