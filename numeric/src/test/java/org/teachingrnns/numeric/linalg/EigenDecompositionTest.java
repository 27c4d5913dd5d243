package org.teachingrnns.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.teachingrnns.numeric.testing.TestMatrices.assertConjugatePairs;
import static org.teachingrnns.numeric.testing.TestMatrices.assertSameSpectrum;
import static org.teachingrnns.numeric.testing.TestMatrices.gaussian;
import static org.teachingrnns.numeric.testing.TestMatrices.logDet;
import static org.teachingrnns.numeric.testing.TestMatrices.multiply;
import static org.teachingrnns.numeric.testing.TestMatrices.norm;
import static org.teachingrnns.numeric.testing.TestMatrices.orthogonal;
import static org.teachingrnns.numeric.testing.TestMatrices.transpose;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.teachingrnns.numeric.ComplexArray;

class EigenDecompositionTest {

    private static final double EPS = 0x1p-52;

    /** max_k ||A v_k - lambda_k v_k|| / (||A||_F ||v_k||), complex arithmetic. */
    private static double rightResidual(double[] a, int n, EigenDecomposition e) {
        double an = Math.max(norm(a), Double.MIN_NORMAL);
        double worst = 0.0;
        for (int k = 0; k < n; k++) {
            ComplexArray v = e.rightEigenvector(k);
            double lr = e.eigenvalueRe(k);
            double li = e.eigenvalueIm(k);
            double ss = 0.0;
            for (int i = 0; i < n; i++) {
                double sr = 0.0;
                double si = 0.0;
                for (int j = 0; j < n; j++) {
                    sr += a[i * n + j] * v.re[j];
                    si += a[i * n + j] * v.im[j];
                }
                sr -= lr * v.re[i] - li * v.im[i];
                si -= lr * v.im[i] + li * v.re[i];
                ss += sr * sr + si * si;
            }
            worst = Math.max(worst, Math.sqrt(ss) / (an * vecNorm(v)));
        }
        return worst;
    }

    /** max_k ||u_k^H A - lambda_k u_k^H|| / (||A||_F ||u_k||). */
    private static double leftResidual(double[] a, int n, EigenDecomposition e) {
        double an = Math.max(norm(a), Double.MIN_NORMAL);
        double worst = 0.0;
        for (int k = 0; k < n; k++) {
            ComplexArray u = e.leftEigenvector(k);
            double lr = e.eigenvalueRe(k);
            double li = e.eigenvalueIm(k);
            double ss = 0.0;
            // (u^H A)_j = sum_i conj(u_i) A_ij; lambda conj(u_j).
            for (int j = 0; j < n; j++) {
                double sr = 0.0;
                double si = 0.0;
                for (int i = 0; i < n; i++) {
                    sr += a[i * n + j] * u.re[i];
                    si -= a[i * n + j] * u.im[i];
                }
                sr -= lr * u.re[j] + li * u.im[j];
                si -= li * u.re[j] - lr * u.im[j];
                ss += sr * sr + si * si;
            }
            worst = Math.max(worst, Math.sqrt(ss) / (an * vecNorm(u)));
        }
        return worst;
    }

    private static double vecNorm(ComplexArray v) {
        double s = 0.0;
        for (int i = 0; i < v.length(); i++) {
            s += v.re[i] * v.re[i] + v.im[i] * v.im[i];
        }
        return Math.sqrt(s);
    }

    private static void assertEigenpairs(double[] a, int n, double tolFactor, String what) {
        assertEigenpairs(a, n, tolFactor, 1e-9 * Math.max(1.0, norm(a)), what);
    }

