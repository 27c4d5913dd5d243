package org.teachingrnns.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.teachingrnns.numeric.testing.TestMatrices.gaussian;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reconstruction, orthogonality, agreement with {@link SingularValues}, rank deficiency, scaling, validation. */
class SingularValueDecompositionTest {

    private static final double EPS = 0x1p-52;

    /** max |A - U diag(s) V^T| / max |A| (or the absolute error for A = 0). */
    private static double reconstructionError(double[] a, int m, int n, SingularValueDecomposition svd) {
        double[] u = svd.u();
        double[] s = svd.singularValues();
        double[] v = svd.v();
        int k = svd.rank();
        double err = 0;
        double amax = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double r = 0;
                for (int q = 0; q < k; q++) {
                    r += u[i * k + q] * s[q] * v[j * k + q];
                }
                err = Math.max(err, Math.abs(r - a[i * n + j]));
                amax = Math.max(amax, Math.abs(a[i * n + j]));
            }
        }
        return amax == 0 ? err : err / amax;
    }

    /** max |Q^T Q - I| over the columns listed (rows x cols row-major Q). */
    private static double orthogonalityError(double[] q, int rows, int cols, int usedCols) {
        double err = 0;
        for (int a = 0; a < usedCols; a++) {
            for (int b = 0; b < usedCols; b++) {
                double d = 0;
                for (int i = 0; i < rows; i++) {
                    d += q[i * cols + a] * q[i * cols + b];
                }
                err = Math.max(err, Math.abs(d - (a == b ? 1 : 0)));
            }
        }
        return err;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,7", "7,1", "3,3", "8,5", "5,8", "30,30", "60,20", "20,60", "75,76"})
    void reconstructsWithOrthonormalFactors(int m, int n) {
        double[] a = gaussian(m, n, new Random(31L * m + n));
        SingularValueDecomposition svd = SingularValueDecomposition.of(a, m, n);
        int k = Math.min(m, n);
        assertEquals(k, svd.rank());
        double tol = 20 * Math.max(m, n) * EPS;
        assertTrue(reconstructionError(a, m, n, svd) <= tol, "reconstruction " + reconstructionError(a, m, n, svd));
        assertTrue(orthogonalityError(svd.u(), m, k, k) <= tol, "U^T U");
        assertTrue(orthogonalityError(svd.v(), n, k, k) <= tol, "V^T V");
        double[] s = svd.singularValues();
        double[] ref = SingularValues.of(a, m, n);
        for (int i = 0; i < k; i++) {
            assertEquals(ref[i], s[i], tol * ref[0], "sigma_" + i);
            if (i > 0) {
                assertTrue(s[i - 1] >= s[i], "descending");
            }
        }
    }

    @Test
    void rankDeficientMatricesHaveExactZerosAndZeroVectorsForThem() {
        // A = x y^T + z w^T: rank 2 of a 6 x 5.
        Random rnd = new Random(5);
        double[] x = gaussian(6, 1, rnd);
        double[] y = gaussian(5, 1, rnd);
        double[] z = gaussian(6, 1, rnd);
        double[] w = gaussian(5, 1, rnd);
        double[] a = new double[30];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 5; j++) {
                a[i * 5 + j] = x[i] * y[j] + z[i] * w[j];
            }
        }
        SingularValueDecomposition svd = SingularValueDecomposition.of(a, 6, 5);
        double[] s = svd.singularValues();
        assertTrue(s[1] > 1e-3 * s[0]);
        for (int i = 2; i < 5; i++) {
            assertTrue(s[i] <= 1e-14 * s[0], "sigma_" + i + " = " + s[i]);
        }
        assertTrue(reconstructionError(a, 6, 5, svd) <= 1e-14);
        assertTrue(orthogonalityError(svd.v(), 5, 5, 5) <= 1e-14, "V is orthogonal even for a rank-deficient A");

        SingularValueDecomposition zero = SingularValueDecomposition.of(new double[12], 3, 4);
        for (double v : zero.singularValues()) {
            assertEquals(0.0, v);
        }
        // m < n: the decomposition of A^T; V is formed by normalising (zero columns), U is the rotations' product.
        for (double v : zero.v()) {
            assertEquals(0.0, v);
        }
        assertTrue(orthogonalityError(zero.u(), 3, 3, 3) == 0.0);
        SingularValueDecomposition tall = SingularValueDecomposition.of(new double[12], 4, 3);
        for (double v : tall.u()) {
            assertEquals(0.0, v);
        }
        assertTrue(orthogonalityError(tall.v(), 3, 3, 3) == 0.0);
    }

    @Test
    void scalingFrom1e150To1e_150IsExact() {
        double[] a = gaussian(7, 4, new Random(9));
        double[] ref = SingularValueDecomposition.of(a, 7, 4).singularValues();
        for (double f : new double[] {1e150, 1e-150}) {
            double[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] *= f;
            }
            double[] s = SingularValueDecomposition.of(b, 7, 4).singularValues();
            for (int i = 0; i < 4; i++) {
                assertEquals(ref[i] * f, s[i], 1e-13 * ref[i] * f);
            }
        }
    }

    @Test
    void smallSingularValuesKeepTheirRelativeAccuracy() {
        // A = D1 B D2 with a well-conditioned B and graded diagonals: Jacobi's relative accuracy (Demmel-Veselic)
        // gives every singular value to a few ulps of itself, here down to 1e-12 of the largest.
        double[] d = {1, 1e-3, 1e-6, 1e-9, 1e-12};
        double[] a = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                a[i * 5 + j] = (i == j ? 1.0 : 0.1 / (1 + i + j)) * d[j];
            }
        }
        double[] s = SingularValueDecomposition.of(a, 5, 5).singularValues();
        for (int i = 0; i < 5; i++) {
            // column j scaled by d[j] and nearly orthogonal to the others: sigma_j ~ d[j] within 1%.
            assertEquals(d[i], s[i], 0.02 * d[i], "sigma_" + i);
        }
        assertTrue(reconstructionError(a, 5, 5, SingularValueDecomposition.of(a, 5, 5)) <= 1e-15);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SingularValueDecomposition.of(new double[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> SingularValueDecomposition.of(new double[4], -1, 2));
        assertThrows(IllegalArgumentException.class,
                () -> SingularValueDecomposition.of(new double[] {1, Double.NaN, 0, 1}, 2, 2));
        assertEquals(0, SingularValueDecomposition.of(new double[0], 0, 3).rank());
    }
}
