package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.teachingrnns.nativeblas.GemmCalibration.Clock;
import org.teachingrnns.nativeblas.GemmCalibration.Product;
import org.teachingrnns.nativeblas.GemmCrossover.SizeTiming;

/**
 * The decision of {@code auto} on synthetic timings (no real GEMM, no machine dependence): the measuring loop
 * runs on a fake clock that the fake products advance by a chosen time per call.
 */
class GemmCrossoverTest {

    /** A clock that only the fake products move. */
    static final class FakeClock implements Clock {
        long now;

        @Override
        public long nanos() {
            return now;
        }
    }

    /** A product that takes {@code nanos(n)} on the clock, times an optional noise factor. */
    static Product product(FakeClock clock, IntToDoubleFunction nanos, SplittableRandom noise, double amplitude) {
        return n -> clock.now += Math.round(nanos.applyAsDouble(n)
                * (1.0 + (noise == null ? 0.0 : amplitude * (2 * noise.nextDouble() - 1))));
    }

    /** Time of an n^3 product at a rate in GFLOP/s. */
    static double at(double gflops, int n) {
        return 2.0 * n * n * n / gflops;
    }

    static OpenBlasRanges decide(IntToDoubleFunction javaNanos, IntToDoubleFunction openBlasNanos,
                                 SplittableRandom noise, double amplitude) {
        FakeClock clock = new FakeClock();
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES,
                product(clock, javaNanos, noise, amplitude), product(clock, openBlasNanos, noise, amplitude), clock,
                GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        assertEquals(sizes(), run.timings().stream().map(SizeTiming::n).toList(), "every size is measured");
        return GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN);
    }

    static List<Integer> sizes() {
        return java.util.Arrays.stream(GemmCalibration.SIZES).boxed().toList();
    }

    static long cube(long n) {
        return n * n * n;
    }

    static OpenBlasRanges ranges(long... fromTo) {
        List<OpenBlasRanges.Range> r = new ArrayList<>();
        for (int i = 0; i < fromTo.length; i += 2) {
            r.add(new OpenBlasRanges.Range(fromTo[i], fromTo[i + 1]));
        }
        return new OpenBlasRanges(r);
    }

    @Test
    void openBlasSlowerEverywhereIsNever() {
        // Haswell kernels on an AVX-512 CPU: OpenBLAS at half the Java rate at every size.
        assertEquals(OpenBlasRanges.NONE, decide(n -> at(120, n), n -> at(60, n) + 300, null, 0));
    }

    @Test
    void aCrossoverAt128IsFound() {
        // Java at 60 GFLOP/s; OpenBLAS pays 16 us per call on top of its 100 GFLOP/s: Java time / OpenBLAS time
        // 0.88 at n = 96, 1.21 at 128, 1.50 at 192: the bands of 128 and up, from the cube of sqrt(96 * 128) = 111.
        OpenBlasRanges r = decide(n -> at(60, n), n -> at(100, n) + 16_000, null, 0);
        assertEquals(ranges(cube(111), GemmCrossover.NEVER), r, r.describe());
        assertEquals("m*n*k >= 111^3", r.describe());
    }

    @Test
    void aCrossoverIsFoundThroughNoise() {
        // The same machine with +-3% noise on every batch: best-of rounds keep the decision.
        for (long seed = 1; seed <= 5; seed++) {
            OpenBlasRanges r = decide(n -> at(60, n), n -> at(100, n) + 16_000, new SplittableRandom(seed), 0.03);
            assertEquals(ranges(cube(111), GemmCrossover.NEVER), r, "seed " + seed + ": " + r.describe());
        }
    }

    @Test
    void noisyNearEqualTimingsStayWithJava() {
        // Level within 2% plus +-4% noise on every batch: no size shows a 5% lead in its best times.
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            assertEquals(OpenBlasRanges.NONE, decide(n -> at(80, n), n -> at(81.5, n), rng, 0.04), "seed " + seed);
        }
    }

    @Test
    void aBandWhereJavaLeadsBetweenBandsWhereOpenBlasLeadsStaysInJava() {
        // The shape of the Xeon's dgemm: OpenBLAS ahead at small sizes and on the packed path, the Java direct path
        // ahead at 96 and 128. One threshold sent 128 to OpenBLAS (or 16..64 to Java); the bands keep each where it
        // was measured faster.
        OpenBlasRanges r = decide(n -> at(n == 96 || n == 128 ? 150 : 100, n), n -> at(130, n), null, 0);
        assertEquals(ranges(cube(16), cube(78), cube(157), GemmCrossover.NEVER), r, r.describe());
        assertEquals("m*n*k in [16^3, 78^3) or >= 157^3", r.describe());
        assertFalse(r.contains(cube(96)));
        assertFalse(r.contains(cube(128)));
        assertTrue(r.contains(cube(64)) && r.contains(cube(192)));
    }

    @Test
    void decisionRules() {
        // OpenBLAS faster by 10% and more from n = 32 (the third size) on: from the band of 32, sqrt(24 * 32) = 28.
        assertEquals(ranges(cube(28), GemmCrossover.NEVER),
                GemmCrossover.ranges(timings(new double[] {0.5, 0.8, 1.1, 1.12, 1.2}), 0.05));
        // A win among losses is that size's band (it was measured and confirmed); the largest size's band is open.
        assertEquals(ranges(cube(20), cube(28), cube(55), GemmCrossover.NEVER),
                GemmCrossover.ranges(timings(new double[] {0.5, 1.3, 0.9, 1.0, 1.1}), 0.05));
        // Adjacent winning bands merge; the smallest size's band starts at its own cube.
        assertEquals(ranges(cube(16), cube(28), cube(39), GemmCrossover.NEVER),
                GemmCrossover.ranges(timings(new double[] {1.3, 1.3, 1.02, 1.1, 1.1}), 0.05));
        // Exactly the margin counts; just below does not.
        assertEquals(ranges(cube(16), GemmCrossover.NEVER), GemmCrossover.ranges(timings(new double[] {1.05, 1.05}), 0.05));
        assertEquals(OpenBlasRanges.NONE, GemmCrossover.ranges(timings(new double[] {1.049, 1.049}), 0.05));
        assertEquals(OpenBlasRanges.NONE, GemmCrossover.ranges(List.of(), 0.05));
    }

    @Test
    void everyMeasuredSizeGoesWhereItWasFasterAndTheBandsCoverAllProducts() {
        // Property over random tables: the cube of every measured size goes to OpenBLAS exactly when OpenBLAS led
        // there by the margin; products between two sizes go with the nearer one (in log m*n*k, to the rounding of
        // the boundary); beyond the largest size, with the largest; below the smallest, never.
        SplittableRandom rng = new SplittableRandom(20261130);
        for (int trial = 0; trial < 2000; trial++) {
            int count = 1 + rng.nextInt(GemmCalibration.SIZES.length);
            double[] speedups = new double[count];
            for (int i = 0; i < count; i++) {
                speedups[i] = 0.7 + 0.7 * rng.nextDouble();
            }
            List<SizeTiming> t = timings(speedups);
            OpenBlasRanges r = GemmCrossover.ranges(t, GemmCrossover.MARGIN);
            for (int i = 0; i < count; i++) {
                int n = t.get(i).n();
                boolean wins = t.get(i).openBlasWins(GemmCrossover.MARGIN);
                assertEquals(wins, r.contains(cube(n)), "trial " + trial + ", n = " + n + ": " + r.describe());
                if (i + 1 < count) {
                    int next = t.get(i + 1).n();
                    long mid = GemmCrossover.boundary(n, next);
                    assertEquals(wins, r.contains(mid - 1), "trial " + trial + " below " + mid);
                    assertEquals(t.get(i + 1).openBlasWins(GemmCrossover.MARGIN), r.contains(mid));
                } else {
                    assertEquals(wins, r.contains(Long.MAX_VALUE - 1), "beyond the largest size");
                }
            }
            assertFalse(r.contains(cube(GemmCalibration.SIZES[0]) - 1), "below the smallest size measured");
            for (int i = 1; i < r.ranges().size(); i++) {
                assertTrue(r.ranges().get(i).from() > r.ranges().get(i - 1).to(), "merged: " + r.ranges());
            }
        }
    }

    @Test
    void bandBoundariesAreTheCubesOfTheRoundedGeometricMeans() {
        assertEquals(cube(20), GemmCrossover.boundary(16, 24));
        assertEquals(cube(28), GemmCrossover.boundary(24, 32));
        assertEquals(cube(78), GemmCrossover.boundary(64, 96));
        assertEquals(cube(443), GemmCrossover.boundary(384, 512));
        for (int i = 1; i < GemmCalibration.SIZES.length; i++) {
            int a = GemmCalibration.SIZES[i - 1];
            int b = GemmCalibration.SIZES[i];
            long m = GemmCrossover.boundary(a, b);
            assertTrue(m > cube(a) && m < cube(b), a + ", " + b + ": " + m);
        }
        assertThrows(IllegalArgumentException.class, () -> GemmCrossover.boundary(32, 32));
    }

    @Test
    void theXeonsWarmTablesGiveTheirRanges() {
        // The warm tables of the README (Java time / OpenBLAS time at n = 16..512, OpenBLAS's side warmed first, no
        // early stop), decided: dgemm keeps 96 and 128 in Java, sgemm keeps 48, 128 and 192.
        double[] dgemm = {1.28, 1.07, 1.12, 1.12, 1.10, 1.01, 0.93, 1.33, 1.29, 1.21, 1.25};
        double[] sgemm = {1.45, 1.12, 1.18, 0.97, 1.08, 1.06, 0.92, 0.98, 1.56, 1.51, 1.36};
        assertEquals("m*n*k in [16^3, 78^3) or >= 157^3", GemmCrossover.ranges(timings(dgemm), 0.05).describe());
        assertEquals("m*n*k in [16^3, 39^3) or in [55^3, 111^3) or >= 222^3",
                GemmCrossover.ranges(timings(sgemm), 0.05).describe());
    }

    @Test
    void everySizeIsMeasuredEvenWhenOpenBlasLeadsFromTheStart() {
        // The first form stopped at n = 24 here ("clearly ahead"); one measured size's band says nothing about the
        // next, so every size is measured.
        FakeClock clock = new FakeClock();
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, product(clock, n -> at(10, n), null, 0),
                product(clock, n -> at(100, n), null, 0), clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS,
                GemmCrossover.MARGIN);
        assertEquals(sizes(), run.timings().stream().map(SizeTiming::n).toList());
        assertEquals(ranges(cube(16), GemmCrossover.NEVER), GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN));
        assertEquals(10.0, run.timings().get(0).javaGflops(), 0.01);
        assertEquals(100.0, run.timings().get(0).openBlasGflops(), 0.1);
    }

    @Test
    void openBlasSideIsWarmedBeforeAnythingIsTimed() {
        // OpenBLAS's Java side (argument checks, segments, the downcall) costs 20 us more per call until it has been
        // called 6000 times, as before C2 compiles it. Warm, OpenBLAS leads everywhere (100 against 60 GFLOP/s);
        // timed cold, the small sizes would look Java's (16^3: 82 ns of OpenBLAS work under 20 us of call).
        FakeClock clock = new FakeClock();
        int[] calls = {0};
        Product openBlas = n -> clock.now += Math.round(at(100, n) + (calls[0]++ < 6000 ? 20_000 : 0));
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, product(clock, n -> at(60, n), null, 0),
                openBlas, clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        assertEquals(ranges(cube(16), GemmCrossover.NEVER), GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN),
                run.timings().toString());
        assertTrue(GemmCalibration.OPENBLAS_CALLS >= 6000);
    }

    @Test
    void aColdJavaKernelIsWarmedBeforeItIsTimed() {
        // Java runs 50 times slower for its first 3000 calls (interpreted), as a cold Vector API kernel does.
        FakeClock clock = new FakeClock();
        int[] calls = {0};
        Product java = n -> clock.now += Math.round(at(60, n) * (calls[0]++ < 3000 ? 50 : 1));
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, java,
                product(clock, n -> at(30, n), null, 0), clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS,
                GemmCrossover.MARGIN);
        assertEquals(OpenBlasRanges.NONE, GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN));
        assertEquals(60.0, run.timings().get(0).javaGflops(), 0.5);
    }

    @Test
    void aLeadThatTheConfirmationTakesBackStaysInJava() {
        // Java runs at half speed (C1, say) through the warm-up and the first timing of n = 16, 24 and 32, so
        // OpenBLAS seems to lead by 2x there; by the confirmation Java is compiled and level with OpenBLAS. The
        // packed path from 256 is where OpenBLAS really leads (60 against 40 GFLOP/s).
        FakeClock clock = new FakeClock();
        java.util.Map<Integer, Integer> calls = new java.util.HashMap<>();
        Product java = n -> {
            int c = calls.merge(n, 1, Integer::sum);
            // Warm-up: 11 batches of reps/64 products; first timing: ROUNDS rounds of reps products.
            long firstPass = 11L * Math.max(1, GemmCalibration.reps(n) / 64)
                    + (long) GemmCalibration.ROUNDS * GemmCalibration.reps(n);
            double rate = n >= 256 ? 40 : 60;
            clock.now += Math.round(at(rate, n) * (n <= 32 && c <= firstPass ? 2 : 1));
        };
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, java,
                product(clock, n -> at(60, n), null, 0), clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS,
                GemmCrossover.MARGIN);
        assertEquals(ranges(cube(222), GemmCrossover.NEVER), GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN),
                run.timings().toString());
        assertEquals(60.0, run.timings().get(0).javaGflops(), 0.5);
    }

    @Test
    void aSizeStillColdAfterItsRetriesMovesOnlyItsOwnBand() {
        // Java stays at 12 GFLOP/s at n = 64 only (a kernel the JIT has not compiled yet, traced for sgemm on the
        // Xeon), 150 elsewhere up to 192 and 100 on the packed path from 256. OpenBLAS leads by 8% at 32 and 48,
        // trails by 15% at 96..192 and leads by 50% from 256. The cold 64 goes to OpenBLAS (it was slower in Java
        // when measured), and its neighbours 96..192 stay in Java.
        FakeClock clock = new FakeClock();
        Product java = n -> clock.now += Math.round(at(n == 64 ? 12 : n >= 256 ? 100 : 150, n));
        Product openBlas = n -> clock.now += Math.round(at(n < 32 ? 120 : n <= 64 ? 162 : n < 256 ? 130 : 150, n));
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, java, openBlas, clock,
                GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        assertEquals(ranges(cube(28), cube(78), cube(222), GemmCrossover.NEVER),
                GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN), run.timings().toString());
    }

    @Test
    void aColdFirstRoundIsCutShort() {
        // Only Java 4x behind OpenBLAS is cold; 3x behind (or slow after a smaller size) runs all its rounds.
        long open = Math.round(at(100, 256));
        assertTrue(GemmCalibration.javaCold(5 * open, open));
        assertFalse(GemmCalibration.javaCold(3 * open, open));
        assertFalse(GemmCalibration.javaCold(open / 2, open));
    }

    @Test
    void suspectTimingsAreMeasuredAgain() {
        SizeTiming level = new SizeTiming(64, at(100, 64) * 1e-9, at(100, 64) * 1e-9);
        assertFalse(GemmCalibration.suspect(level, 120, 120));
        // Java under 0.6 of its rate at the size before, OpenBLAS under 0.6 of its best, or Java 4x behind OpenBLAS.
        assertTrue(GemmCalibration.suspect(level, 170, 120));
        assertTrue(GemmCalibration.suspect(level, 120, 170));
        assertTrue(GemmCalibration.suspect(new SizeTiming(64, at(20, 64) * 1e-9, at(100, 64) * 1e-9), 0, 0));
    }

    @Test
    void aJavaKernelColdAtALargeSizeIsWarmedThereBeforeItIsTimed() {
        // The packed path (from 224^3 here) is first taken at n = 256, 50 times slower for its first 20 calls;
        // compiled it runs at 100 GFLOP/s against OpenBLAS's 60 everywhere, so nothing goes to OpenBLAS.
        FakeClock clock = new FakeClock();
        int[] packedCalls = {0};
        Product java = n -> clock.now += Math.round(at(100, n) * (n >= 224 && packedCalls[0]++ < 20 ? 50 : 1));
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, java,
                product(clock, n -> at(60, n), null, 0), clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS,
                GemmCrossover.MARGIN);
        assertEquals(OpenBlasRanges.NONE, GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN));
        for (SizeTiming t : run.timings()) {
            assertEquals(100.0, t.javaGflops(), 1.0, "n = " + t.n());
        }
        assertEquals(512, run.timings().get(run.timings().size() - 1).n());
    }

    @Test
    void theWarmUpsRunTheWarmUpProductsNotTheTimedOnes() {
        // The timed (cube) Java product is interpreted, 50 times slower, until the warm-up product has been called
        // 300 times: as when the warm-up's thin products bring the kernels to C2. A calibration that warmed on the
        // cubes would time Java cold at every size and hand them all to OpenBLAS (60 against 30 GFLOP/s here).
        FakeClock clock = new FakeClock();
        int[] warmCalls = {0};
        Product java = n -> clock.now += Math.round(at(60, n) * (warmCalls[0] < 300 ? 50 : 1));
        Product javaWarm = n -> {
            warmCalls[0]++;
            clock.now += Math.round(at(60, n) * (warmCalls[0] < 300 ? 50 : 1));
        };
        Product openBlas = product(clock, n -> at(30, n), null, 0);
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, java, openBlas, javaWarm, openBlas,
                clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        assertEquals(OpenBlasRanges.NONE, GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN));
        assertEquals(60.0, run.timings().get(0).javaGflops(), 0.5);
        assertTrue(warmCalls[0] >= 300, "warm-up calls " + warmCalls[0]);
    }

    @Test
    void theWarmUpProductHasTheCubesWorkAndRowGroupsWithMoreCallsPerMultiplyAdd() {
        for (int n : GemmCalibration.SIZES) {
            int k = GemmCalibration.warmDepth(n);
            int rows = GemmCalibration.warmRows(n);
            long macs = (long) rows * n * k;
            long cube = (long) n * n * n;
            // Above the thin kernels' depth (8), and no deeper than the cube: at least as many kernel calls.
            assertTrue(k > 8 && k <= n, "n = " + n + ": k = " + k);
            assertEquals(Math.floorMod(n, 8), Math.floorMod(rows, 8), "n = " + n + ": rows " + rows);
            // The same m*n*k up to the rounding of the rows, so the Java GEMM takes the same path as for n^3
            // (direct below 160^3 double, 224^3 float at every width today).
            assertTrue(macs >= cube && macs <= cube + 8L * n * k, "n = " + n + ": " + macs + " against " + cube);
            for (long directMax : new long[] {160L * 160 * 160, 224L * 224 * 224}) {
                assertEquals(cube <= directMax, macs <= directMax, "n = " + n + " against " + directMax);
            }
        }
        assertEquals(1024, GemmCalibration.warmRows(256));
        assertEquals(64, GemmCalibration.warmDepth(256));
    }

    @Test
    void aColdBatchStopsAsSoonAsJavaIsFourTimesBehind() {
        FakeClock clock = new FakeClock();
        int[] calls = {0};
        Product slow = n -> {
            calls[0]++;
            clock.now += 1000;
        };
        // OpenBLAS took 300 ns for the whole batch of 100: the first product (1000 ns) is not yet 4x behind, the
        // second is; the batch's time is extrapolated from the two.
        assertEquals(100_000, GemmCalibration.batchUnlessCold(slow, 16, 100, clock, 300));
        assertEquals(2, calls[0]);
        calls[0] = 0;
        assertEquals(100_000, GemmCalibration.batchUnlessCold(slow, 16, 100, clock, 100_000));
        assertEquals(100, calls[0]);
    }

    @Test
    void aDecisiveJavaLeadEndsASizeAfterThreeRoundsAndAnOpenBlasLeadDoesNot() {
        assertTrue(GemmCalibration.decisive(100, 120));
        assertFalse(GemmCalibration.decisive(100, 119));
        assertFalse(GemmCalibration.decisive(120, 100));
        // Java twice as fast everywhere: a size whose OpenBLAS call takes 20 us or more runs DECISIVE_ROUNDS rounds
        // (n = 512: one product of each a round, 2.2 ms for OpenBLAS), a shorter one all its rounds (n = 96: four
        // products a round, 15 us each), as do level timings. Neither size is warmed up (not suspect, not in
        // WARM_UP_SIZES), so every call counted is a timed one.
        for (double openBlasRate : new double[] {120, 230}) {
            FakeClock clock = new FakeClock();
            java.util.Map<Integer, Integer> openBlasCalls = new java.util.HashMap<>();
            Product openBlas = n -> {
                openBlasCalls.merge(n, 1, Integer::sum);
                clock.now += Math.round(at(openBlasRate, n));
            };
            GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES,
                    product(clock, n -> at(240, n), null, 0), openBlas, clock, GemmCalibration.ROUNDS,
                    Long.MAX_VALUE, GemmCrossover.MARGIN);
            assertEquals(OpenBlasRanges.NONE, GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN));
            int reps96 = GemmCalibration.reps(96);
            assertTrue(openBlasCalls.get(96) >= GemmCalibration.ROUNDS * reps96, "calls at 96: " + openBlasCalls);
            if (openBlasRate == 120) {
                // The sweep and the confirmation pass, each ended after DECISIVE_ROUNDS.
                assertEquals(2 * GemmCalibration.DECISIVE_ROUNDS, openBlasCalls.get(512));
            } else {
                assertTrue(openBlasCalls.get(512) >= GemmCalibration.ROUNDS, "rounds at 512: " + openBlasCalls);
            }
        }
    }

    @Test
    void aSlowerPathIsComparedWithTheSizeBeforeNotTheBest() {
        // The direct path at 160 GFLOP/s to n = 192, the packed path at 100 from 256 and 92 at 384 (0.575 of the
        // best, 0.92 of the size before); OpenBLAS at 150. n = 384 is not warmed again: the warm-up product is never
        // called there. The answer is OpenBLAS from the band of 256 (sqrt(192 * 256) = 222), confirmed.
        FakeClock clock = new FakeClock();
        java.util.Map<Integer, Integer> warmCalls = new java.util.HashMap<>();
        IntToDoubleFunction rate = n -> n < 256 ? 160 : n == 256 ? 100 : 92;
        Product java = product(clock, n -> at(rate.applyAsDouble(n), n), null, 0);
        Product javaWarm = n -> {
            warmCalls.merge(n, 1, Integer::sum);
            clock.now += Math.round(at(rate.applyAsDouble(n), n));
        };
        Product openBlas = product(clock, n -> at(150, n), null, 0);
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, java, openBlas, javaWarm, openBlas,
                clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        assertEquals(ranges(cube(222), GemmCrossover.NEVER), GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN),
                run.timings().toString());
        assertEquals(null, warmCalls.get(384), warmCalls.toString());
    }

    @Test
    void anOpenBlasSideStillColdAfterTheSweepIsWarmedAndEverySizeTimedAgain() {
        // OpenBLAS's Java side in C1's code (+500 ns a call) until 100,000 of the tiny warm-up calls have been made: more
        // than the up-front warm-up makes (it stops at OPENBLAS_CALLS without seeing a drop). The sweep times it cold,
        // so n = 16..48 look Java's; the check after the sweep sees a 4^3 call cost most of a 16^3 one, warms again
        // (the drop comes), and the second timing of every size gives OpenBLAS (100 GFLOP/s against 60) every band.
        FakeClock clock = new FakeClock();
        int[] tiny = {0};
        Product openBlas = n -> {
            if (n == GemmCalibration.OPENBLAS_CALL_N) {
                tiny[0]++;
            }
            clock.now += Math.round(at(100, n) + (tiny[0] < 100_000 ? 500 : 0));
        };
        GemmCalibration.Run run = GemmCalibration.measure(GemmCalibration.SIZES, product(clock, n -> at(60, n), null, 0),
                openBlas, clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        assertEquals(ranges(cube(16), GemmCrossover.NEVER), GemmCrossover.ranges(run.timings(), GemmCrossover.MARGIN),
                run.timings().toString());
        assertTrue(tiny[0] >= 100_000, "warmed again: " + tiny[0]);
        assertFalse(run.openBlasCold(), "warm by the second timing");
        // Warm, a 4^3 call is a small part of a 16^3 one: no second warm-up.
        FakeClock warm = new FakeClock();
        assertFalse(GemmCalibration.openBlasSideCold(product(warm, n -> at(100, n) + 20, null, 0),
                List.of(new SizeTiming(16, at(60, 16) * 1e-9, (at(100, 16) + 20) * 1e-9)), warm));
    }

    @Test
    void anOpenBlasSideThatStaysColdIsReportedSoTheAnswerIsNotStored() {
        // Stuck in C1's code (+500 ns a call) whatever the warm-up: the run says so, and AutoCalibration does not store
        // a calibration of it (this JVM uses it: its OpenBLAS calls do run that slowly).
        FakeClock clock = new FakeClock();
        GemmCalibration.Run stuck = GemmCalibration.measure(GemmCalibration.SIZES, product(clock, n -> at(60, n), null, 0),
                product(clock, n -> at(100, n) + 500, null, 0), clock, GemmCalibration.ROUNDS,
                GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        assertTrue(stuck.openBlasCold());
        GemmCalibration.Run fine = GemmCalibration.measure(GemmCalibration.SIZES, product(clock, n -> at(60, n), null, 0),
                product(clock, n -> at(100, n), null, 0), clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS,
                GemmCrossover.MARGIN);
        assertFalse(fine.openBlasCold());
        assertEquals(null, AutoCalibration.notStored(fine, fine));
        assertTrue(AutoCalibration.notStored(fine, stuck).startsWith("OpenBLAS's sgemm calls stayed in C1's code"));
        assertTrue(AutoCalibration.notStored(stuck, stuck).startsWith("OpenBLAS's dgemm and sgemm calls"));
    }

    @Test
    void formats() {
        assertEquals("never", GemmCrossover.format(GemmCrossover.NEVER));
        assertEquals("128^3", GemmCrossover.format(128L * 128 * 128));
        assertEquals("4000", GemmCrossover.format(4000));
        assertEquals("0", GemmCrossover.format(0));
    }

    /** Timings at SIZES[0..] with the given Java time / OpenBLAS time. */
    static List<SizeTiming> timings(double[] speedups) {
        List<SizeTiming> t = new ArrayList<>();
        for (int i = 0; i < speedups.length; i++) {
            int n = GemmCalibration.SIZES[i];
            t.add(new SizeTiming(n, speedups[i] * 1e-6, 1e-6));
        }
        return t;
    }
}
