package org.teachingrnns.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.teachingrnns.numeric.testing.TestMatrices.assertConjugatePairs;
import static org.teachingrnns.numeric.testing.TestMatrices.assertSameSpectrum;
import static org.teachingrnns.numeric.testing.TestMatrices.gaussian;
import static org.teachingrnns.numeric.testing.TestMatrices.norm;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.teachingrnns.numeric.ComplexArray;

/**
 * EigenDecomposition's eigenvalues-only path through the multishift QR (dlaqr0, {@link MultishiftQr}) against
 * the same decomposition through dlahqr: balancing, Hessenberg reduction and the choice between the two.
 */
class EigenDecompositionMultishiftTest {

    /** An eigenvalues-only decomposition that takes the multishift QR from active blocks of order {@code from}. */
    private static EigenDecomposition decomposition(int from) {
        EigenDecomposition e = new EigenDecomposition();
        e.multishiftFrom(from);
        return e;
    }

    private static ComplexArray eigenvalues(EigenDecomposition e, double[] a, int n) {
        assertTrue(e.decompose(a, n), e.failure());
        return e.eigenvalues();
    }

    /** EigenDecomposition (balancing, Hessenberg, QR) with the multishift QR against with dlahqr. */
    private static void assertDecompositionsAgree(double[] a, int n, String what) {
        ComplexArray expected = eigenvalues(decomposition(Integer.MAX_VALUE), a, n);
        ComplexArray actual = eigenvalues(decomposition(MultishiftQr.NMIN), a, n);
        assertSameSpectrum(expected, actual, 1e-10 * norm(a), what);
        assertConjugatePairs(actual, what);
        MultishiftQrTest.assertTrace(a, n, 0, n - 1, actual, what);
    }

    @ParameterizedTest
    @ValueSource(ints = {75, 76, 100, 150, 256, 300})
    void namedSizesThroughEigenDecomposition(int n) {
        Random rnd = new Random(31 * n);
        assertDecompositionsAgree(MultishiftQrTest.scaled(gaussian(n, n, rnd), 1.0 / Math.sqrt(n)), n, "n = " + n);
    }

    @Test
    void eigenDecompositionTakesItForLargeBlocks() {
        // By default an order-256 matrix goes through the multishift QR (with or without a backend), an
        // order-128 one through dlahqr: the same bits as with the path forced.
        for (int n : new int[] {128, 256}) {
            double[] a = MultishiftQrTest.scaled(gaussian(n, n, new Random(n)), 1.0 / Math.sqrt(n));
            ComplexArray byDefault = eigenvalues(new EigenDecomposition(), a, n);
            ComplexArray forced = eigenvalues(decomposition(n == 256 ? MultishiftQr.NMIN : Integer.MAX_VALUE), a, n);
            assertArrayEquals(forced.re, byDefault.re, "n = " + n);
            assertArrayEquals(forced.im, byDefault.im, "n = " + n);
        }
        assertTrue(EigenDecomposition.MULTISHIFT_FROM >= MultishiftQr.NMIN);
        assertTrue(EigenDecomposition.MULTISHIFT_FROM_PLAIN <= 256);
    }

    @Test
    void balancingIsolatesEigenvaluesAroundTheBlock() {
        // Leading columns upper triangular and trailing rows lower-left zero, then a random symmetric
        // permutation: dgebal's permutations isolate them again, the QR sees a block lo > 0 .. hi < n - 1.
        int n = 220;
        int top = 9;
        int bottom = 13;
        Random rnd = new Random(17);
        double[] a0 = MultishiftQrTest.scaled(gaussian(n, n, rnd), 1.0 / Math.sqrt(n));
        for (int j = 0; j < top; j++) {
            for (int i = j + 1; i < n; i++) {
                a0[i * n + j] = 0.0;
            }
        }
        for (int i = n - bottom; i < n; i++) {
            for (int j = 0; j < i; j++) {
                a0[i * n + j] = 0.0;
            }
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[k];
            perm[k] = t;
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[perm[i] * n + perm[j]] = a0[i * n + j];
            }
        }
        Balancing b = new Balancing();
        b.balance(a.clone(), n);
        assertTrue(b.lo > 0 && b.hi < n - 1 && b.hi - b.lo + 1 >= MultishiftQr.NMIN,
                "balancing left rows/columns " + b.lo + ".." + b.hi);
        assertDecompositionsAgree(a, n, "isolated eigenvalues");
    }

    @Test
    void zeroAndTinyMatricesThroughEigenDecomposition() {
        int n = 200;
        ComplexArray zero = eigenvalues(decomposition(MultishiftQr.NMIN), new double[n * n], n);
        assertArrayEquals(new double[n], zero.re);
        assertArrayEquals(new double[n], zero.im);
        // Entries of 1e-300: dgeev's scaling keeps the QR's thresholds meaningful.
        double[] a = MultishiftQrTest.scaled(gaussian(n, n, new Random(2)), 1e-300 / Math.sqrt(n));
        ComplexArray tiny = eigenvalues(decomposition(MultishiftQr.NMIN), a, n);
        ComplexArray unit = eigenvalues(decomposition(MultishiftQr.NMIN), MultishiftQrTest.scaled(a, 1e300), n);
        assertSameSpectrum(unit, ComplexArray.of(MultishiftQrTest.scaled(tiny.re, 1e300), MultishiftQrTest.scaled(tiny.im, 1e300)), 1e-12, "tiny");
    }

    @Test
    void nonConvergenceIsReported() {
        int n = 200;
        double[] a = MultishiftQrTest.scaled(gaussian(n, n, new Random(4)), 1.0 / Math.sqrt(n));
        EigenDecomposition e = decomposition(MultishiftQr.NMIN);
        e.iterationsPerEigenvalue(0);
        assertTrue(!e.decompose(a, n));
        assertTrue(e.failure().contains("dlaqr0") && e.failure().contains("did not converge"), e.failure());
        e.iterationsPerEigenvalue(FrancisQr.ITERATIONS_PER_EIGENVALUE);
        assertTrue(e.decompose(a, n), e.failure());
    }
}
