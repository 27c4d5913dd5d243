package org.teachingrnns.numeric.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.teachingrnns.numeric.testing.TestMatrices.assertConjugatePairs;
import static org.teachingrnns.numeric.testing.TestMatrices.assertSameSpectrum;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;

class PolynomialTest {

    /** Conjugate-closed random roots: pairs with modulus in [rMin, rMax] plus some real ones. */
    static ComplexArray randomRoots(int pairs, int reals, double rMin, double rMax, Random rnd) {
        ComplexArray r = ComplexArray.zeros(2 * pairs + reals);
        for (int k = 0; k < pairs; k++) {
            double mod = rMin + (rMax - rMin) * rnd.nextDouble();
            double ang = Math.PI * (0.05 + 0.9 * rnd.nextDouble());
            r.re[2 * k] = mod * Math.cos(ang);
            r.im[2 * k] = mod * Math.sin(ang);
            r.re[2 * k + 1] = r.re[2 * k];
            r.im[2 * k + 1] = -r.im[2 * k];
        }
        for (int k = 0; k < reals; k++) {
            r.re[2 * pairs + k] = (rnd.nextBoolean() ? 1 : -1) * (rMin + (rMax - rMin) * rnd.nextDouble());
        }
        return r;
    }

    @Test
    void fromRootsMatchesNumpyPoly() {
        // numpy.poly([0.5+0.5j, 0.5-0.5j, -0.3]) = [1, -0.7, 0.2, 0.15]
        double[] c = Polynomial.fromRoots(ComplexArray.of(new double[] {0.5, 0.5, -0.3}, new double[] {0.5, -0.5, 0}));
        assertArrayEquals(new double[] {1, -0.7, 0.2, 0.15}, c, 1e-15);
        assertArrayEquals(new double[] {1.0}, Polynomial.fromRoots(ComplexArray.zeros(0)));
        assertArrayEquals(new double[] {1, -3, 2}, Polynomial.fromRoots(ComplexArray.ofReal(1, 2)));
        // The conjugate may come first and need not be adjacent.
        double[] d = Polynomial.fromRoots(ComplexArray.of(new double[] {0, 2, 0}, new double[] {-1, 0, 1}));
        assertArrayEquals(new double[] {1, -2, 1, -2}, d, 0.0);
    }

