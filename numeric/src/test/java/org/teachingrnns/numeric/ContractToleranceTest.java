package org.teachingrnns.numeric;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The GEMM contract's error bound can fail: a backend that drops one term of every inner product at k = 300 is
 * rejected by the per-element bound of {@link GemmErrorBound}, while the bound the contract used before
 * ({@code 2 (k + 2) eps k max|a| max|b|}, which grows like k^2) accepted the same wrong result. Correct backends
 * pass the new bound on the same data.
 */
class ContractToleranceTest {

    private static final int M = 40, N = 37, K = 300;

    /** A backend whose GEMM forgets the last term of every inner product (a loop bound off by one). */
    static final class DroppedTermBlas extends ForwardingBlas {
        DroppedTermBlas() {
            super(new ScalarBlas());
        }

        @Override
        public String name() {
            return "dropped-term";
        }

        @Override
        protected void dgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int aOff,
                                   int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            delegate().dgemm(ta, tb, m, n, k - 1, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        protected void sgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float[] a, int aOff,
                                   int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            delegate().sgemm(ta, tb, m, n, k - 1, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * A = M x K and B = K x N, entries uniform in [-1, 1] except the last column of A and the last row of B,
     * which hold +-{@code last}: the term a backend that stops at k - 1 loses is +-last^2 in every element.
     */
    private static double[][] operands(double last, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[M * K];
        double[] b = new double[K * N];
        for (int i = 0; i < M; i++) {
            for (int p = 0; p < K; p++) {
                a[i * K + p] = p == K - 1 ? (rnd.nextBoolean() ? last : -last) : rnd.nextDouble(-1, 1);
            }
        }
        for (int p = 0; p < K; p++) {
            for (int j = 0; j < N; j++) {
                b[p * N + j] = p == K - 1 ? (rnd.nextBoolean() ? last : -last) : rnd.nextDouble(-1, 1);
            }
        }
        return new double[][] {a, b};
    }

    /** The contract's former rule: |got - want| <= 2 (k + 2) eps k max_p|a_ip| max_p|b_pj| (beta = 0). */
    private static boolean formerBoundAccepts(double[] got, double[] want, double[] a, double[] b, double eps) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double rowMax = 0, colMax = 0;
                for (int p = 0; p < K; p++) {
                    rowMax = Math.max(rowMax, Math.abs(a[i * K + p]));
                    colMax = Math.max(colMax, Math.abs(b[p * N + j]));
                }
                double tol = 2 * (K + 2) * eps * K * rowMax * colMax;
                if (!(Math.abs(got[i * N + j] - want[i * N + j]) <= tol)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static GemmErrorBound.Reference reference(double[] a, double[] b) {
        return GemmErrorBound.reference(Transpose.NO, Transpose.NO, M, N, K, 1.0, a, 0, K, b, 0, N, 0.0,
                new double[M * N], 0, N);
    }

    @Test
    void aDroppedTermInDoubleIsCaughtByTheNewBoundAndMissedByTheFormer() {
        // The lost term is 9e-12 in every element: below the former tolerance (2 * 302 * 2.2e-16 * 300 = 4.0e-11),
        // above the new one (gamma_302 * sum|a||b| ~ 3.4e-14 * 75 = 2.5e-12).
        double[][] ab = operands(3e-6, 1);
        Blas broken = new DroppedTermBlas();
        double[] got = new double[M * N];
        broken.dgemm(Transpose.NO, Transpose.NO, M, N, K, 1.0, ab[0], 0, K, ab[1], 0, N, 0.0, got, 0, N);
        GemmErrorBound.Reference ref = reference(ab[0], ab[1]);
        assertTrue(formerBoundAccepts(got, ref.want(), ab[0], ab[1], Math.ulp(1.0)), "the former bound missed it");
        assertNotNull(GemmErrorBound.firstViolation("dgemm", "dropped term", new double[M * N], got, ref, K,
                GemmErrorBound.U_DOUBLE, 0, M, N, N), "the new bound must reject a dropped term");
        for (String name : new String[] {"scalar", "vector"}) {
            double[] ok = new double[M * N];
            Blas.of(name).dgemm(Transpose.NO, Transpose.NO, M, N, K, 1.0, ab[0], 0, K, ab[1], 0, N, 0.0, ok, 0, N);
            assertNull(GemmErrorBound.firstViolation("dgemm", name, new double[M * N], ok, ref, K,
                    GemmErrorBound.U_DOUBLE, 0, M, N, N));
        }
    }

    @Test
    void aDroppedTermInFloatIsCaughtByTheNewBoundAndMissedByTheFormer() {
        // The lost term is 1e-2: below the former tolerance (2 * 302 * 1.19e-7 * 300 = 2.2e-2), above the new one
        // (gamma_302 * sum|a||b| ~ 1.8e-5 * 75 = 1.4e-3).
        double[][] ab = operands(0.1, 2);
        float[] fa = toFloat(ab[0]), fb = toFloat(ab[1]);
        double[] a = GemmErrorBound.toDouble(fa), b = GemmErrorBound.toDouble(fb);
        float[] got = new float[M * N];
        new DroppedTermBlas().sgemm(Transpose.NO, Transpose.NO, M, N, K, 1f, fa, 0, K, fb, 0, N, 0f, got, 0, N);
        GemmErrorBound.Reference ref = reference(a, b);
        double[] g = GemmErrorBound.toDouble(got);
        assertTrue(formerBoundAccepts(g, ref.want(), a, b, Math.ulp(1.0f)), "the former bound missed it");
        assertNotNull(GemmErrorBound.firstViolation("sgemm", "dropped term", new double[M * N], g, ref, K,
                GemmErrorBound.U_FLOAT, 0, M, N, N), "the new bound must reject a dropped term");
        for (String name : new String[] {"scalar", "vector"}) {
            float[] ok = new float[M * N];
            Blas.of(name).sgemm(Transpose.NO, Transpose.NO, M, N, K, 1f, fa, 0, K, fb, 0, N, 0f, ok, 0, N);
            assertNull(GemmErrorBound.firstViolation("sgemm", name, new double[M * N], GemmErrorBound.toDouble(ok), ref,
                    K, GemmErrorBound.U_FLOAT, 0, M, N, N));
        }
    }

    @Test
    void theWholeContractRejectsTheBrokenBackend() {
        BlasContractTest contract = new BlasContractTest() {
            @Override
            protected Blas blas() {
                return new DroppedTermBlas();
            }
        };
        // The exact-integer check and the bounded check both fail on it.
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> contract.gemmIsExactOnSmallIntegers(Transpose.NO, Transpose.YES, 29, 31, 300));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> contract.gemmMixed(new BlasContractTest.GemmCase(Transpose.NO, Transpose.NO, 300, 300, 300, 1.0,
                        0.0, 0, 0, false)));
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }
}
