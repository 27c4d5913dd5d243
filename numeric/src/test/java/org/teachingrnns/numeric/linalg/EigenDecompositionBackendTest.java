package org.teachingrnns.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.Transpose;

/**
 * The eigen path takes its backend from the caller: the one passed runs the long reflectors, the scalar one keeps
 * everything inline, and the results agree with the default path to rounding.
 */
class EigenDecompositionBackendTest {

    /** The scalar reference behind a counter of level-2 and level-1 calls (not a ScalarBlas, so it is "accelerated"). */
    static final class CountingBlas extends Blas {
        final Blas scalar = Blas.of("scalar");
        int calls;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        protected void dgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int aOff,
                                   int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            calls++;
            scalar.dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        protected void sgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float[] a, int aOff,
                                   int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            calls++;
            scalar.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        protected void dgemvKernel(Transpose t, int m, int n, double alpha, double[] a, int aOff, int lda,
                                   double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
            calls++;
            scalar.dgemv(t, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }

        @Override
        protected void sgemvKernel(Transpose t, int m, int n, float alpha, float[] a, int aOff, int lda,
                                   float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
            calls++;
            scalar.sgemv(t, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }

        @Override
        protected double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
            calls++;
            return scalar.ddot(n, x, xOff, incx, y, yOff, incy);
        }

        @Override
        protected float sdotKernel(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
            calls++;
            return scalar.sdot(n, x, xOff, incx, y, yOff, incy);
        }

        @Override
        protected void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
            calls++;
            scalar.daxpy(n, alpha, x, xOff, incx, y, yOff, incy);
        }

        @Override
        protected void saxpyKernel(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
            calls++;
            scalar.saxpy(n, alpha, x, xOff, incx, y, yOff, incy);
        }

        @Override
        protected void dscalKernel(int n, double alpha, double[] x, int xOff, int incx) {
            calls++;
            scalar.dscal(n, alpha, x, xOff, incx);
        }

        @Override
        protected void sscalKernel(int n, float alpha, float[] x, int xOff, int incx) {
            calls++;
            scalar.sscal(n, alpha, x, xOff, incx);
        }

        @Override
        protected double dnrm2Kernel(int n, double[] x, int xOff, int incx) {
            calls++;
            return scalar.dnrm2(n, x, xOff, incx);
        }
    }

    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian() / Math.sqrt(n);
        }
        return a;
    }

    /** Sorted by (re, im) so two runs can be compared entry by entry. */
    private static double[][] sorted(ComplexArray c) {
        double[][] v = new double[c.length()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new double[] {c.re(i), c.im(i)};
        }
        java.util.Arrays.sort(v, (x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]));
        return v;
    }

    private static void assertSameSpectrum(ComplexArray expected, ComplexArray actual) {
        double[][] e = sorted(expected);
        double[][] a = sorted(actual);
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i][0], a[i][0], 1e-11, "re " + i);
            assertEquals(e[i][1], a[i][1], 1e-11, "im " + i);
        }
    }

    @Test
    void givenBackendRunsTheLongReflectorsAndAgreesWithTheDefault() {
        int n = 48;
        double[] a = random(n, 7);
        CountingBlas counting = new CountingBlas();
        ComplexArray viaCounting = EigenDecomposition.eigenvalues(a, n, counting);
        assertTrue(counting.calls > 0, "the given backend was not used for a 48 x 48 reduction");
        assertSameSpectrum(EigenDecomposition.eigenvalues(a, n), viaCounting);
        assertSameSpectrum(viaCounting, EigenDecomposition.eigenvalues(a, n, Blas.of("scalar")));
    }

    @Test
    void vectorsThroughTheGivenBackendSatisfyTheEigenEquation() {
        int n = 40;
        double[] a = random(n, 11);
        CountingBlas counting = new CountingBlas();
        EigenDecomposition e = new EigenDecomposition(true, false, counting);
        assertTrue(e.decompose(a, n));
        assertTrue(counting.calls > 0);
        for (int k = 0; k < n; k++) {
            ComplexArray v = e.rightEigenvector(k);
            double lr = e.eigenvalueRe(k);
            double li = e.eigenvalueIm(k);
            for (int r = 0; r < n; r++) {
                double sr = 0.0;
                double si = 0.0;
                for (int c = 0; c < n; c++) {
                    sr += a[r * n + c] * v.re(c);
                    si += a[r * n + c] * v.im(c);
                }
                assertEquals(lr * v.re(r) - li * v.im(r), sr, 1e-10, "row " + r + " of A v - lambda v, k " + k);
                assertEquals(lr * v.im(r) + li * v.re(r), si, 1e-10, "row " + r + " of A v - lambda v, k " + k);
            }
        }
    }

    @Test
    void smallMatricesNeverCallTheBackend() {
        CountingBlas counting = new CountingBlas();
        for (int n = 1; n <= 16; n++) {
            new EigenDecomposition(true, true, counting).decompose(random(n, n), n);
        }
        assertEquals(0, counting.calls, "no reflector of a matrix up to 16 x 16 is long enough for a call to pay");
    }

    @Test
    void nullBackendIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new EigenDecomposition(true, false, null));
    }
}