    @Test
    void fromRootsRejectsSetsThatAreNotConjugateClosed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Polynomial.fromRoots(ComplexArray.of(new double[] {0.5, 0.5}, new double[] {0.5, -0.4})));
        assertTrue(e.getMessage().contains("conjugat"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Polynomial.fromRoots(ComplexArray.of(new double[] {0.5}, new double[] {1e-300})));
        assertThrows(IllegalArgumentException.class,
                () -> Polynomial.fromRoots(ComplexArray.ofReal(Double.NaN)));
    }

    @Test
    void rootsMatchNumpyRootsIncludingZeroHandling() {
        assertSameSpectrum(ComplexArray.ofReal(1, 2, 3), Polynomial.roots(new double[] {1, -6, 11, -6}), 1e-13, "cubic");
        // numpy.roots([0, 0, 2, 0, -8, 0, 0]) = [-2, 2, 0, 0]: zeros stripped in front, trailing ones are roots.
        ComplexArray r = Polynomial.roots(new double[] {0, 0, 2, 0, -8, 0, 0});
        assertEquals(4, r.length());
        assertSameSpectrum(ComplexArray.ofReal(-2, 2), r.slice(0, 2), 1e-14, "stripped");
        assertEquals(ComplexArray.ofReal(0, 0), r.slice(2, 4));
        assertEquals(0, Polynomial.roots(new double[] {5}).length());
        assertEquals(0, Polynomial.roots(new double[] {0, 0}).length());
        assertEquals(0, Polynomial.roots(new double[0]).length());
        assertEquals(ComplexArray.ofReal(0, 0), Polynomial.roots(new double[] {3, 0, 0}));
        assertSameSpectrum(ComplexArray.ofReal(-0.5), Polynomial.roots(new double[] {2, 1}), 0.0, "linear");
        assertThrows(IllegalArgumentException.class, () -> Polynomial.roots(new double[] {1, Double.NaN}));
    }

    @Test
    void rootsOfFromRootsRoundTrip() {
        Random rnd = new Random(21);
        for (int trial = 0; trial < 30; trial++) {
            int pairs = rnd.nextInt(6);
            int reals = rnd.nextInt(4);
            if (pairs + reals == 0) {
                continue;
            }
            ComplexArray roots = randomRoots(pairs, reals, 0.1, 0.95, rnd);
            double[] c = Polynomial.fromRoots(roots);
            assertEquals(1.0, c[0]);
            ComplexArray back = Polynomial.roots(c);
            assertConjugatePairs(back, "round trip");
            // Well-separated simple roots of modest degree: accurate to a few hundred ulps.
            assertSameSpectrum(roots, back, 1e-10, "round trip " + trial);
        }
    }

    @Test
    void repeatedRootsToTheExpectedRootOfEps() {
        // (x - 0.5)^m: the roots of a rounded polynomial spread over a circle of radius ~ eps^(1/m).
        for (int m = 2; m <= 5; m++) {
            double[] roots = new double[m];
            java.util.Arrays.fill(roots, 0.5);
            double[] c = Polynomial.fromRoots(ComplexArray.ofReal(roots));
            ComplexArray r = Polynomial.roots(c);
            double tol = 20 * Math.pow(0x1p-52, 1.0 / m);
            for (int k = 0; k < m; k++) {
                assertTrue(Math.hypot(r.re[k] - 0.5, r.im[k]) <= tol, "multiplicity " + m + ": " + r);
            }
            // The mean of a cluster is far better conditioned than each member.
            double mean = 0.0;
            for (int k = 0; k < m; k++) {
                mean += r.re[k] / m;
            }
            assertEquals(0.5, mean, 1e-13);
        }
    }

    @Test
    void rootsNearTheUnitCircle() {
        // The teacher's poles: modulus up to 0.999, including close pairs. Conditioning of simple roots
        // of a degree-10 polynomial with well-separated roots is mild.
        Random rnd = new Random(22);
        for (int trial = 0; trial < 10; trial++) {
            ComplexArray roots = randomRoots(5, 0, 0.98, 0.999, rnd);
            ComplexArray back = Polynomial.roots(Polynomial.fromRoots(roots));
            // Residual check, independent of conditioning: |p(r)| / sum |c_i| |r|^i small.
            double[] c = Polynomial.fromRoots(roots);
            double[] v = new double[2];
            for (int k = 0; k < back.length(); k++) {
                Polynomial.evaluate(c, back.re[k], back.im[k], v);
                double scale = 0.0;
                double mod = back.abs(k);
                for (int i = 0; i < c.length; i++) {
                    scale += Math.abs(c[i]) * Math.pow(mod, c.length - 1 - i);
                }
                assertTrue(Math.hypot(v[0], v[1]) <= 1e-13 * scale, "backward error at root " + k);
            }
            assertSameSpectrum(roots, back, 1e-8, "near unit circle " + trial);
        }
    }

    @Test
    void evaluateAndComplexEvaluate() {
        double[] p = {2, -3, 0, 5}; // 2x^3 - 3x^2 + 5
        assertEquals(2 * 8 - 3 * 4 + 5, Polynomial.evaluate(p, 2.0));
        assertEquals(0.0, Polynomial.evaluate(new double[0], 3.0));
        double[] out = new double[2];
        // At x = i: 2 i^3 - 3 i^2 + 5 = -2i + 3 + 5 = 8 - 2i
        Polynomial.evaluate(p, 0.0, 1.0, out);
        assertArrayEquals(new double[] {8, -2}, out, 0.0);
        ComplexArray v = Polynomial.evaluate(p, ComplexArray.of(new double[] {0, 2}, new double[] {1, 0}));
        assertEquals(ComplexArray.of(new double[] {8, 9}, new double[] {-2, 0}), v);
        assertArrayEquals(new double[] {1, 0, -1}, Polynomial.multiply(new double[] {1, 1}, new double[] {1, -1}));
        assertArrayEquals(new double[] {6, -6, 0}, Polynomial.derivative(p));
    }
}
