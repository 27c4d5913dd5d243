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

    @Test
    void optimalWithTiesIsStillAMinimumAndUsesEachEigenvalueOnce() {
        // Conjugate pairs and repeated values: a real pole is equally far from both members of a pair, so several
        // assignments are optimal; whichever is returned must be one of them.
        SplittableRandom rng = new SplittableRandom(32);
        for (int trial = 0; trial < 300; trial++) {
            int p = 1 + rng.nextInt(6);
            int e = 1 + rng.nextInt(6);
            ComplexArray poles = withTies(rng, p);
            ComplexArray eig = withTies(rng, e);
            PoleMatching.Result o = PoleMatching.optimal(poles, eig, 0.1);
            assertEquals(Math.min(p, e), o.pairs().size());
            boolean[] poleUsed = new boolean[p];
            boolean[] eigUsed = new boolean[e];
            double total = 0.0;
            for (PoleMatching.Pair q : o.pairs()) {
                assertTrue(!poleUsed[q.pole()] && !eigUsed[q.eigenvalue()], "each pole and eigenvalue at most once");
                poleUsed[q.pole()] = true;
                eigUsed[q.eigenvalue()] = true;
                assertEquals(Math.hypot(poles.re(q.pole()) - eig.re(q.eigenvalue()),
                        poles.im(q.pole()) - eig.im(q.eigenvalue())), q.distance(), 0.0);
                total += q.distance();
            }
            assertEquals(bruteForce(poles, eig), total, 1e-12);
        }
    }

    @Test
    void rectangularAssignmentGivesThePaddedSquareProblemsPairs() {
        // The assignment of the smaller set into the larger against the former formulation (padded to a square
        // problem with zero-cost dummies, below): the same pairs and the same bits of the
        // mean distance on problems of the Jacobian comparison's shape, both ways round.
        SplittableRandom rng = new SplittableRandom(33);
        for (int trial = 0; trial < 200; trial++) {
            int small = 1 + rng.nextInt(8);
            int large = small + rng.nextInt(60);
            boolean polesFewer = rng.nextBoolean();
            int p = polesFewer ? small : large;
            int e = polesFewer ? large : small;
            ComplexArray poles = random(rng, p);
            ComplexArray eig = random(rng, e);
            double[][] d = new double[p][e];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < e; j++) {
                    d[i][j] = Math.hypot(poles.re(i) - eig.re(j), poles.im(i) - eig.im(j));
                }
            }
            int[] padded = paddedHungarian(d, p, e, Math.max(p, e));
            int[] rectangular = PoleMatching.assignment(d, p, e);
            double sum = 0.0;
            int pairs = 0;
            for (int i = 0; i < p; i++) {
                int expected = padded[i] < e ? padded[i] : -1;
                assertEquals(expected, rectangular[i], "trial " + trial + " pole " + i);
                if (expected >= 0) {
                    sum += d[i][expected];
                    pairs++;
                }
            }
            assertEquals(sum / pairs, PoleMatching.optimal(poles, eig, 0.0).meanDistance(), 0.0);
        }
    }

    /**
     * The square formulation the matching used before: p x e padded with zero-cost dummies to n x n, solved by the
     * same shortest-augmenting-path code (on a square matrix it is the former code step for step).
     */
    private static int[] paddedHungarian(double[][] d, int p, int e, int n) {
        double[][] square = new double[n][n];
        for (int i = 0; i < p; i++) {
            System.arraycopy(d[i], 0, square[i], 0, e);
        }
        return PoleMatching.hungarian(square, n, n);
    }

    /** n values drawn from a few reals and one conjugate pair, so that distances tie. */
    private static ComplexArray withTies(SplittableRandom rng, int n) {
        double[] reChoices = {0.5, -0.25, 0.5, 0.1};
        double[] imChoices = {0.0, 0.0, 0.3, -0.3};
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(reChoices.length);
            re[i] = c == 3 ? 0.5 : reChoices[c];
            im[i] = imChoices[c];
        }
        return ComplexArray.of(re, im);
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
