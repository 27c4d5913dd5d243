package org.teachingrnns.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Blas} backend must meet (the netlib shape: one parameterised suite, one subclass per
 * backend). Two oracles, neither of them a backend: exact integer arithmetic on small integers (where every
 * order of summation is exact, so the result must be bit-exact), and a compensated reference
 * ({@link CompensatedDot}) with Higham's per-element bound {@code gamma_{k+2} (|alpha| |op(A)| |op(B)| + |beta|
 * |C0|)} ({@link GemmErrorBound}), so a different summation order passes and a missing term does not
 * ({@code ContractToleranceTest} shows one at k = 300 that the former bound accepted). Large products use the
 * residual {@code C t - (alpha op(A) (op(B) t) + beta C0 t)} for a random t, computed in double.
 * All randomness is seeded by the case's parameters.
 */
public abstract class BlasContractTest {

    /** The backend under test. */
    protected abstract Blas blas();

    private static final Transpose[] T = Transpose.values();
    private static final double DEPS = Math.ulp(1.0);
    private static final double FEPS = Math.ulp(1.0f);

    // ================================================================== GEMM cases

    /** One GEMM problem: sizes, transposes, scalars, padding of the leading dimensions and offsets. */
    protected record GemmCase(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double beta,
                              int pad, int off, boolean nanC) {
        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " " + ta + "/" + tb + " alpha=" + alpha + " beta=" + beta
                    + (pad > 0 ? " pad=" + pad : "") + (off > 0 ? " off=" + off : "") + (nanC ? " NaN-C" : "");
        }
    }

    static Stream<GemmCase> squareSizes() {
        // Every size 1..67 (m = n = k) in all four transpose combinations; scalars cycle through 0, 1, other.
        double[] alphas = {1.0, -0.75, 1.0, 2.5};
        double[] betas = {0.0, 1.0, -1.5, 0.0};
        List<GemmCase> cases = new ArrayList<>();
        for (int s = 1; s <= 67; s++) {
            for (int t = 0; t < 4; t++) {
                int i = (s + t) % 4;
                cases.add(new GemmCase(T[t / 2], T[t % 2], s, s, s, alphas[i], betas[(s + 2 * t) % 4], 0, 0, false));
            }
        }
        return cases.stream();
    }

    static Stream<GemmCase> mixedSizes() {
        // Distinct primes (and 1) so no dimension hides another's bug; some past 256 and the block sizes.
        int[][] shapes = {
            {1, 7, 3}, {2, 3, 5}, {7, 11, 13}, {13, 7, 11}, {11, 13, 7}, {17, 19, 23}, {29, 31, 37}, {37, 29, 1},
            {41, 43, 47}, {53, 59, 61}, {61, 1, 59}, {67, 71, 73}, {97, 89, 83}, {101, 7, 251}, {251, 3, 101},
            {5, 257, 13}, {131, 137, 139}, {199, 211, 223}, {293, 307, 3}, {3, 293, 307}, {163, 97, 263},
            {5, 80, 5}, {80, 5, 5}, {5, 5, 80}, {256, 64, 256}, {64, 256, 256}, {300, 300, 300},
            // BPTT's gradient dW = delta H^T, deep k: the direct path (17 x 16 x 12001) and the packed path
            // (32 x 33 x 4001), whose transposes of B run in blocks of rows (Kernels, packB).
            {17, 16, 12001}, {32, 33, 4001}};
        List<GemmCase> cases = new ArrayList<>();
        double[][] scalars = {{1.0, 0.0}, {-1.25, 1.0}, {0.5, -0.5}, {1.0, 1.0}};
        int idx = 0;
        for (int[] sh : shapes) {
            for (int t = 0; t < 4; t++) {
                double[] ab = scalars[(idx++) % scalars.length];
                int pad = (idx % 3 == 0) ? 0 : 1 + idx % 5;
                int off = (idx % 2 == 0) ? 0 : 3 + idx % 7;
                cases.add(new GemmCase(T[t / 2], T[t % 2], sh[0], sh[1], sh[2], ab[0], ab[1], pad, off, false));
            }
        }
        return cases.stream();
    }

    static Stream<GemmCase> scalarsAndEdges() {
        List<GemmCase> cases = new ArrayList<>();
        double[] values = {0.0, 1.0, -2.25};
        int[][] shapes = {{9, 13, 5}, {70, 45, 33}, {190, 170, 180}};
        for (int[] sh : shapes) {
            for (double alpha : values) {
                for (double beta : values) {
                    for (int t = 0; t < 4; t++) {
                        cases.add(new GemmCase(T[t / 2], T[t % 2], sh[0], sh[1], sh[2], alpha, beta, 2, 1, false));
                    }
                }
            }
            // beta == 0 must overwrite C without reading it: C full of NaN must not leak into the result.
            for (int t = 0; t < 4; t++) {
                cases.add(new GemmCase(T[t / 2], T[t % 2], sh[0], sh[1], sh[2], 1.5, 0.0, 1, 2, true));
                cases.add(new GemmCase(T[t / 2], T[t % 2], sh[0], sh[1], sh[2], 0.0, 0.0, 0, 0, true));
            }
        }
        // Empty dimensions: m or n == 0 leaves C alone; k == 0 scales C by beta.
        int[][] empty = {{0, 5, 3}, {5, 0, 3}, {5, 4, 0}, {0, 0, 0}, {1, 1, 0}, {40, 33, 0}};
        for (int[] sh : empty) {
            for (int t = 0; t < 4; t++) {
                cases.add(new GemmCase(T[t / 2], T[t % 2], sh[0], sh[1], sh[2], 1.0, 0.5, 1, 1, false));
                cases.add(new GemmCase(T[t / 2], T[t % 2], sh[0], sh[1], sh[2], 1.0, 0.0, 0, 0, true));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("squareSizes")
    void gemmSquare(GemmCase c) {
        checkGemm(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixedSizes")
    void gemmMixed(GemmCase c) {
        checkGemm(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalarsAndEdges")
    void gemmScalarsAndEdges(GemmCase c) {
        checkGemm(c);
    }

    private void checkGemm(GemmCase c) {
        checkDgemm(c);
        checkSgemm(c);
    }

    private static long seed(GemmCase c) {
        return 31L * (31L * (31L * c.m + c.n) + c.k) + 7L * c.ta.ordinal() + 13L * c.tb.ordinal() + c.pad + 101L * c.off;
    }

    private void checkDgemm(GemmCase c) {
        SplittableRandom rnd = new SplittableRandom(seed(c));
        int aRows = c.ta.transposed() ? c.k : c.m, aCols = c.ta.transposed() ? c.m : c.k;
        int bRows = c.tb.transposed() ? c.n : c.k, bCols = c.tb.transposed() ? c.k : c.n;
        int lda = Math.max(1, aCols) + c.pad, ldb = Math.max(1, bCols) + c.pad, ldc = Math.max(1, c.n) + c.pad;
        double[] a = random(rnd, c.off + aRows * lda + c.pad);
        double[] b = random(rnd, c.off + bRows * ldb + c.pad);
        double[] c0 = random(rnd, c.off + c.m * ldc + c.pad);
        if (c.nanC) {
            Arrays.fill(c0, Double.NaN);
        }
        double[] got = c0.clone();
        blas().dgemm(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a, c.off, lda, b, c.off, ldb, c.beta, got, c.off, ldc);
        GemmErrorBound.Reference ref = GemmErrorBound.reference(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a, c.off, lda,
                b, c.off, ldb, c.beta, c0, c.off, ldc);
        String violation = GemmErrorBound.firstViolation("dgemm", c, c0, got, ref, c.k, GemmErrorBound.U_DOUBLE,
                c.off, c.m, c.n, ldc);
        if (violation != null) {
            fail(violation);
        }
    }

    private void checkSgemm(GemmCase c) {
        SplittableRandom rnd = new SplittableRandom(seed(c) + 1);
        int aRows = c.ta.transposed() ? c.k : c.m, aCols = c.ta.transposed() ? c.m : c.k;
        int bRows = c.tb.transposed() ? c.n : c.k, bCols = c.tb.transposed() ? c.k : c.n;
        int lda = Math.max(1, aCols) + c.pad, ldb = Math.max(1, bCols) + c.pad, ldc = Math.max(1, c.n) + c.pad;
        float[] a = toFloat(random(rnd, c.off + aRows * lda + c.pad));
        float[] b = toFloat(random(rnd, c.off + bRows * ldb + c.pad));
        float[] c0 = toFloat(random(rnd, c.off + c.m * ldc + c.pad));
        if (c.nanC) {
            Arrays.fill(c0, Float.NaN);
        }
        float alpha = (float) c.alpha, beta = (float) c.beta;
        float[] got = c0.clone();
        blas().sgemm(c.ta, c.tb, c.m, c.n, c.k, alpha, a, c.off, lda, b, c.off, ldb, beta, got, c.off, ldc);
        // The reference from the same float inputs, in compensated double: the float result must be within the
        // float bound of it.
        GemmErrorBound.Reference ref = GemmErrorBound.reference(c.ta, c.tb, c.m, c.n, c.k, alpha, toDouble(a), c.off,
                lda, toDouble(b), c.off, ldb, beta, toDouble(c0), c.off, ldc);
        String violation = GemmErrorBound.firstViolation("sgemm", c, toDouble(c0), toDouble(got), ref, c.k,
                GemmErrorBound.U_FLOAT, c.off, c.m, c.n, ldc);
        if (violation != null) {
            fail(violation);
        }
    }

    // ------------------------------------------------------------------ exact results on small integers

    static Stream<Arguments> integerShapes() {
        // k up to 307: every product and partial sum is an integer below 2^24, so any order of summation in
        // float or double gives the exact result, and a dropped, doubled or misplaced term changes it.
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {8, 8, 8}, {17, 16, 33}, {5, 80, 5}, {80, 5, 5}, {64, 67, 129},
            {29, 31, 300}, {7, 9, 307}, {100, 97, 64}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] sh : shapes) {
            for (int t = 0; t < 4; t++) {
                cases.add(Arguments.of(T[t / 2], T[t % 2], sh[0], sh[1], sh[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "m={2} n={3} k={4} {0}/{1}")
    @MethodSource("integerShapes")
    void gemmIsExactOnSmallIntegers(Transpose ta, Transpose tb, int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(m * 7919L + n * 104729L + k + 3L * ta.ordinal() + tb.ordinal());
        int lda = ta.transposed() ? m : k, ldb = tb.transposed() ? k : n;
        // Entries in {-4..4} \ {0}: no term is zero, so no dropped term can hide.
        long[] a = rnd.longs((long) m * k, 1, 5).map(v -> rnd.nextBoolean() ? v : -v).toArray();
        long[] b = rnd.longs((long) k * n, 1, 5).map(v -> rnd.nextBoolean() ? v : -v).toArray();
        long[] c0 = rnd.longs((long) m * n, -50, 51).toArray();
        for (long[] ab : new long[][] {{1, 0}, {-1, 1}, {2, -3}}) {
            long alpha = ab[0], beta = ab[1];
            long[] want = new long[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ta.transposed() ? p * lda + i : i * lda + p] * b[tb.transposed() ? j * ldb + p : p * ldb + j];
                    }
                    want[i * n + j] = alpha * s + beta * c0[i * n + j];
                }
            }
            double[] got = java.util.stream.LongStream.of(c0).asDoubleStream().toArray();
            blas().dgemm(ta, tb, m, n, k, alpha, java.util.stream.LongStream.of(a).asDoubleStream().toArray(), 0, lda,
                    java.util.stream.LongStream.of(b).asDoubleStream().toArray(), 0, ldb, beta, got, 0, n);
            float[] fgot = toFloat(java.util.stream.LongStream.of(c0).asDoubleStream().toArray());
            blas().sgemm(ta, tb, m, n, k, alpha, toFloat(java.util.stream.LongStream.of(a).asDoubleStream().toArray()),
                    0, lda, toFloat(java.util.stream.LongStream.of(b).asDoubleStream().toArray()), 0, ldb, beta, fgot, 0, n);
            for (int i = 0; i < want.length; i++) {
                if (got[i] != want[i] || fgot[i] != want[i]) {
                    fail("alpha=" + alpha + " beta=" + beta + ": element " + i + " should be exactly " + want[i]
                            + ", dgemm gave " + got[i] + ", sgemm " + fgot[i]);
                }
            }
        }
    }

    // ------------------------------------------------------------------ large sizes: residual check

    static Stream<Arguments> largeSizes() {
        return Stream.of(
                Arguments.of(500, 500, 500, Transpose.NO, Transpose.NO),
                Arguments.of(1000, 200, 300, Transpose.NO, Transpose.YES),
                Arguments.of(200, 1000, 300, Transpose.YES, Transpose.NO),
                Arguments.of(517, 301, 1031, Transpose.YES, Transpose.YES));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} {3}/{4}")
    @MethodSource("largeSizes")
    void gemmLargeResidual(int m, int n, int k, Transpose ta, Transpose tb) {
        SplittableRandom rnd = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
        int lda = ta.transposed() ? m : k, ldb = tb.transposed() ? k : n;
        double[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        double[] t = random(rnd, n);
        double alpha = 0.75, beta = -0.5;
        double[] c = c0.clone();
        blas().dgemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, n);
        assertResidual("dgemm", ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c0, c, t, DEPS);

        float[] fa = toFloat(a), fb = toFloat(b), fc0 = toFloat(c0);
        float[] fc = fc0.clone();
        blas().sgemm(ta, tb, m, n, k, (float) alpha, fa, 0, lda, fb, 0, ldb, (float) beta, fc, 0, n);
        assertResidual("sgemm", ta, tb, m, n, k, alpha, toDouble(fa), lda, toDouble(fb), ldb, beta,
                toDouble(fc0), toDouble(fc), t, FEPS);
    }

    /**
     * |C t - (alpha op(A) (op(B) t) + beta C0 t)| against the same expression on absolute values, every product
     * by the compensated {@link #gemvReference}.
     */
    private static void assertResidual(String op, Transpose ta, Transpose tb, int m, int n, int k, double alpha,
                                       double[] a, int lda, double[] b, int ldb, double beta, double[] c0,
                                       double[] c, double[] t, double eps) {
        GemmErrorBound.Reference bt = gemvReference(tb, tb.transposed() ? n : k, tb.transposed() ? k : n, 1.0, b, 0,
                ldb, t, 0, 1, 0.0, new double[k], 0, 1);
        double[] abt = gemvReference(ta, ta.transposed() ? k : m, ta.transposed() ? m : k, 1.0, a, 0, lda, bt.want(),
                0, 1, 0.0, new double[m], 0, 1).want();
        double[] bound = gemvReference(ta, ta.transposed() ? k : m, ta.transposed() ? m : k, Math.abs(alpha), abs(a), 0,
                lda, bt.scale(), 0, 1, 0.0, new double[m], 0, 1).want();
        GemmErrorBound.Reference ct = gemvReference(Transpose.NO, m, n, 1.0, c, 0, n, t, 0, 1, 0.0, new double[m], 0, 1);
        GemmErrorBound.Reference c0t = gemvReference(Transpose.NO, m, n, 1.0, c0, 0, n, t, 0, 1, 0.0, new double[m], 0, 1);
        for (int i = 0; i < m; i++) {
            double want = alpha * abt[i] + beta * c0t.want()[i];
            double scale = bound[i] + Math.abs(beta) * c0t.scale()[i];
            double err = Math.abs(ct.want()[i] - want);
            // k + 2 roundings per element of C, then the float result's own rounding; t sums in double.
            double tol = 2 * (k + 4) * eps * scale + 1e-12 * scale;
            if (!(err <= tol)) {
                fail(op + " " + m + "x" + n + "x" + k + " " + ta + "/" + tb + ": residual " + err + " at row " + i
                        + " exceeds " + tol);
            }
        }
    }

    /**
     * The compensated reference of {@code y = alpha op(A) x + beta y0} and each element's scale
     * {@code |alpha| |op(A)| |x| + |beta| |y0|} (beta == 0: y0 is not read).
     */
    static GemmErrorBound.Reference gemvReference(Transpose t, int m, int n, double alpha, double[] a, int aOff, int lda,
                                                  double[] x, int xOff, int incx, double beta, double[] y0, int yOff,
                                                  int incy) {
        int xLen = t.transposed() ? m : n, yLen = t.transposed() ? n : m;
        double[] want = y0.clone(), scale = new double[y0.length];
        CompensatedDot dot = new CompensatedDot();
        for (int i = 0; i < yLen; i++) {
            dot.reset();
            for (int p = 0; p < xLen; p++) {
                dot.add(t.transposed() ? a[aOff + p * lda + i] : a[aOff + i * lda + p], x[xOff + p * incx]);
            }
            int idx = yOff + i * incy;
            double product = alpha == 0 ? 0 : alpha * dot.value();
            double absProduct = alpha == 0 ? 0 : Math.abs(alpha) * dot.absSum();
            want[idx] = beta == 0 ? product : product + beta * y0[idx];
            scale[idx] = beta == 0 ? absProduct : absProduct + Math.abs(beta) * Math.abs(y0[idx]);
        }
        return new GemmErrorBound.Reference(want, scale);
    }

    // ================================================================== GEMV

    static Stream<Arguments> gemvCases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{1, 1}, {1, 9}, {9, 1}, {3, 5}, {4, 4}, {5, 80}, {80, 5}, {17, 33}, {33, 17}, {64, 64},
            {67, 61}, {100, 3}, {3, 100}, {255, 257}, {300, 129}};
        double[][] scalars = {{1.0, 0.0}, {-0.5, 1.0}, {2.0, -1.5}, {0.0, 0.5}, {1.0, 0.0}};
        int idx = 0;
        for (int[] sh : shapes) {
            for (Transpose t : T) {
                double[] ab = scalars[idx % scalars.length];
                int incx = 1 + idx % 3, incy = 1 + (idx / 2) % 2, pad = idx % 4, off = idx % 5;
                boolean nanY = ab[1] == 0.0 && idx % 2 == 0;
                cases.add(Arguments.of(t, sh[0], sh[1], ab[0], ab[1], incx, incy, pad, off, nanY));
                idx++;
            }
        }
        for (Transpose t : T) {
            cases.add(Arguments.of(t, 0, 4, 1.0, 0.5, 1, 1, 0, 0, false));
            cases.add(Arguments.of(t, 4, 0, 1.0, 0.0, 1, 2, 0, 1, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} m={1} n={2} alpha={3} beta={4} incx={5} incy={6} pad={7} off={8} nanY={9}")
    @MethodSource("gemvCases")
    void gemv(Transpose t, int m, int n, double alpha, double beta, int incx, int incy, int pad, int off, boolean nanY) {
        SplittableRandom rnd = new SplittableRandom(m * 7919L + n * 31L + incx + 10L * incy + pad + 100L * off);
        int lda = Math.max(1, n) + pad;
        int xLen = t.transposed() ? m : n, yLen = t.transposed() ? n : m;
        double[] a = random(rnd, off + m * lda);
        double[] x = random(rnd, off + Math.max(0, xLen - 1) * incx + 1);
        double[] y0 = random(rnd, off + Math.max(0, yLen - 1) * incy + 1);
        if (nanY) {
            Arrays.fill(y0, Double.NaN);
        }
        double[] got = y0.clone();
        blas().dgemv(t, m, n, alpha, a, off, lda, x, off, incx, beta, got, off, incy);
        GemmErrorBound.Reference ref = gemvReference(t, m, n, alpha, a, off, lda, x, off, incx, beta, y0, off, incy);
        double tol = GemmErrorBound.gamma(xLen + 2, GemmErrorBound.U_DOUBLE) + 4 * GemmErrorBound.U_DOUBLE;
        assertClose("dgemv", got, ref.want(), ref.scale(), tol, y0);

        float[] fa = toFloat(a), fx = toFloat(x), fy0 = toFloat(y0);
        float[] fgot = fy0.clone();
        blas().sgemv(t, m, n, (float) alpha, fa, off, lda, fx, off, incx, (float) beta, fgot, off, incy);
        GemmErrorBound.Reference fref = gemvReference(t, m, n, (float) alpha, toDouble(fa), off, lda, toDouble(fx), off,
                incx, (float) beta, toDouble(fy0), off, incy);
        double ftol = GemmErrorBound.gamma(xLen + 2, GemmErrorBound.U_FLOAT) + 4 * GemmErrorBound.U_DOUBLE;
        assertClose("sgemv", toDouble(fgot), fref.want(), fref.scale(), ftol, toDouble(fy0));
    }

    // ================================================================== level 1

    static Stream<Arguments> level1Cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int n = 0; n <= 67; n++) {
            cases.add(Arguments.of(n, 1, 1, 0));
        }
        int[] sizes = {1, 5, 31, 64, 100, 257, 1000};
        for (int n : sizes) {
            cases.add(Arguments.of(n, 2, 3, 1));
            cases.add(Arguments.of(n, 1, 1, 5));
            cases.add(Arguments.of(n, 3, 1, 2));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "n={0} incx={1} incy={2} off={3}")
    @MethodSource("level1Cases")
    void level1(int n, int incx, int incy, int off) {
        SplittableRandom rnd = new SplittableRandom(n * 131L + incx * 7L + incy * 3L + off);
        double[] x = random(rnd, off + Math.max(0, n - 1) * incx + 1 + off);
        double[] y = random(rnd, off + Math.max(0, n - 1) * incy + 1 + off);
        CompensatedDot dot = new CompensatedDot();
        for (int i = 0; i < n; i++) {
            dot.add(x[off + i * incx], y[off + i * incy]);
        }
        assertWithin("ddot", dot.value(), blas().ddot(n, x, off, incx, y, off, incy),
                (GemmErrorBound.gamma(n, GemmErrorBound.U_DOUBLE) + GemmErrorBound.U_DOUBLE) * dot.absSum());
        float[] fx = toFloat(x), fy = toFloat(y);
        dot.reset();
        for (int i = 0; i < n; i++) {
            dot.add(fx[off + i * incx], fy[off + i * incy]);
        }
        assertWithin("sdot", dot.value(), blas().sdot(n, fx, off, incx, fy, off, incy),
                (GemmErrorBound.gamma(n + 1, GemmErrorBound.U_FLOAT) + GemmErrorBound.U_DOUBLE) * dot.absSum() + 1e-30);

        // axpy: the oracle is the correctly rounded fma; a backend may round the product and the sum separately.
        double[] ygot = y.clone(), ywant = y.clone(), yscale = new double[y.length];
        blas().daxpy(n, -1.75, x, off, incx, ygot, off, incy);
        for (int i = 0; i < n; i++) {
            int iy = off + i * incy;
            ywant[iy] = Math.fma(-1.75, x[off + i * incx], y[iy]);
            yscale[iy] = 1.75 * Math.abs(x[off + i * incx]) + Math.abs(y[iy]);
        }
        assertClose("daxpy", ygot, ywant, yscale, GemmErrorBound.gamma(2, GemmErrorBound.U_DOUBLE), y);
        float[] fygot = fy.clone();
        double[] fywant = toDouble(fy), fyscale = new double[fy.length];
        blas().saxpy(n, -1.75f, fx, off, incx, fygot, off, incy);
        for (int i = 0; i < n; i++) {
            int iy = off + i * incy;
            fywant[iy] = Math.fma(-1.75, fx[off + i * incx], fy[iy]);
            fyscale[iy] = 1.75 * Math.abs(fx[off + i * incx]) + Math.abs(fy[iy]);
        }
        assertClose("saxpy", toDouble(fygot), fywant, fyscale, GemmErrorBound.gamma(2, GemmErrorBound.U_FLOAT),
                toDouble(fy));

        // scal: one rounded product per element, so the result is exact to the bit.
        double[] xs = x.clone(), xw = x.clone();
        blas().dscal(n, 0.3, xs, off, incx);
        float[] fxs = fx.clone(), fxw = fx.clone();
        blas().sscal(n, 0.3f, fxs, off, incx);
        for (int i = 0; i < n; i++) {
            xw[off + i * incx] = 0.3 * x[off + i * incx];
            fxw[off + i * incx] = 0.3f * fx[off + i * incx];
        }
        assertArrayClose("dscal", xw, xs, 0.0);
        assertArrayClose("sscal", toDouble(fxw), toDouble(fxs), 0.0);

        dot.reset();
        for (int i = 0; i < n; i++) {
            dot.add(x[off + i * incx], x[off + i * incx]);
        }
        double nrm = Math.sqrt(dot.value());
        assertWithin("dnrm2", nrm, blas().dnrm2(n, x, off, incx), 4 * (n + 2) * DEPS * nrm);
    }

    @Test
    void nrm2NeitherOverflowsNorUnderflows() {
        for (double scale : new double[] {1e300, 1e-300, 1e-310, 1.0}) {
            for (int n : new int[] {1, 7, 64, 129}) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = scale * (i % 3 == 0 ? 3.0 : -4.0);
                }
                double sumSq = 0;
                for (int i = 0; i < n; i++) {
                    double v = x[i] / scale;
                    sumSq += v * v;
                }
                double want = Math.sqrt(sumSq) * scale;
                double got = blas().dnrm2(n, x, 0, 1);
                assertTrue(Double.isFinite(got) && got > 0, "dnrm2 of " + n + " x " + scale + " gave " + got);
                // Subnormal inputs carry fewer significant bits, hence the looser bound there.
                double tol = scale < Double.MIN_NORMAL ? 1e-5 : 4 * (n + 2) * DEPS;
                assertWithin("dnrm2 scale " + scale + " n " + n, want, got, tol * want);
            }
        }
        assertEquals(0.0, blas().dnrm2(5, new double[5], 0, 1));
        assertTrue(Double.isNaN(blas().dnrm2(3, new double[] {1, Double.NaN, 2}, 0, 1)));
        assertEquals(Double.POSITIVE_INFINITY, blas().dnrm2(3, new double[] {1, Double.POSITIVE_INFINITY, 2}, 0, 1));
    }

    // ================================================================== bad arguments

    @Test
    void badArgumentsAreRejected() {
        Blas b = blas();
        double[] a = new double[12], m = new double[12], c = new double[12];
        float[] f = new float[12];
        Transpose no = Transpose.NO;
        assertIae(() -> b.dgemm(null, no, 3, 4, 3, 1, a, 0, 3, m, 0, 4, 0, c, 0, 4));
        assertIae(() -> b.dgemm(no, no, 3, 4, 3, 1, null, 0, 3, m, 0, 4, 0, c, 0, 4));
        assertIae(() -> b.dgemm(no, no, 3, 4, 3, 1, a, 0, 3, m, 0, 4, 0, null, 0, 4));
        assertIae(() -> b.dgemm(no, no, 3, 4, 3, 1, a, 0, 2, m, 0, 4, 0, c, 0, 4));          // lda too small
        assertIae(() -> b.dgemm(no, no, 3, 4, 3, 1, a, 0, 3, m, 0, 4, 0, c, 0, 3));          // ldc too small
        assertIae(() -> b.dgemm(no, no, 3, 4, 3, 1, a, 4, 3, m, 0, 4, 0, c, 0, 4));          // A too short
        assertIae(() -> b.dgemm(no, no, 3, 5, 3, 1, a, 0, 3, m, 0, 5, 0, c, 0, 5));          // B, C too short
        assertIae(() -> b.dgemm(no, no, -1, 4, 3, 1, a, 0, 3, m, 0, 4, 0, c, 0, 4));         // negative size
        assertIae(() -> b.dgemm(no, no, 3, 4, 3, 1, a, -1, 3, m, 0, 4, 0, c, 0, 4));         // negative offset
        assertIae(() -> b.sgemm(no, Transpose.YES, 3, 4, 4, 1, f, 0, 4, f, 0, 3, 0, f, 0, 4)); // ldb < k
        assertIae(() -> b.dgemv(no, 3, 4, 1, a, 0, 3, m, 0, 1, 0, c, 0, 1));                 // lda < n
        assertIae(() -> b.dgemv(no, 3, 4, 1, a, 0, 4, m, 0, 0, 0, c, 0, 1));                 // incx == 0
        assertIae(() -> b.dgemv(Transpose.YES, 3, 4, 1, a, 0, 4, m, 0, 6, 0, c, 0, 1));      // x too short
        assertIae(() -> b.sgemv(null, 3, 4, 1, f, 0, 4, f, 0, 1, 0, f, 0, 1));
        assertIae(() -> b.ddot(13, a, 0, 1, m, 0, 1));
        assertIae(() -> b.ddot(-1, a, 0, 1, m, 0, 1));
        assertIae(() -> b.sdot(3, null, 0, 1, f, 0, 1));
        assertIae(() -> b.daxpy(4, 1, a, 0, 4, m, 0, 1));
        assertIae(() -> b.saxpy(4, 1, f, 0, 1, f, 10, 1));
        assertIae(() -> b.dscal(4, 1, a, 0, -1));
        assertIae(() -> b.sscal(13, 1, f, 0, 1));
        assertIae(() -> b.dnrm2(2, a, 11, 1));
    }

    private static void assertIae(org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertFalse(ex.getMessage() == null || ex.getMessage().isBlank(), "the message must say what is wrong");
    }

    // ================================================================== helpers

    private static double[] random(SplittableRandom rnd, int n) {
        double[] x = new double[Math.max(0, n)];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble(-1.0, 1.0);
        }
        return x;
    }

    private static double[] abs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    private static double[] toDouble(float[] x) {
        return GemmErrorBound.toDouble(x);
    }

    private static void assertClose(String op, double[] got, double[] want, double[] bound, double tol, double[] before) {
        for (int i = 0; i < got.length; i++) {
            if (Double.isNaN(want[i])) {
                int idx = i;
                assertTrue(Double.isNaN(got[i]) && Double.isNaN(before[i]), () -> op + ": NaN mismatch at " + idx);
                continue;
            }
            double err = Math.abs(got[i] - want[i]);
            if (!(err <= tol * bound[i] + Double.MIN_NORMAL)) {
                fail(op + ": element " + i + " is " + got[i] + ", reference " + want[i] + ", error " + err
                        + " > " + tol * bound[i]);
            }
        }
    }

    private static void assertArrayClose(String op, double[] want, double[] got, double relTol) {
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - want[i]);
            if (!(err <= relTol * Math.abs(want[i]) + relTol * 4)) {
                fail(op + ": element " + i + " is " + got[i] + ", reference " + want[i]);
            }
        }
    }

    private static void assertWithin(String op, double want, double got, double tol) {
        if (!(Math.abs(got - want) <= tol)) {
            fail(op + ": got " + got + ", reference " + want + ", difference " + Math.abs(got - want) + " > " + tol);
        }
    }
}
