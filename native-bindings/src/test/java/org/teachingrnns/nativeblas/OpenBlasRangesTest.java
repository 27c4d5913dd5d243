package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.teachingrnns.nativeblas.OpenBlasRanges.Range;

/** The ranges of m*n*k that auto sends to OpenBLAS: membership at the edges, merging, their text. */
class OpenBlasRangesTest {

    @Test
    void membershipIsHalfOpenAtEveryEdge() {
        OpenBlasRanges r = new OpenBlasRanges(List.of(new Range(100, 200), new Range(300, GemmCrossover.NEVER)));
        assertFalse(r.contains(99));
        assertTrue(r.contains(100));
        assertTrue(r.contains(199));
        assertFalse(r.contains(200));
        assertFalse(r.contains(299));
        assertTrue(r.contains(300));
        assertTrue(r.contains(Long.MAX_VALUE - 1));
        assertEquals(100, r.ranges().get(0).from());
        assertFalse(OpenBlasRanges.NONE.contains(0) || OpenBlasRanges.NONE.contains(Long.MAX_VALUE - 1));
        assertTrue(OpenBlasRanges.NONE.none() && OpenBlasRanges.NONE.ranges().isEmpty());
    }

    @Test
    void aThresholdIsOneOpenRangeAndNeverIsNone() {
        assertEquals(new OpenBlasRanges(List.of(new Range(4096, GemmCrossover.NEVER))), OpenBlasRanges.from(4096));
        assertEquals(OpenBlasRanges.NONE, OpenBlasRanges.from(GemmCrossover.NEVER));
        assertEquals("m*n*k >= 16^3", OpenBlasRanges.from(4096).describe());
        assertEquals("never", OpenBlasRanges.from(GemmCrossover.NEVER).describe());
    }

    @Test
    void adjacentBandsMergeAndTheTextNamesEachRange() {
        OpenBlasRanges r = OpenBlasRanges.union(List.of(new Range(4096, 8000), new Range(8000, 21952),
                new Range(166375, 474552), new Range(3869893, GemmCrossover.NEVER)));
        assertEquals(List.of(new Range(4096, 21952), new Range(166375, 474552), new Range(3869893, GemmCrossover.NEVER)),
                r.ranges());
        assertEquals("m*n*k in [16^3, 28^3) or in [55^3, 78^3) or >= 157^3", r.describe());
        List<List<Long>> bounds = r.bounds();
        assertEquals(Arrays.asList(3869893L, null), bounds.get(2));
        assertEquals(List.of(4096L, 21952L), bounds.get(0));
    }

    @Test
    void unionAgreesWithItsBandsOnRandomProducts() {
        // Property: a product is in the union exactly when it is in one of the bands.
        SplittableRandom rng = new SplittableRandom(12);
        for (int trial = 0; trial < 500; trial++) {
            List<Range> bands = new ArrayList<>();
            long at = rng.nextLong(1, 1000);
            for (int i = 0; i < 6; i++) {
                long from = at + (rng.nextBoolean() ? 0 : rng.nextLong(1, 100));
                long to = from + rng.nextLong(1, 100);
                bands.add(new Range(from, to));
                at = to;
            }
            OpenBlasRanges r = OpenBlasRanges.union(bands);
            for (long x = 0; x < at + 10; x++) {
                final long p = x;
                assertEquals(bands.stream().anyMatch(b -> p >= b.from() && p < b.to()), r.contains(p), "trial " + trial);
            }
        }
    }

    @Test
    void malformedRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Range(5, 5));
        assertThrows(IllegalArgumentException.class, () -> new Range(-1, 5));
        assertThrows(IllegalArgumentException.class,
                () -> new OpenBlasRanges(List.of(new Range(10, 20), new Range(15, 30))));
        assertThrows(IllegalArgumentException.class,
                () -> new OpenBlasRanges(List.of(new Range(10, 20), new Range(20, 30))), "touching ranges are one");
    }
}
