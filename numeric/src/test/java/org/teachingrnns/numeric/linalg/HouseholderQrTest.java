package org.teachingrnns.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.teachingrnns.numeric.testing.TestMatrices.gaussian;
import static org.teachingrnns.numeric.testing.TestMatrices.maxAbsDiff;
import static org.teachingrnns.numeric.testing.TestMatrices.multiply;
import static org.teachingrnns.numeric.testing.TestMatrices.norm;
import static org.teachingrnns.numeric.testing.TestMatrices.transpose;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HouseholderQrTest {

    private static final double EPS = 0x1p-52;

    private static void assertOrthonormalColumns(double[] q, int m, int k, double tol) {
        double[] g = multiply(transpose(q, m, k), q, k, m, k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                assertEquals(i == j ? 1.0 : 0.0, g[i * k + j], tol, "Q^T Q at (" + i + ", " + j + ")");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "2,2", "5,5", "16,16", "7,3", "3,7", "64,64", "100,40", "40,100", "257,257"})
    void qTimesRIsAWithOrthogonalQAndTriangularR(int m, int n) {
        Random rnd = new Random(41L * m + n);
        double[] a = gaussian(m, n, rnd);
        for (boolean positive : new boolean[] {false, true}) {
            HouseholderQr qr = new HouseholderQr(positive);
            assertTrue(qr.decompose(a, m, n));
            int k = Math.min(m, n);
            double[] q = qr.getQ();
            double[] r = qr.getR();
            double tol = 20 * Math.max(m, n) * EPS;
            assertOrthonormalColumns(q, m, k, tol);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(0.0, r[i * n + j], 0.0, "R below the diagonal");
                }
            }
            double[] qrProduct = multiply(q, r, m, k, n);
            assertTrue(maxAbsDiff(a, qrProduct) <= tol * norm(a), "||QR - A|| for " + m + "x" + n);
            double[] full = qr.getFullQ();
            assertOrthonormalColumns(full, m, m, tol);
            // The first k columns of the full Q are the thin Q.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(q[i * k + j], full[i * m + j], 1e-15);
                }
            }
            double[] d = new double[k];
            qr.getRDiagonal(d);
            for (int i = 0; i < k; i++) {
                assertEquals(r[i * n + i], d[i]);
                if (positive) {
                    assertTrue(d[i] >= 0.0, "positive diagonal");
                }
            }
        }
    }

    @Test
    void blockedAndUnblockedAgree() {
        // 300 x 260 and 260 x 300 take the blocked path (>= NX = 128 columns) with an explicit backend,
        // even the scalar reference; the result must match the unblocked factorisation to rounding.
        Random rnd = new Random(46);
        for (int[] s : new int[][] {{300, 260}, {260, 300}, {129, 129}}) {
            int m = s[0];
            int n = s[1];
            double[] a = gaussian(m, n, rnd);
            for (String backend : org.teachingrnns.numeric.Blas.names()) {
                org.teachingrnns.numeric.Blas blas;
                try {
                    blas = org.teachingrnns.numeric.Blas.of(backend);
                } catch (org.teachingrnns.numeric.BackendUnavailableException e) {
                    continue;
                }
                HouseholderQr blocked = new HouseholderQr(true, blas);
                HouseholderQr plain = new HouseholderQr(true, null);
                blocked.decompose(a, m, n);
                plain.decompose(a, m, n);
                double[] rb = blocked.getR();
                double[] rp = plain.getR();
                double tol = 1e-12 * norm(a);
                assertTrue(maxAbsDiff(rb, rp) <= tol, backend + ": R differs by " + maxAbsDiff(rb, rp));
                double[] qb = blocked.getQ();
                assertTrue(maxAbsDiff(qb, plain.getQ()) <= 1e-12, backend + ": Q");
                assertTrue(maxAbsDiff(blocked.getFullQ(), plain.getFullQ()) <= 1e-12, backend + ": full Q");
                int k = Math.min(m, n);
                assertTrue(maxAbsDiff(a, multiply(qb, rb, m, k, n)) <= 50 * Math.max(m, n) * EPS * norm(a),
                        backend + ": QR = A");
            }
        }
    }

    /**
     * The Lyapunov spectrum's QR: blocked from one panel past NB columns, its backend asked only for the blocks' matrix
     * products (a backend that fails on anything else), every reflector inline. Tall, square, wide and rank-deficient
     * shapes match the unblocked factors to rounding, QR = A and Q is orthonormal.
     */
    @Test
    void blockedWithInlineReflectorsAsksItsBackendOnlyForProducts() {
        Random rnd = new Random(47);
        for (int[] s : new int[][] {{40, 33}, {64, 64}, {100, 70}, {70, 100}, {130, 130}, {256, 200}, {33, 33}, {32, 32}}) {
            int m = s[0];
            int n = s[1];
            for (boolean deficient : new boolean[] {false, true}) {
                double[] a = gaussian(m, n, rnd);
                if (deficient) {
                    for (int i = 0; i < m; i++) {
                        a[i * n + 5] = a[i * n + 3];   // two equal columns
                        a[i * n + n - 1] = 0.0;        // and a zero one
                    }
                }
                GemmOnly products = new GemmOnly();
                HouseholderQr blocked = HouseholderQr.blockedWithInlineReflectors(true, products);
                HouseholderQr plain = new HouseholderQr(true, null);
                blocked.decompose(a, m, n);
                plain.decompose(a, m, n);
                int k = Math.min(m, n);
                String where = m + " x " + n + (deficient ? ", rank-deficient" : "");
                assertEquals(k > HouseholderQr.NB, products.calls > 0, where + ": blocked exactly when a panel leaves columns");
                double[] rb = blocked.getR();
                double[] qb = blocked.getQ();
                assertTrue(maxAbsDiff(rb, plain.getR()) <= 1e-12 * norm(a), where + ": R");
                assertTrue(maxAbsDiff(a, multiply(qb, rb, m, k, n)) <= 50 * Math.max(m, n) * EPS * norm(a), where + ": QR = A");
                assertOrthonormalColumns(qb, m, k, 50 * Math.max(m, n) * EPS);
                if (!deficient) {
                    assertTrue(maxAbsDiff(qb, plain.getQ()) <= 1e-11, where + ": Q");
                }
                assertOrthonormalColumns(blocked.getFullQ(), m, m, 50 * Math.max(m, n) * EPS);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> HouseholderQr.blockedWithInlineReflectors(true, null));
    }

    /** The scalar reference's dgemm, counted; any other kernel fails the test. */
    private static final class GemmOnly extends org.teachingrnns.numeric.ForwardingBlas {
        int calls;

        GemmOnly() {
            super(new org.teachingrnns.numeric.ScalarBlas());
        }

        @Override
        public String name() {
            return "gemm-only";
        }

        @Override
        protected void dgemmKernel(org.teachingrnns.numeric.Transpose ta, org.teachingrnns.numeric.Transpose tb, int m,
                                   int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                   double beta, double[] c, int cOff, int ldc) {
            calls++;
            super.dgemmKernel(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        protected void dgemvKernel(org.teachingrnns.numeric.Transpose t, int m, int n, double alpha, double[] a, int aOff,
                                   int lda, double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
            throw new AssertionError("dgemv asked of the products backend");
        }

        @Override
        protected double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
            throw new AssertionError("ddot asked of the products backend");
        }

        @Override
        protected void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
            throw new AssertionError("daxpy asked of the products backend");
        }

        @Override
        protected void dscalKernel(int n, double alpha, double[] x, int xOff, int incx) {
            throw new AssertionError("dscal asked of the products backend");
        }

        @Override
        protected double dnrm2Kernel(int n, double[] x, int xOff, int incx) {
            throw new AssertionError("dnrm2 asked of the products backend");
        }
    }

    @Test
    void lapackSignConvention() {
        // dgeqrf: R(0,0) = -sign(A(0,0)) ||A(:,0)||, numpy.linalg.qr([[3, 1], [4, 2]]) has R = [[-5, -2.2], [0, 0.4]]
        // and Q = [[-0.6, -0.8], [-0.8, 0.6]].
        HouseholderQr qr = new HouseholderQr();
        qr.decompose(new double[] {3, 1, 4, 2}, 2, 2);
        assertArrayEquals(new double[] {-5, -2.2, 0, 0.4}, qr.getR(), 1e-15);
        assertArrayEquals(new double[] {-0.6, -0.8, -0.8, 0.6}, qr.getQ(), 1e-15);
        HouseholderQr pos = new HouseholderQr(true);
        pos.decompose(new double[] {3, 1, 4, 2}, 2, 2);
        assertArrayEquals(new double[] {5, 2.2, 0, 0.4}, pos.getR(), 1e-15);
        assertArrayEquals(new double[] {0.6, -0.8, 0.8, 0.6}, pos.getQ(), 1e-15);
        // A column that is already zero below the pivot: tau = 0, H = I, R keeps the pivot's sign.
        qr.decompose(new double[] {-2, 1, 0, 3}, 2, 2);
        assertArrayEquals(new double[] {-2, 1, 0, 3}, qr.getR(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 1}, qr.getQ(), 0.0);
        pos.decompose(new double[] {-2, 1, 0, 3}, 2, 2);
        assertArrayEquals(new double[] {2, -1, 0, 3}, pos.getR(), 0.0);
    }

    @Test
    void positiveDiagonalQrIsUniqueAndGivesDeterminant() {
        Random rnd = new Random(43);
        int n = 12;
        double[] a = gaussian(n, n, rnd);
        HouseholderQr pos = new HouseholderQr(true);
        pos.decompose(a, n, n);
        double[] d = new double[n];
        pos.getRDiagonal(d);
        // |det A| = prod R(i,i): compare logs with the LU-based reference.
        double logAbs = 0.0;
        for (double v : d) {
            logAbs += Math.log(v);
        }
        assertEquals(org.teachingrnns.numeric.testing.TestMatrices.logDet(a, n)[0], logAbs, 1e-10);
        // Uniqueness: Cholesky of A^T A has the same factor, so R^T R = A^T A.
        double[] r = pos.getR();
        assertTrue(maxAbsDiff(multiply(transpose(r, n, n), r, n, n, n), multiply(transpose(a, n, n), a, n, n, n))
                < 1e-12 * n * n);
    }

    @Test
    void reuseApplyQTransposeAndLeastSquares() {
        Random rnd = new Random(44);
        HouseholderQr qr = new HouseholderQr(true);
        for (int[] s : new int[][] {{6, 3}, {2, 2}, {30, 10}, {0, 0}, {5, 0}}) {
            int m = s[0];
            int n = s[1];
            double[] a = gaussian(m, n, rnd);
            qr.decompose(a, m, n);
            double[] b = gaussian(m, 1, rnd);
            double[] qtb = b.clone();
            qr.applyQTranspose(qtb);
            double[] full = qr.getFullQ();
            double[] expected = multiply(transpose(full, m, m), b, m, m, 1);
            for (int i = 0; i < Math.min(m, n); i++) {
                assertEquals(expected[i], qtb[i], 1e-12);
            }
            if (n > 0) {
                // The least-squares residual is orthogonal to the columns of A.
                double[] x = qr.solve(b);
                double[] res = multiply(a, x, m, n, 1);
                for (int i = 0; i < m; i++) {
                    res[i] -= b[i];
                }
                double[] atr = multiply(transpose(a, m, n), res, n, m, 1);
                for (double v : atr) {
                    assertEquals(0.0, v, 1e-12 * m);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> qr.decompose(new double[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> qr.decompose(new double[] {Double.NaN}, 1, 1));
        assertThrows(IllegalStateException.class, () -> new HouseholderQr().getQ());
    }

    @Test
    void rankDeficientAndTinyOrHugeEntries() {
        // Two equal columns: R(1,1) ~ 0, still Q R = A and Q orthogonal.
        double[] a = {1, 1, 2, 2, 3, 3};
        HouseholderQr qr = new HouseholderQr();
        qr.decompose(a, 3, 2);
        assertTrue(maxAbsDiff(a, multiply(qr.getQ(), qr.getR(), 3, 2, 2)) < 1e-14);
        assertTrue(Math.abs(qr.getR()[3]) < 1e-14);
        for (double s : new double[] {1e-300, 1e300, 1e-310}) {
            double[] b = gaussian(4, 4, new Random(45));
            for (int i = 0; i < b.length; i++) {
                b[i] *= s;
            }
            qr.decompose(b, 4, 4);
            double[] q = qr.getQ();
            assertOrthonormalColumns(q, 4, 4, 1e-14);
            double[] back = multiply(q, qr.getR(), 4, 4, 4);
            // Subnormal entries (1e-310) carry an absolute rounding error of a few Double.MIN_VALUE.
            assertTrue(maxAbsDiff(b, back) <= 1e-14 * norm(b) + 64 * Double.MIN_VALUE, "scale " + s);
        }
    }

    @Test
    void onePassPerReflectorGivesTheTwoPassBits() {
        // The inline (no backend) factorisation updates each row by reflector i and adds it into reflector i+1's
        // w in one pass. Against dgeqr2 applied reflector by reflector in two passes (below, the order LAPACK and
        // the former code use): the same bits in R and in the reflectors, then in Q, at tall, wide and square
        // shapes, with zero columns (tau = 0) and a rank-deficient matrix.
        Random rng = new Random(91);
        int[][] shapes = {{1, 1}, {2, 1}, {1, 3}, {3, 3}, {5, 2}, {2, 5}, {7, 7}, {16, 9}, {9, 16}, {33, 33},
            {40, 25}, {25, 40}, {64, 64}, {100, 37}};
        for (int[] mn : shapes) {
            int m = mn[0];
            int n = mn[1];
            for (int kind = 0; kind < 3; kind++) {
                double[] a = gaussian(m, n, rng);
                if (kind == 1) {
                    for (int r = 0; r < m; r++) {
                        a[r * n + n / 2] = 0.0;   // a zero column: its reflector is the identity
                    }
                } else if (kind == 2 && n > 1) {
                    for (int r = 0; r < m; r++) {
                        a[r * n + n - 1] = 2.0 * a[r * n];   // rank deficient
                    }
                }
                double[] expected = a.clone();
                double[] tauExpected = new double[Math.min(m, n)];
                twoPassDgeqr2(expected, m, n, tauExpected);
                HouseholderQr lapackSigns = new HouseholderQr(false, null);
                lapackSigns.decompose(a, m, n);
                assertBits(twoPassQ(expected, tauExpected, m, n, Math.min(m, n)), lapackSigns.getQ(), m + "x" + n + " kind " + kind + " Q");
                assertBits(twoPassQ(expected, tauExpected, m, n, m), lapackSigns.getFullQ(), m + "x" + n + " kind " + kind + " full Q");
                for (boolean positive : new boolean[] {false, true}) {
                    HouseholderQr qr = new HouseholderQr(positive, null);
                    qr.decompose(a, m, n);
                    double[] r = qr.getR();
                    for (int i = 0; i < Math.min(m, n); i++) {
                        for (int j = i; j < n; j++) {
                            double e = expected[i * n + j];
                            double sgn = positive && expected[i * n + i] < 0 ? -1.0 : 1.0;
                            assertEquals(Double.doubleToRawLongBits(sgn * e), Double.doubleToRawLongBits(r[i * n + j]),
                                    m + "x" + n + " kind " + kind + " R(" + i + "," + j + ")");
                        }
                    }
                }
            }
        }
    }

    /** dorg2r from twoPassDgeqr2's factors, reflector by reflector in two passes; Q is m x cols. */
    private static double[] twoPassQ(double[] f, double[] tau, int m, int n, int cols) {
        double[] q = new double[m * cols];
        for (int i = 0; i < Math.min(m, cols); i++) {
            q[i * cols + i] = 1.0;
        }
        double[] v = new double[m];
        double[] w = new double[cols];
        for (int i = Math.min(m, n) - 1; i >= 0; i--) {
            if (tau[i] == 0.0) {
                continue;
            }
            v[0] = 1.0;
            for (int r = 1; r < m - i; r++) {
                v[r] = f[(i + r) * n + i];
            }
            java.util.Arrays.fill(w, 0.0);
            for (int r = 0; r < m - i; r++) {
                for (int c = i; c < cols; c++) {
                    w[c] += v[r] * q[(i + r) * cols + c];
                }
            }
            for (int r = 0; r < m - i; r++) {
                double s = tau[i] * v[r];
                for (int c = i; c < cols; c++) {
                    q[(i + r) * cols + c] -= s * w[c];
                }
            }
        }
        return q;
    }

    private static void assertBits(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), where + " element " + i);
        }
    }

    /** dgeqr2 with each reflector applied in two passes over the trailing matrix (w = v^T A, then A -= tau v w^T). */
    private static void twoPassDgeqr2(double[] a, int m, int n, double[] tau) {
        double[] v = new double[m];
        double[] w = new double[n];
        for (int i = 0; i < Math.min(m, n); i++) {
            int len = m - i;
            for (int r = 0; r < len; r++) {
                v[r] = a[(i + r) * n + i];
            }
            tau[i] = Reflector.dlarfg(len, v, 0, 1);
            for (int r = 0; r < len; r++) {
                a[(i + r) * n + i] = v[r];
            }
            v[0] = 1.0;
            if (tau[i] == 0.0) {
                continue;
            }
            java.util.Arrays.fill(w, 0.0);
            for (int r = 0; r < len; r++) {
                for (int c = i + 1; c < n; c++) {
                    w[c] += v[r] * a[(i + r) * n + c];
                }
            }
            for (int r = 0; r < len; r++) {
                double s = tau[i] * v[r];
                for (int c = i + 1; c < n; c++) {
                    a[(i + r) * n + c] -= s * w[c];
                }
            }
        }
    }
}
