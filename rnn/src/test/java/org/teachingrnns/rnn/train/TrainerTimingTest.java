package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The steady pace of {@link Trainer}: a median of epoch durations taken from per-epoch time stamps. */
class TrainerTimingTest {

    @Test
    void medianOfDurationsOverTheRangeMatchesASortedCopy() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(40);
            long[] stamps = new long[n + 1];
            long[] durations = new long[n];
            for (int e = 0; e < n; e++) {
                durations[e] = 1 + rng.nextLong(5_000_000L);
                stamps[e + 1] = stamps[e] + durations[e];
            }
            int from = rng.nextInt(n);
            int to = from + 1 + rng.nextInt(n - from);
            long[] d = Arrays.copyOfRange(durations, from, to);
            Arrays.sort(d);
            int k = d.length;
            double expected = (k % 2 == 1 ? d[k / 2] : (d[k / 2 - 1] + d[k / 2]) / 2.0) / 1e6;
            assertEquals(expected, Trainer.medianMillis(stamps, from, to), 1e-12 * Math.max(1.0, expected));
        }
    }

    @Test
    void aFewSlowEpochsDoNotMoveTheMedian() {
        long[] stamps = new long[101];
        for (int e = 0; e < 100; e++) {
            long ns = e < 10 ? 50_000_000L : 70_000L; // ten interpreted epochs, then the compiled pace
            stamps[e + 1] = stamps[e] + ns;
        }
        assertEquals(0.07, Trainer.medianMillis(stamps, 0, 100), 1e-12);
    }

    @Test
    void emptyRangeIsZero() {
        assertEquals(0.0, Trainer.medianMillis(new long[] {5}, 0, 0));
    }
}
