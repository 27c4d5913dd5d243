package org.teachingrnns.rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void numpyType7OnSmallSamples() {
        // numpy.quantile([1, 2, 3, 4], [.25, .5, .75]) = [1.75, 2.5, 3.25]
        assertEquals(new Quantiles(4, 1.75, 2.5, 3.25), Quantiles.of(new double[] {4, 1, 3, 2}));
        assertEquals(new Quantiles(1, 7, 7, 7), Quantiles.of(new double[] {7}));
        assertEquals(new Quantiles(3, 1.5, 2, 2.5), Quantiles.of(new double[] {Double.NaN, 3, 1, 2, Double.POSITIVE_INFINITY}));
        assertEquals(0, Quantiles.of(new double[] {Double.NaN}).n());
    }

    @Test
    void medianSplitsARandomSampleInHalves() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n = 1; n < 60; n += 2) {
            double[] v = rng.doubles(n).toArray();
            Quantiles q = Quantiles.of(v);
            long below = Arrays.stream(v).filter(x -> x < q.median()).count();
            long above = Arrays.stream(v).filter(x -> x > q.median()).count();
            assertEquals(below, above, "odd n: as many below as above the median");
            assertEquals(true, q.q1() <= q.median() && q.median() <= q.q3());
        }
    }
}
