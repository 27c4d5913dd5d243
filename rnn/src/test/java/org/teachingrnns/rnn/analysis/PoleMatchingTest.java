package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;

class PoleMatchingTest {

    @Test
    void greedyCanBeWorseThanOptimal() {
        // Poles 0 and 1; eigenvalues 0.6 and 1.7. Greedy takes (1, 0.6) at 0.4, leaving (0, 1.7) at 1.7:
        // total 2.1. Optimal pairs (0, 0.6) and (1, 1.7): total 1.3.
        ComplexArray poles = ComplexArray.ofReal(0.0, 1.0);
        ComplexArray eig = ComplexArray.ofReal(0.6, 1.7);
        PoleMatching.Result g = PoleMatching.greedy(poles, eig, 0.5);
        PoleMatching.Result o = PoleMatching.optimal(poles, eig, 0.5);
        assertEquals(2.1 / 2, g.meanDistance(), 1e-15);
        assertEquals(1.3 / 2, o.meanDistance(), 1e-15);
        assertEquals(1, g.aligned());
        assertEquals(0, o.aligned());
        assertEquals(new PoleMatching.Pair(0, 0, 0.6), o.pairs().get(0));
    }

    @Test
    void optimalIsTheMinimumOverAllPermutationsAndHandlesRectangularProblems() {
        SplittableRandom rng = new SplittableRandom(31);
        for (int trial = 0; trial < 50; trial++) {
            int p = 1 + rng.nextInt(5);
            int e = 1 + rng.nextInt(5);
            ComplexArray poles = random(rng, p);
            ComplexArray eig = random(rng, e);
            PoleMatching.Result o = PoleMatching.optimal(poles, eig, 0.1);
            PoleMatching.Result g = PoleMatching.greedy(poles, eig, 0.1);
            assertEquals(Math.min(p, e), o.pairs().size());
            assertEquals(Math.min(p, e), g.pairs().size());
            double best = bruteForce(poles, eig);
            assertEquals(best, o.meanDistance() * o.pairs().size(), 1e-12);
            assertTrue(o.meanDistance() <= g.meanDistance() + 1e-12);
        }
    }

    private static ComplexArray random(SplittableRandom rng, int n) {
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = rng.nextGaussian();
            im[i] = rng.nextGaussian();
        }
        return ComplexArray.of(re, im);
    }

    /** Minimum total distance over injective maps from the smaller set into the larger. */
    private static double bruteForce(ComplexArray a, ComplexArray b) {
        if (a.length() > b.length()) {
            return bruteForce(b, a);
        }
        return search(a, b, 0, new boolean[b.length()]);
    }

    private static double search(ComplexArray a, ComplexArray b, int i, boolean[] used) {
        if (i == a.length()) {
            return 0.0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < b.length(); j++) {
            if (!used[j]) {
                used[j] = true;
                double d = Math.hypot(a.re(i) - b.re(j), a.im(i) - b.im(j)) + search(a, b, i + 1, used);
                used[j] = false;
                best = Math.min(best, d);
            }
        }
        return best;
    }
}