    /**
     * As above, with the tolerance for the agreement of the values-only and with-vectors paths given: a
     * defective eigenvalue (Jordan block of size 2) moves by O(sqrt(eps ||A||)) under rounding (Demmel,
     * Applied Numerical Linear Algebra, section 4.3), so two correct paths can differ by that much.
     */
    private static void assertEigenpairs(double[] a, int n, double tolFactor, double spectrumTol, String what) {
        EigenDecomposition e = new EigenDecomposition(true, true);
        assertTrue(e.decompose(a, n), what + ": " + e.failure());
        double tol = tolFactor * Math.max(1, n) * EPS;
        double r = rightResidual(a, n, e);
        double l = leftResidual(a, n, e);
        assertTrue(r <= tol, what + ": right residual " + r + " > " + tol);
        assertTrue(l <= tol, what + ": left residual " + l + " > " + tol);
        assertConjugatePairs(e.eigenvalues(), what);
        // The vectors come normalised as dgeev's: unit norm, largest component real.
        for (int k = 0; k < n; k++) {
            assertEquals(1.0, vecNorm(e.rightEigenvector(k)), 1e-12, what);
            assertEquals(1.0, vecNorm(e.leftEigenvector(k)), 1e-12, what);
        }
        // The values agree with the values-only path to working accuracy (not bit for bit: with vectors
        // the full Schur form is updated, which changes rounding, as in LAPACK).
        ComplexArray only = EigenDecomposition.eigenvalues(a, n);
        assertSameSpectrum(only, e.eigenvalues(), spectrumTol, what);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 16, 33, 64})
    void randomMatricesSatisfyAvEqualsLambdaV(int n) {
        Random rnd = new Random(1000 + n);
        for (int trial = 0; trial < 5; trial++) {
            double[] a = gaussian(n, n, rnd);
            assertEigenpairs(a, n, 20, "random " + n + "x" + n + " #" + trial);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 10, 25, 60})
    void traceIsSumAndDeterminantIsProduct(int n) {
        Random rnd = new Random(2000 + n);
        double[] a = gaussian(n, n, rnd);
        ComplexArray ev = EigenDecomposition.eigenvalues(a, n);
        assertConjugatePairs(ev, "random");
        double trace = 0.0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
        }
        double sr = 0.0;
        double si = 0.0;
        double logAbs = 0.0;
        double arg = 0.0;
        for (int k = 0; k < n; k++) {
            sr += ev.re[k];
            si += ev.im[k];
            logAbs += Math.log(ev.abs(k));
            arg += ev.arg(k);
        }
        assertEquals(trace, sr, 50 * n * EPS * norm(a), "trace");
        assertEquals(0.0, si, 50 * n * EPS * norm(a), "imaginary part of the trace");
        double[] ld = logDet(a, n);
        assertEquals(ld[0], logAbs, 1e-9 * n, "log|det|");
        // The product of the eigenvalues is real with the sign of det: arg sums to 0 or pi mod 2 pi.
        double expectedArg = ld[1] > 0 ? 0.0 : Math.PI;
        double diff = Math.IEEEremainder(arg - expectedArg, 2 * Math.PI);
        assertEquals(0.0, diff, 1e-9, "sign of det");
    }

    @Test
    void similarityTransformsKeepTheSpectrum() {
        Random rnd = new Random(3);
        for (int n : new int[] {4, 9, 20}) {
            double[] a = gaussian(n, n, rnd);
            ComplexArray ev = EigenDecomposition.eigenvalues(a, n);
            // Orthogonal similarity.
            double[] q = orthogonal(n, rnd);
            double[] b = multiply(multiply(transpose(q, n, n), a, n, n, n), q, n, n, n);
            assertSameSpectrum(ev, EigenDecomposition.eigenvalues(b, n), 1e-10 * norm(a), "Q^T A Q");
            // Diagonal similarity with a wide range of scales: balancing should undo most of it.
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = Math.pow(10, rnd.nextInt(13) - 6);
            }
            double[] c = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] = a[i * n + j] * d[j] / d[i];
                }
            }
            assertSameSpectrum(ev, EigenDecomposition.eigenvalues(c, n), 1e-9 * norm(a), "D^-1 A D");
            assertEigenpairs(c, n, 50, "D^-1 A D");
            // Permutation similarity.
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            double[] p = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    p[i * n + j] = a[perm[i] * n + perm[j]];
                }
            }
            assertSameSpectrum(ev, EigenDecomposition.eigenvalues(p, n), 1e-10 * norm(a), "P^T A P");
        }
    }

    @Test
    void symmetricMatricesWithKnownSpectra() {
        Random rnd = new Random(4);
        for (int n : new int[] {2, 5, 12, 30}) {
            double[] q = orthogonal(n, rnd);
            double[] lambda = new double[n];
            for (int i = 0; i < n; i++) {
                lambda[i] = rnd.nextGaussian() * 3;
            }
            double[] qd = q.clone();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    qd[i * n + j] *= lambda[j];
                }
            }
            double[] a = multiply(qd, transpose(q, n, n), n, n, n);
            // Symmetrise exactly.
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double s = 0.5 * (a[i * n + j] + a[j * n + i]);
                    a[i * n + j] = s;
                    a[j * n + i] = s;
                }
            }
            ComplexArray ev = EigenDecomposition.eigenvalues(a, n);
            assertSameSpectrum(ComplexArray.ofReal(lambda), ev, 1e-12 * n * 3, "symmetric " + n);
            assertEigenpairs(a, n, 20, "symmetric " + n);
        }
    }

    @Test
    void rotationsHaveEigenvaluesOnTheUnitCircle() {
        for (double theta : new double[] {1e-9, 0.3, Math.PI / 2, 2.5, Math.PI - 1e-7}) {
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            double[] r = {c, -s, s, c};
            ComplexArray ev = EigenDecomposition.eigenvalues(r, 2);
            assertConjugatePairs(ev, "rotation");
            assertEquals(c, ev.re[0], 1e-15);
            assertEquals(s, ev.im[0], 1e-15);
            assertEquals(-ev.im[0], ev.im[1], 0.0);
            assertEquals(ev.re[0], ev.re[1], 0.0);
            // A 3-d rotation about a random axis: 1 and e^{+-i theta}.
            Random rnd = new Random(5);
            double[] q = orthogonal(3, rnd);
            double[] rot = {c, -s, 0, s, c, 0, 0, 0, 1};
            double[] a = multiply(multiply(q, rot, 3, 3, 3), transpose(q, 3, 3), 3, 3, 3);
            ComplexArray expected = ComplexArray.of(new double[] {c, c, 1}, new double[] {s, -s, 0});
            assertSameSpectrum(expected, EigenDecomposition.eigenvalues(a, 3), 1e-14, "3-d rotation");
        }
    }

    @Test
    void defectiveJordanBlocksToRootOfEpsAccuracy() {
        for (int size = 2; size <= 4; size++) {
            double[] j = new double[size * size];
            for (int i = 0; i < size; i++) {
                j[i * size + i] = 2.0;
                if (i + 1 < size) {
                    j[i * size + i + 1] = 1.0;
                }
            }
            // Hide the structure with an orthogonal similarity so rounding perturbs it.
            double[] q = orthogonal(size, new Random(6 + size));
            double[] a = multiply(multiply(transpose(q, size, size), j, size, size, size), q, size, size, size);
            ComplexArray ev = EigenDecomposition.eigenvalues(a, size);
            // A perturbation of size eps moves a Jordan block's eigenvalue by about eps^(1/size).
            double tol = 10 * Math.pow(EPS, 1.0 / size);
            for (int k = 0; k < size; k++) {
                assertTrue(Math.hypot(ev.re[k] - 2.0, ev.im[k]) <= tol, "Jordan " + size + ": " + ev);
            }
            assertConjugatePairs(ev, "Jordan");
        }
        // Exactly upper triangular: balancing isolates everything, the answer is exact.
        double[] jordan = {3, 1, 0, 0, 3, 1, 0, 0, 3};
        assertEquals(ComplexArray.ofReal(3, 3, 3), EigenDecomposition.eigenvalues(jordan, 3));
    }

    @Test
    void hugeAndTinyScalingIsExactlyEquivariant() {
        Random rnd = new Random(7);
        int n = 12;
        double[] a = gaussian(n, n, rnd);
        ComplexArray ev = EigenDecomposition.eigenvalues(a, n);
        for (double s : new double[] {0x1p-500, 0x1p+500}) {
            // A power of two scales exactly; the algorithm's decisions are scale-invariant.
            double[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] *= s;
            }
            ComplexArray es = EigenDecomposition.eigenvalues(b, n);
            for (int k = 0; k < n; k++) {
                assertEquals(ev.re[k] * s, es.re[k], 1e-12 * s, "scaled by " + s);
                assertEquals(ev.im[k] * s, es.im[k], 1e-12 * s, "scaled by " + s);
            }
        }
        for (double s : new double[] {1e-150, 1e150, 1e-300, 1e300}) {
            double[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] *= s;
            }
            ComplexArray es = EigenDecomposition.eigenvalues(b, n);
            ComplexArray expected = ComplexArray.zeros(n);
            for (int k = 0; k < n; k++) {
                expected.re[k] = ev.re[k] * s;
                expected.im[k] = ev.im[k] * s;
            }
            assertSameSpectrum(expected, es, 1e-12 * norm(a) * s, "scaled by " + s);
            if (Math.abs(Math.log10(s)) <= 150) {
                assertEigenpairs(b, n, 20, "scaled by " + s);
            }
        }
    }

    @Test
    void sparseMatricesExerciseThePermutationsOfBalancing() {
        // Many zeros: rows and columns get isolated by dgebal's permutations (both searches), which dgebak
        // must undo for right and left vectors alike.
        Random rnd = new Random(14);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(25);
            double density = 0.05 + 0.4 * rnd.nextDouble();
            double[] a = new double[n * n];
            for (int i = 0; i < a.length; i++) {
                if (rnd.nextDouble() < density) {
                    a[i] = rnd.nextInt(7) - 3 + (rnd.nextBoolean() ? rnd.nextGaussian() : 0.0);
                }
            }
            ComplexArray ev = EigenDecomposition.eigenvalues(a, n);
            double trace = 0.0;
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                trace += a[i * n + i];
                sum += ev.re[i];
            }
            assertEquals(trace, sum, 1e-12 * Math.max(1, norm(a)) * n, "trace, trial " + trial);
            // Integer-valued sparse matrices are often defective (nilpotent parts, repeated zeros), where
            // eigenvectors are ill-conditioned; the residual of each computed pair is still small.
            // Their defective eigenvalues are sensitive at the sqrt(eps) level (see assertEigenpairs).
            assertEigenpairs(a, n, 100, 4 * Math.sqrt(EPS) * Math.max(1.0, norm(a)),
                    "sparse trial " + trial + " (n = " + n + ")");
        }
    }

    @Test
    void orthogonalMatricesHaveEigenvaluesOfModulusOne() {
        // The spectrum RNN analyses care about most: a unit circle full of eigenvalues.
        Random rnd = new Random(15);
        for (int n : new int[] {2, 3, 8, 31, 100}) {
            double[] q = orthogonal(n, rnd);
            ComplexArray ev = EigenDecomposition.eigenvalues(q, n);
            for (int k = 0; k < n; k++) {
                assertEquals(1.0, ev.abs(k), 1e-13, "|lambda| of an orthogonal " + n + "x" + n);
            }
            assertConjugatePairs(ev, "orthogonal");
        }
    }

    @Test
    void triangularMatricesAreIsolatedExactlyByThePermutation() {
        int n = 6;
        double[] lambda = {1e-6, 1e-3, 1, 10, 1e3, 1e6};
        double[] t = new double[n * n];
        Random rnd = new Random(8);
        for (int i = 0; i < n; i++) {
            t[i * n + i] = lambda[i];
            for (int j = i + 1; j < n; j++) {
                t[i * n + j] = rnd.nextGaussian();
            }
        }
        assertSameSpectrum(ComplexArray.ofReal(lambda), EigenDecomposition.eigenvalues(t, n), 0.0, "upper");
        assertSameSpectrum(ComplexArray.ofReal(lambda), EigenDecomposition.eigenvalues(transpose(t, n, n), n), 0.0,
                "lower");
    }

    @Test
    void gradedMatrixKeepsItsSmallEigenvalues() {
        // Q^T T Q with eigenvalues 1e-6..1e6, then a strongly graded diagonal similarity: balancing undoes
        // the grading, so the error stays at eps * ||Q^T T Q|| rather than eps * ||D^-1 Q^T T Q D||.
        int n = 6;
        double[] lambda = {1e-6, 1e-3, 1, 10, 1e3, 1e6};
        Random rnd = new Random(8);
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            t[i * n + i] = lambda[i];
        }
        double[] q = orthogonal(n, rnd);
        double[] b = multiply(multiply(transpose(q, n, n), t, n, n, n), q, n, n, n);
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = b[i * n + j] * Math.pow(1e4, j - i);
            }
        }
        assertSameSpectrum(ComplexArray.ofReal(lambda), EigenDecomposition.eigenvalues(c, n), 1e-8, "graded");
    }

    @Test
    void matchesNumpyEigvalsInValueAndOrder() {
        // numpy 2.4.6 (OpenBLAS 0.3.31 LAPACK): for n < 75 dgeev runs the same dgebal, dgehd2 and dlahqr,
        // so the eigenvalues agree to rounding and come in the same order.
        double[] a = {
            0.5, -1.0, 0.0, 0.75, 1.25, -1.25, -1.25,
            1.25, -0.25, 0.75, -1.25, -0.75, -0.5, -0.5,
            -0.75, 0.5, -1.25, -0.5, 0.0, 0.25, 0.25,
            0.0, 1.25, -0.5, 0.25, 0.75, 1.0, 1.0,
            0.75, -0.75, 0.25, 1.0, -1.25, -1.0, -1.0,
            -1.25, 0.0, 1.0, -1.0, -0.5, -0.25, -0.25,
            -0.5, 0.75, -1.0, -0.25, 0.25, 0.5, 0.5};
        double[] re = {1.8248430070915893, 0.29544805465481744, 0.29544805465481744, -2.047580429059661,
            -1.0590793436707808, -1.0590793436707808, -1.4591450508713845e-16};
        double[] im = {0.0, 1.4685964352056955, -1.4685964352056955, 0.0, 0.3965248121999106,
            -0.3965248121999106, 0.0};
        ComplexArray ev = EigenDecomposition.eigenvalues(a, 7);
        assertArrayEquals(re, ev.re, 1e-14);
        assertArrayEquals(im, ev.im, 1e-14);
        // numpy.linalg.eig(a)[1][:, 0], normalised the same way (unit norm, largest component real).
        EigenDecomposition e = new EigenDecomposition(true, false);
        e.decompose(a, 7);
        double[] v0 = {0.6580559131086858, 0.3542468367622986, -0.1654253080765667, 0.05728649933341844,
            0.29210184714312615, -0.5631923035326057, -0.09118803893990488};
        assertArrayEquals(v0, e.rightEigenvector(0).re, 1e-14);
        assertArrayEquals(new double[7], e.rightEigenvector(0).im, 0.0);
    }

    @Test
    void emptyAndOneByOne() {
        assertEquals(0, EigenDecomposition.eigenvalues(new double[0], 0).length());
        ComplexArray one = EigenDecomposition.eigenvalues(new double[] {-4.5}, 1);
        assertEquals(ComplexArray.ofReal(-4.5), one);
        EigenDecomposition e = new EigenDecomposition(true, true);
        assertTrue(e.decompose(new double[] {7.0}, 1));
        assertEquals(ComplexArray.ofReal(1.0), e.rightEigenvector(0));
        assertEquals(ComplexArray.ofReal(1.0), e.leftEigenvector(0));
        assertTrue(e.decompose(new double[0], 0));
        assertEquals(0, e.eigenvalues().length());
    }

    @Test
    void zeroAndDiagonalAndBlockMatrices() {
        assertEquals(ComplexArray.ofReal(0, 0, 0), EigenDecomposition.eigenvalues(new double[9], 3));
        double[] d = {5, 0, 0, 0, -1, 0, 0, 0, 2};
        assertSameSpectrum(ComplexArray.ofReal(5, -1, 2), EigenDecomposition.eigenvalues(d, 3), 0.0, "diag");
        // Block diagonal with a rotation-scaling block: 0.5 +- 0.25 i and 3.
        double[] b = {0.5, -0.25, 0, 0.25, 0.5, 0, 0, 0, 3};
        ComplexArray ev = EigenDecomposition.eigenvalues(b, 3);
        assertSameSpectrum(ComplexArray.of(new double[] {0.5, 0.5, 3}, new double[] {0.25, -0.25, 0}), ev,
                1e-16, "block");
        assertConjugatePairs(ev, "block");
        assertEigenpairs(b, 3, 10, "block");
        assertEigenpairs(new double[9], 3, 10, "zero");
    }

    @Test
    void inputIsNotModifiedAndBadInputIsRejected() {
        double[] a = gaussian(5, 5, new Random(9));
        double[] copy = a.clone();
        EigenDecomposition.eigenvalues(a, 5);
        new EigenDecomposition(true, true).decompose(a, 5);
        assertTrue(Arrays.equals(copy, a));
        assertThrows(IllegalArgumentException.class, () -> EigenDecomposition.eigenvalues(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> EigenDecomposition.eigenvalues(new double[4], -1));
        assertThrows(IllegalArgumentException.class, () -> EigenDecomposition.eigenvalues(null, 1));
        double[] nan = {1, Double.NaN, 0, 1};
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> EigenDecomposition.eigenvalues(nan, 2));
        assertTrue(ex.getMessage().contains("(0, 1)"), ex.getMessage());
        EigenDecomposition valuesOnly = new EigenDecomposition();
        assertTrue(valuesOnly.decompose(a, 5));
        assertThrows(IllegalStateException.class, () -> valuesOnly.rightEigenvector(0));
    }

    @Test
    void reuseGrowsAndShrinks() {
        EigenDecomposition e = new EigenDecomposition(true, false);
        Random rnd = new Random(10);
        for (int n : new int[] {3, 10, 2, 10, 0, 6}) {
            double[] a = gaussian(n, n, rnd);
            assertTrue(e.decompose(a, n));
            assertEquals(n, e.size());
            assertTrue(rightResidual(a, n, e) < 100 * EPS * Math.max(1, n));
            assertSameSpectrum(EigenDecomposition.eigenvalues(a, n), e.eigenvalues(), 1e-10, "reuse");
        }
    }

    @Test
    void largeRandomMatrix() {
        int n = 500;
        Random rnd = new Random(11);
        double[] a = gaussian(n, n, rnd);
        ComplexArray ev = EigenDecomposition.eigenvalues(a, n);
        assertConjugatePairs(ev, "500");
        // trace(A) = sum lambda and trace(A^2) = sum lambda^2.
        double tr = 0.0;
        double tr2 = 0.0;
        for (int i = 0; i < n; i++) {
            tr += a[i * n + i];
            for (int j = 0; j < n; j++) {
                tr2 += a[i * n + j] * a[j * n + i];
            }
        }
        double s1 = 0.0;
        double s2 = 0.0;
        for (int k = 0; k < n; k++) {
            s1 += ev.re[k];
            s2 += ev.re[k] * ev.re[k] - ev.im[k] * ev.im[k];
        }
        assertEquals(tr, s1, 1e-9 * n);
        assertEquals(tr2, s2, 1e-9 * n * n);
        // Circular law: the spectral radius of an n x n standard Gaussian matrix is close to sqrt(n).
        assertEquals(Math.sqrt(n), ev.maxAbs(), 0.15 * Math.sqrt(n));
    }

    @Test
    void largeMatrixVectors() {
        int n = 150;
        double[] a = gaussian(n, n, new Random(12));
        assertEigenpairs(a, n, 20, "150x150");
    }

    @Test
    void cyclicPermutationNeedsTheExceptionalShifts() {
        // Plain Wilkinson shifts stall on a cyclic shift (every shift is 0, QR just permutes); the
        // exceptional shifts of dlahqr get it going.
        int n = 4;
        double[] cyc = new double[n * n];
        for (int i = 0; i < n; i++) {
            cyc[((i + 1) % n) * n + i] = 1.0;
        }
        ComplexArray ev = EigenDecomposition.eigenvalues(cyc, n);
        assertSameSpectrum(ComplexArray.of(new double[] {1, 0, 0, -1}, new double[] {0, 1, -1, 0}), ev, 1e-14,
                "cyclic shift");
        assertEigenpairs(cyc, n, 10, "cyclic shift");
    }

    @Test
    void iterationLimitGivesConvergenceException() {
        double[] a = gaussian(10, 10, new Random(13));
        EigenDecomposition e = new EigenDecomposition();
        e.iterationsPerEigenvalue(0); // one sweep per block: far too few
        assertFalse(e.decompose(a, 10));
        assertFalse(e.succeeded());
        assertTrue(e.failure().contains("did not converge"), e.failure());
        assertThrows(IllegalStateException.class, e::eigenvalues);
        e.iterationsPerEigenvalue(FrancisQr.ITERATIONS_PER_EIGENVALUE);
        assertTrue(e.decompose(a, 10));
        assertThrows(IllegalStateException.class, () -> new EigenDecomposition().eigenvalues());
        // The static entry point throws, with the same message.
        ConvergenceException ce = assertThrows(ConvergenceException.class,
                () -> EigenDecomposition.eigenvalues(a, 10, 0));
        assertTrue(ce.getMessage().contains("10 x 10") && ce.getMessage().contains("did not converge"),
                ce.getMessage());
    }
}
