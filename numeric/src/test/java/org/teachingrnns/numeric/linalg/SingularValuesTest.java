package org.teachingrnns.numeric.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.teachingrnns.numeric.testing.TestMatrices.gaussian;
import static org.teachingrnns.numeric.testing.TestMatrices.multiply;
import static org.teachingrnns.numeric.testing.TestMatrices.orthogonal;
import static org.teachingrnns.numeric.testing.TestMatrices.transpose;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.teachingrnns.numeric.ComplexArray;

class SingularValuesTest {

    /** U diag(s) V^T with random orthogonal U (m x m) and V (n x n). */
    private static double[] withSingularValues(double[] s, int m, int n, Random rnd) {
        double[] u = orthogonal(m, rnd);
        double[] v = orthogonal(n, rnd);
        double[] us = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < Math.min(m, n); j++) {
                us[i * n + j] = u[i * m + j] * s[j];
            }
        }
        return multiply(us, transpose(v, n, n), m, n, n);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,3", "8,5", "5,8", "30,30", "60,20", "20,60"})
    void knownSingularValuesAreRecovered(int m, int n) {
        Random rnd = new Random(51L * m + n);
        int k = Math.min(m, n);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = Math.pow(10, -6 * i / Math.max(1.0, k - 1)); // 1 .. 1e-6
        }
        double[] a = withSingularValues(s, m, n, rnd);
        double[] got = SingularValues.of(a, m, n);
        for (int i = 0; i < k; i++) {
            // Absolute accuracy eps * ||A|| for every singular value (Weyl).
            assertEquals(s[i], got[i], 50 * Math.max(m, n) * 0x1p-52, "sigma_" + i);
        }
    }

    @Test
    void squaresAreEigenvaluesOfTheGramMatrix() {
        Random rnd = new Random(52);
        int m = 9;
        int n = 6;
        double[] a = gaussian(m, n, rnd);
        double[] s = SingularValues.of(a, m, n);
        ComplexArray ev = EigenDecomposition.eigenvalues(multiply(transpose(a, m, n), a, n, m, n), n);
        double[] lambda = ev.re.clone();
        Arrays.sort(lambda);
        for (int i = 0; i < n; i++) {
            assertEquals(lambda[n - 1 - i], s[i] * s[i], 1e-12 * s[0] * s[0]);
        }
        // Frobenius norm = sqrt(sum sigma^2).
        double f = 0.0;
        for (double v : a) {
            f += v * v;
        }
        double ss = 0.0;
        for (double v : s) {
            ss += v * v;
        }
        assertEquals(f, ss, 1e-12 * f);
    }

    @Test
    void knownCases() {
        assertArrayEquals(new double[] {5, 3}, SingularValues.of(new double[] {3, 0, 0, -5}, 2, 2), 1e-15);
        assertArrayEquals(new double[] {0, 0}, SingularValues.of(new double[6], 2, 3));
        assertArrayEquals(new double[0], SingularValues.of(new double[0], 0, 4));
        // [[1, 1], [0, 0]] has singular values sqrt 2 and 0: rank 1.
        double[] r1 = {1, 1, 0, 0};
        assertArrayEquals(new double[] {Math.sqrt(2), 0}, SingularValues.of(r1, 2, 2), 1e-15);
        assertEquals(1, SingularValues.rank(r1, 2, 2));
        assertEquals(Double.POSITIVE_INFINITY, SingularValues.conditionNumber(r1, 2, 2));
        // Rank of a product of thin factors.
        Random rnd = new Random(53);
        double[] low = multiply(gaussian(20, 3, rnd), gaussian(3, 15, rnd), 20, 3, 15);
        assertEquals(3, SingularValues.rank(low, 20, 15));
        assertEquals(1e8, SingularValues.conditionNumber(withSingularValues(new double[] {1, 1e-4, 1e-8}, 3, 3, rnd),
                3, 3), 1e8 * 1e-7);
        // Huge and tiny scaling is exact up to rounding of the Jacobi rotations.
        double[] a = gaussian(5, 4, rnd);
        double[] s = SingularValues.of(a, 5, 4);
        for (double scale : new double[] {1e-300, 1e300}) {
            double[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] *= scale;
            }
            double[] sb = SingularValues.of(b, 5, 4);
            for (int i = 0; i < 4; i++) {
                assertEquals(s[i], sb[i] / scale, 1e-13 * s[0]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SingularValues.of(new double[] {Double.NaN}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SingularValues.of(new double[2], 2, 2));
    }
}
