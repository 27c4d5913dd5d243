package org.teachingrnns.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.teachingrnns.numeric.testing.TestMatrices.gaussian;
import static org.teachingrnns.numeric.testing.TestMatrices.multiply;
import static org.teachingrnns.numeric.testing.TestMatrices.transpose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CholeskyTest {

    private static final double EPS = 0x1p-52;

    /** A = B^T B + n I for a Gaussian B: symmetric positive definite with a modest condition number. */
    private static double[] spd(int n, Random rnd) {
        double[] b = gaussian(n, n, rnd);
        double[] a = multiply(transpose(b, n, n), b, n, n, n);
        for (int i = 0; i < n; i++) {
            a[i * n + i] += n;
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 33, 150})
    void lTimesLTransposeIsAAndTheSolveHasASmallBackwardError(int n) {
        Random rnd = new Random(7L * n);
        double[] a = spd(n, rnd);
        Cholesky c = Cholesky.factor(a, n);
        assertNotNull(c);
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += c.l(i, k) * c.l(j, k);
                }
                // dpotf2's backward error: |L L^T - A| <= (n + 1) eps |L| |L^T| (Higham, Thm 10.3); |L||L^T| <= n max|A|.
                assertEquals(a[i * n + j], s, (n + 1) * n * EPS * scale, "(L L^T)(" + i + ", " + j + ")");
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i] += a[i * n + j] * x[j];
            }
        }
        double[] got = c.solve(b);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(got[i] - x[i]));
        }
        // cond(A) <= (max eig) / n for these draws is at most a few times n, so x is good to ~cond * n eps.
        assertTrue(worst <= 1e3 * n * n * EPS, "max error " + worst);
        assertTrue(c.conditionLowerBound() >= 1.0);
    }

    @Test
    void onlyTheLowerTriangleIsRead() {
        Random rnd = new Random(3);
        int n = 9;
        double[] a = spd(n, rnd);
        double[] garbled = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                garbled[i * n + j] = 1e300;
            }
        }
        Cholesky x = Cholesky.factor(a, n);
        Cholesky y = Cholesky.factor(garbled, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                assertEquals(x.l(i, j), y.l(i, j), 0.0);
            }
        }
    }

    @Test
    void indefiniteSingularAndNonFiniteMatricesAreNotFactored() {
        assertNull(Cholesky.factor(new double[] {1, 2, 2, 1}, 2), "eigenvalues 3 and -1");
        assertNull(Cholesky.factor(new double[] {1, 1, 1, 1}, 2), "singular");
        assertNull(Cholesky.factor(new double[] {Double.NaN}, 1));
        assertNull(Cholesky.factor(new double[] {Double.POSITIVE_INFINITY}, 1));
        assertNull(Cholesky.factor(new double[] {-0.0}, 1));
        assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[] {4}, 1).solve(new double[2]));
    }

    @Test
    void theConditionBoundSeesADiagonalSpread() {
        double[] a = {1e8, 0, 0, 1};
        Cholesky c = Cholesky.factor(a, 2);
        assertEquals(1e8, c.conditionLowerBound(), 1e-6);
        assertEquals(1.0, Cholesky.factor(new double[] {4, 0, 0, 4}, 2).conditionLowerBound(), 0.0);
    }
}
