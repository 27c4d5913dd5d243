package org.teachingrnns.nativeblas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.teachingrnns.nativeblas.GemmCrossover.SizeTiming;

/**
 * Times OpenBLAS against the Java GEMM on square products of increasing size, both backends alternating in one
 * thread, best of several rounds, at every size of {@link #SIZES} (each stands for a band of m*n*k in
 * {@link GemmCrossover#ranges}, so none may be skipped) unless a time budget is spent. The clock and the two products
 * are given, so tests can run this on synthetic timings.
 */
final class GemmCalibration {

    /** The sizes tried, ascending: the RNN's products (hidden sizes to a few hundred) and the usual crossovers. */
    static final int[] SIZES = {16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512};

    /** Rounds per size at least; the best (smallest) time of each backend counts. */
    static final int ROUNDS = 5;

    /** Multiply-adds per timed batch: small sizes repeat the product so one reading is ~0.1 ms. */
    static final long BATCH_MACS = 1L << 22;

    /** Clock time in timed rounds (warm-ups not counted) after which no further size is started, per element type. */
    static final long BUDGET_NANOS = 600_000_000L;

    /** A monotonic reading in nanoseconds: the thread's CPU time on the machine, a counter in tests. */
    @FunctionalInterface
    interface Clock {
        long nanos();
    }

    /** One n x n x n product on preallocated operands. */
    @FunctionalInterface
    interface Product {
        void multiply(int n);
    }

    /**
     * What a run measured: the timings in ascending n, and the clock time it took (warm-up included).
     *
     * @param openBlasCold OpenBLAS's Java side was still in C1's code after warming it again
     *                     ({@link #openBlasSideCold}): its small sizes were timed slower than a warm JVM runs them
     */
    record Run(List<SizeTiming> timings, long nanos, boolean openBlasCold) {
        Run(List<SizeTiming> timings, long nanos) {
            this(timings, nanos, false);
        }
    }

    /** {@code -Dteachingrnns.calibration.trace=true}: one line per size on stderr while measuring (diagnosis). */
    static final boolean TRACE = Boolean.getBoolean("teachingrnns.calibration.trace");

    private GemmCalibration() {
    }

    /** As below, with the timed products as the warm-ups' and OpenBLAS's side warmed first (tests). */
    static Run measure(int[] sizes, Product java, Product openBlas, Clock clock, int rounds, long budgetNanos,
                       double margin) {
        warmOpenBlasSide(clock, openBlas);
        return measure(sizes, java, openBlas, java, openBlas, clock, rounds, budgetNanos, margin);
    }

    /**
     * The sweep, OpenBLAS's Java side warmed by the caller ({@link #warmOpenBlasSide}; {@link AutoCalibration} does
     * it for both element types at once), with the products the warm-ups run ({@code javaWarm.multiply(n)},
     * {@code openBlasWarm.multiply(n)}):
     * on the machine the {@link #warmRows}(n) x n x {@link #warmDepth}(n) product, which has the m*n*k of n^3
     * (so the Java GEMM takes the same path, direct or packed), the same n (the same column plan) and a k from
     * 16 (above the thin kernels' depth 8, so the same kernels), so it calls each kernel n / k times as often
     * per multiply-add as the cube. The JIT compiles a kernel after a number of its calls and loop iterations,
     * not of multiply-adds, and until then the Vector API kernels run interpreted or in C1 code at 0.1-1 GFLOP/s:
     * the thin product gets them compiled for a fraction of the work (traced: the packed path at n = 256 took
     * 0.16-0.22 s of warm-up as cubes, the direct kernels at n = 48..64 several retries).
     */
    static Run measure(int[] sizes, Product java, Product openBlas, Product javaWarm, Product openBlasWarm,
                       Clock clock, int rounds, long budgetNanos, double margin) {
        long start = clock.nanos();
        // The Java kernels run interpreted until C2 compiles them, and a branch first taken later (a remainder
        // loop, another size class) deoptimises them; timing them cold would hand small sizes to OpenBLAS. Warm
        // both at sizes that take the branches until the best batch time stops improving. Larger sizes (the
        // packed path) are warmed when the sweep reaches them, if they look cold there (see suspect()).
        boolean expectWarm = true;
        for (int n : WARM_UP_SIZES) {
            // Once a warm-up ends with Java still that slow, it is that slow (scalar kernels, say): stop waiting.
            expectWarm = warmUp(javaWarm, openBlasWarm, n, clock, expectWarm) && expectWarm;
        }
        awaitCompilerQuiet();
        if (TRACE) {
            System.err.printf("calibration: warm-up %.3f s%n", (clock.nanos() - start) * 1e-9);
        }
        List<SizeTiming> timings = new ArrayList<>();
        double javaRateBefore = 0.0;
        double bestOpenBlasRate = 0.0;
        long timed = 0; // clock time in the timed rounds only: warm-ups are bounded on their own
        for (int n : sizes) {
            long t0 = clock.nanos();
            SizeTiming t = size(n, java, openBlas, clock, rounds, true);
            timed += clock.nanos() - t0;
            // Java far behind OpenBLAS, or either far slower than at a smaller size, is a code path the JIT has not
            // compiled yet (the Java GEMM has paths by shape) or a burst of load: warm at this size, measure again.
            for (int retry = 0; retry < 2 && suspect(t, javaRateBefore, bestOpenBlasRate); retry++) {
                if (TRACE) {
                    System.err.printf("calibration: n=%d suspect (java %.1f openblas %.1f GFLOP/s)%n", n,
                            t.javaGflops(), t.openBlasGflops());
                }
                // The first retry waits for Java to get fast even after an earlier warm-up gave up: a kernel
                // first called here needs some hundreds of calls before C2 compiles it.
                expectWarm = warmUp(javaWarm, openBlasWarm, n, clock, expectWarm || retry == 0) && expectWarm;
                long t1 = clock.nanos();
                // Every attempt is cut short by a cold first round: a Java still that cold after the retries
                // (the scalar kernels, say) is told apart from OpenBLAS by one batch as well as by five.
                SizeTiming again = size(n, java, openBlas, clock, rounds, true);
                timed += clock.nanos() - t1;
                t = t.bestOf(again);
            }
            javaRateBefore = t.javaGflops();
            bestOpenBlasRate = Math.max(bestOpenBlasRate, t.openBlasGflops());
            timings.add(t);
            if (TRACE) {
                System.err.printf("calibration: n=%d java %.1f openblas %.1f GFLOP/s at %.3f s%n", n, t.javaGflops(),
                        t.openBlasGflops(), (clock.nanos() - start) * 1e-9);
            }
            if (timed > budgetNanos) {
                break;
            }
        }
        confirm(timings, java, openBlas, clock, rounds, margin);
        boolean cold = false;
        if (openBlasSideCold(openBlasWarm, timings, clock)) {
            // Timed with OpenBLAS's Java side in C1's code (see warmOpenBlasSide): warm it again, time every size again.
            // On a loaded machine it can stay there (C1's tier 2, which C2 never replaced in 60,000 more calls, traced):
            // then the run says so, and the caller does not store the answer.
            if (TRACE) {
                System.err.printf("calibration: openblas side cold after the sweep, warming and timing again%n");
            }
            warmOpenBlasSide(clock, openBlasWarm);
            confirm(timings, java, openBlas, clock, rounds, margin);
            cold = openBlasSideCold(openBlasWarm, timings, clock);
        }
        if (TRACE) {
            System.err.printf("calibration: done at %.3f s%n", (clock.nanos() - start) * 1e-9);
        }
        return new Run(List.copyOf(timings), clock.nanos() - start, cold);
    }

    /** The size of the calls of {@link #warmOpenBlasSide}: the smallest with the warm-up product's shape (4 x 4 x 4). */
    static final int OPENBLAS_CALL_N = 4;

    /**
     * Whether OpenBLAS's Java side was still (or again) in C1's code when the sizes were timed: a call of the
     * {@link #OPENBLAS_CALL_N}^3 product, 64 times less work than the 16^3 one, takes more than
     * {@link #COLD_CALL_FRACTION} of the 16^3 call's best time. Compiled, the fixed cost of a call is small against a
     * 16^3 product (Xeon: 42-72 ns against 110-160); in C1's code it is most of both (400-700 ns). Seen on a loaded
     * machine in one calibration of three after the up-front warm-up: sgemm's side cold through the whole sweep,
     * n = 16..96 sent to Java although OpenBLAS is 7-18% faster there.
     */
    static boolean openBlasSideCold(Product openBlasWarm, List<SizeTiming> timings, Clock clock) {
        if (timings.isEmpty() || timings.get(0).n() != SIZES[0]) {
            return false;
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            best = Math.min(best, batch(openBlasWarm, OPENBLAS_CALL_N, OPENBLAS_ROUND_CALLS, clock));
        }
        double small = best * 1e-9 / OPENBLAS_ROUND_CALLS;
        if (TRACE) {
            System.err.printf("calibration: openblas %d^3 call %.0f ns against %.0f ns at %d^3%n", OPENBLAS_CALL_N,
                    small * 1e9, timings.get(0).openBlasSeconds() * 1e9, SIZES[0]);
        }
        return small > COLD_CALL_FRACTION * timings.get(0).openBlasSeconds();
    }

    /** See {@link #openBlasSideCold}. */
    static final double COLD_CALL_FRACTION = 0.7;

    /** Calls per round of {@link #warmOpenBlasSide}. */
    static final int OPENBLAS_ROUND_CALLS = 2000;

    /** Calls of {@link #warmOpenBlasSide} at least (unless C2's code shows first), and at most. */
    static final int OPENBLAS_CALLS = 60_000;
    static final int OPENBLAS_MIN_CALLS = 8_000;

    /** The drop in time per call that shows C2's code (C1 to C2 was 500-700 to 51-160 ns for 4^3 on the Xeon). */
    static final double OPENBLAS_WARM_DROP = 0.25;

    /**
     * Calls OpenBLAS's tiny product until its Java side runs in C2's code, between two waits for a quiet JIT (the
     * Java warm-ups come after): {@link #OPENBLAS_CALLS} calls, or fewer once a round's time per call has dropped to
     * {@link #OPENBLAS_WARM_DROP} of the slowest round since the first (the interpreter's), about 40 ms of CPU at most.
     *
     * <p>Why, and why in that order. A harness of 4^3 dgemm calls on the Xeon read 500-700 ns a call for 35,000-50,000
     * calls (C1's code: the heap segments, the argument checks, the method handle), then 51-62 ns from one round to
     * the next when C2 installed {@code Blas.dgemm}. In the calibration, when these calls started while C2's queue was
     * long (the kernels the caller had run), C1 compiled the downcall method at tier 2, which keeps no type profile;
     * C2 then compiled its caller without inlining it (traced with {@code -XX:+PrintCompilation}: {@code
     * CblasCalls$Critical::dgemm} at tier 2 and never again), and OpenBLAS's dgemm read 11-17 GFLOP/s at n = 16
     * (warm 53-80) through the whole sweep and its confirmation, in one calibration of three: n = 16..96 went to Java.
     * Started on a quiet JIT the calls get tier 3's profile; the second wait lets C2 finish before the Java warm-ups
     * fill its queue. Given the products of both element types ({@link AutoCalibration} does, before either is
     * measured), the rounds alternate between them: warmed one type after the other, the float path's first calls
     * deoptimised the double path's compiled code ("marked for deoptimization" as the float segment classes loaded)
     * and the float path's downcall stayed in C1's code through its whole measurement in three calibrations of six
     * (400 ns a 4^3 call after 60,000 calls; sgemm at n = 16..96 went to Java).
     */
    static void warmOpenBlasSide(Clock clock, Product... openBlasWarm) {
        awaitCompilerQuiet();
        long wallStart = System.nanoTime();
        long calls = 0;
        double slowest = 0;
        double last = Double.NaN;
        for (int round = 0; calls < OPENBLAS_CALLS; round++) {
            long time = 0;
            for (Product p : openBlasWarm) {
                time += batch(p, OPENBLAS_CALL_N, OPENBLAS_ROUND_CALLS, clock);
            }
            calls += OPENBLAS_ROUND_CALLS;
            last = time / (double) (OPENBLAS_ROUND_CALLS * openBlasWarm.length);
            if (round > 0) {
                slowest = Math.max(slowest, last);
            }
            if (calls >= OPENBLAS_MIN_CALLS && round > 1 && last <= OPENBLAS_WARM_DROP * slowest) {
                break;
            }
        }
        if (TRACE) {
            System.err.printf("calibration:   openblas side %d x %d calls in %.3f s wall, %.0f ns a call at the end, %.0f"
                    + " at the slowest%n", openBlasWarm.length, calls, (System.nanoTime() - wallStart) * 1e-9, last,
                    slowest);
        }
        awaitCompilerQuiet();
    }

    /**
     * Measures every size again after the JIT has gone quiet, keeping each backend's best of both passes, then again
     * the sizes whose decision changed (twice at most). Both backends only get faster with time (the JIT, and
     * OpenBLAS's Java side), so the best of two passes is nearer their steady speed than either pass: traced on the
     * Xeon, the first pass read the Java dgemm at n = 16 at 40 GFLOP/s and the second at 45, where a 400 ms warm-up
     * ({@code teach bench}) gives 53; a size's decision rests on a few percent, and one pass decided n = 16..64
     * differently from run to run.
     */
    private static void confirm(List<SizeTiming> timings, Product java, Product openBlas, Clock clock, int rounds,
                                double margin) {
        boolean[] again = new boolean[timings.size()];
        Arrays.fill(again, true);
        for (int pass = 0; pass < 3; pass++) {
            awaitCompilerQuiet();
            boolean changed = false;
            boolean[] next = new boolean[timings.size()];
            for (int i = 0; i < timings.size(); i++) {
                if (!again[i]) {
                    continue;
                }
                SizeTiming old = timings.get(i);
                SizeTiming t = size(old.n(), java, openBlas, clock, rounds);
                if (TRACE) {
                    System.err.printf("calibration: confirm n=%d java %.1f openblas %.1f GFLOP/s%n", old.n(),
                            t.javaGflops(), t.openBlasGflops());
                }
                SizeTiming best = old.bestOf(t);
                timings.set(i, best);
                next[i] = best.openBlasWins(margin) != old.openBlasWins(margin);
                changed |= next[i];
            }
            if (!changed) {
                return;
            }
            again = next;
        }
    }

    /**
     * Sizes of the warm-up before the sweep: the direct path's sizes the sweep times first, so the warm-up compiles
     * exactly the kernels and branches those products take. (An odd size, 17, warmed remainder paths no size of
     * the sweep takes, for 0.03-0.05 s of CPU per type.) The packed path (m*n*k from 160^3 double, 224^3 float in
     * numeric's VectorBlas today) is warmed only when the sweep reaches it, through {@link #suspect}: up front it
     * cost 0.1-0.3 s of CPU per type even when the answer was clear by n = 48 (traced: the first 192^3 products run
     * interpreted, 30-60 ms each).
     */
    static final int[] WARM_UP_SIZES = {16, 24, 32, 48, 64};

    /** A rate below this fraction of the best at a smaller size is measured again. */
    static final double RETRY_FRACTION = 0.6;

    /**
     * Whether a size's timing looks like a path the JIT has not compiled yet, or a burst of load: Java
     * {@link #COLD_FACTOR} behind OpenBLAS, Java below {@link #RETRY_FRACTION} of its rate at the size before, or
     * OpenBLAS below that fraction of its best rate at a smaller size. Such a timing is warmed and measured again.
     * Java is compared with the size before, not its best: the packed path (from 224^3 float) runs at 100-115
     * GFLOP/s where the direct path reached 150-160, so against the best every first round at n = 384 was
     * "suspect" and warmed again (0.02-0.05 s per type that gets there), although n = 256 had the same rate.
     */
    static boolean suspect(SizeTiming t, double javaRateBefore, double bestOpenBlasRate) {
        return t.javaGflops() < RETRY_FRACTION * javaRateBefore
                || t.openBlasGflops() < RETRY_FRACTION * bestOpenBlasRate
                || javaCold(t.javaSeconds(), t.openBlasSeconds());
    }

    /**
     * Java {@link #COLD_FACTOR} behind OpenBLAS on the same work (times of a call or a batch): a Vector API kernel
     * still interpreted or in C1 code, not a slow backend. The one rule of the warm-up, the retries and the cut.
     */
    static boolean javaCold(double javaTime, double openBlasTime) {
        return javaTime > COLD_FACTOR * openBlasTime;
    }

    private static SizeTiming size(int n, Product java, Product openBlas, Clock clock, int rounds) {
        return size(n, java, openBlas, clock, rounds, false);
    }

    /**
     * Best time per call at n: at least {@code rounds} rounds, then on until neither backend's best has improved
     * by 2% for three rounds in a row, at most {@link #MAX_ROUNDS} or {@link #SIZE_BUDGET_NANOS} of clock time;
     * after {@link #DECISIVE_ROUNDS} when Java leads {@link #decisive}ly. With {@code cut}, a first round in which
     * Java is {@link #javaCold} ends it there.
     */
    private static SizeTiming size(int n, Product java, Product openBlas, Clock clock, int rounds, boolean cut) {
        int reps = reps(n);
        long bestJava = Long.MAX_VALUE;
        long bestOpenBlas = Long.MAX_VALUE;
        int staleJava = 0;
        int staleOpenBlas = 0;
        long start = clock.nanos();
        for (int r = 0; r < MAX_ROUNDS && (r < rounds
                || ((staleJava < 3 || staleOpenBlas < 3) && clock.nanos() - start < SIZE_BUDGET_NANOS))
                && !(r >= DECISIVE_ROUNDS && decisive(bestJava, bestOpenBlas)
                        && bestOpenBlas >= (long) reps * DECISIVE_MIN_CALL_NANOS); r++) {
            long tj;
            long to;
            // Alternate which goes first, so neither always inherits the other's cache state. With the cut, OpenBLAS
            // goes first in the first round, so Java's batch can stop as soon as it is cold: a cold batch ran all
            // its products interpreted or in C1 code (n = 32..64: 10-20 ms each, several per type), which
            // bought nothing, as the size is warmed and measured again anyway.
            if (r == 0 && cut) {
                to = batch(openBlas, n, reps, clock);
                tj = batchUnlessCold(java, n, reps, clock, to);
            } else if (((r & 1) == 0) != cut) {
                tj = batch(java, n, reps, clock);
                to = batch(openBlas, n, reps, clock);
            } else {
                to = batch(openBlas, n, reps, clock);
                tj = batch(java, n, reps, clock);
            }
            staleJava = tj < bestJava * 0.98 ? 0 : staleJava + 1;
            staleOpenBlas = to < bestOpenBlas * 0.98 ? 0 : staleOpenBlas + 1;
            bestJava = Math.min(bestJava, tj);
            bestOpenBlas = Math.min(bestOpenBlas, to);
            // A first round that already shows Java cold ends it: the remaining rounds would only time interpreted
            // code. Traced: a sgemm first taking the packed path at n = 256 ran five rounds at 43-50 ms each, 0.25 s
            // of CPU that a warm-up then had to repeat. Java merely below its rate at a smaller size is not cut: a
            // first product at a new large size is often slow (fresh cache and pages), and cutting there sent n = 384
            // and 512 to warm-ups of 0.05-0.13 s each (traced with Haswell kernels).
            if (r == 0 && cut && javaCold(tj, to)) {
                break;
            }
        }
        // A clock coarser than a batch can read 0; count that as one tick rather than infinitely fast.
        return new SizeTiming(n, Math.max(bestJava, 1) * 1e-9 / reps, Math.max(bestOpenBlas, 1) * 1e-9 / reps);
    }

    /**
     * Rounds after which a size where Java's best time is already {@link #DECISIVE_SPEEDUP} times below
     * OpenBLAS's ends ({@link #decisive}), once an OpenBLAS call takes {@link #DECISIVE_MIN_CALL_NANOS} or more:
     * further rounds only lower both bests, and OpenBLAS would have to get 20% faster than its best so far to win
     * the size. Only this direction: Java timed before the JIT finished looks slower than it is, so an OpenBLAS lead
     * runs all its rounds (and every size is timed again, see {@link #confirm}). And only for calls that long:
     * OpenBLAS's side of a call is Java code too (argument checks, heap segments, the downcall), which C2 compiles only
     * after some 5000 calls, and cold it added about a microsecond a call (dgemm n = 32 read 43-53 GFLOP/s instead of 78-81), which
     * later rounds can still shed. Traced with OpenBLAS's Haswell kernels: Java 1.3-3 times faster at every size,
     * which ran 5 to 15 rounds each, most of the time at n = 256..512 (1-3 ms a round).
     */
    static final int DECISIVE_ROUNDS = 3;

    /** OpenBLAS call time from which a decisive Java lead ends a size: a cold call's Java side is under 5% of it. */
    static final long DECISIVE_MIN_CALL_NANOS = 20_000;

    /** Whether Java leads by so much that further rounds cannot give the size to OpenBLAS (see DECISIVE_ROUNDS). */
    static boolean decisive(long javaTime, long openBlasTime) {
        return openBlasTime >= DECISIVE_SPEEDUP * javaTime;
    }

    /** Java's lead (OpenBLAS time / Java time) that is {@link #decisive}. */
    static final double DECISIVE_SPEEDUP = 1.20;

    /** Upper bound on rounds per size. */
    static final int MAX_ROUNDS = 15;

    /**
     * Clock time per size after which rounds beyond {@code rounds} stop even if a best is still improving: at
     * n = 384 and 512 a round takes 3-10 ms of both backends, and best of five batches that long is steady.
     */
    static final long SIZE_BUDGET_NANOS = 40_000_000L;

    /** The shared dimension of the warm-up product for size n (see {@link #measure}): n up to 16, else n / 4, at least 16. */
    static int warmDepth(int n) {
        return n <= 16 ? n : Math.max(16, n / 4);
    }

    /**
     * The rows of the warm-up product for size n: n^2 / {@link #warmDepth}, rounded up to the next number that is n
     * modulo 8, so the Java GEMM groups the rows as for the cube (groups of eight and four, a remainder row) and the
     * warm-up compiles the branches the timed product takes, no others.
     */
    static int warmRows(int n) {
        int k = warmDepth(n);
        long rows = ((long) n * n + k - 1) / k;
        return (int) (rows + Math.floorMod(n - rows, 8));
    }

    static int reps(int n) {
        long macs = (long) n * n * n;
        return (int) Math.max(1, Math.min(10_000, BATCH_MACS / macs));
    }

    /**
     * Java's batch, stopped after the first product that takes it past {@link #COLD_FACTOR} times OpenBLAS's batch
     * time {@code openBlasTime}: then the time of the whole batch at the rate so far (which {@link #javaCold}
     * finds cold), else the batch's time.
     */
    static long batchUnlessCold(Product p, int n, int reps, Clock clock, long openBlasTime) {
        long t0 = clock.nanos();
        for (int i = 0; i < reps; i++) {
            p.multiply(n);
            long t = clock.nanos() - t0;
            if (i + 1 < reps && javaCold(t, openBlasTime)) {
                return Math.max(t, Math.round((double) t * reps / (i + 1)));
            }
        }
        return clock.nanos() - t0;
    }

    private static long batch(Product p, int n, int reps, Clock clock) {
        long t0 = clock.nanos();
        for (int i = 0; i < reps; i++) {
            p.multiply(n);
        }
        return clock.nanos() - t0;
    }

    /**
     * Batches of both at n until neither best has improved by 2% for five batches and Java is within
     * {@link #COLD_FACTOR} of OpenBLAS (a Vector API kernel still interpreted is 30-100 times slower; one that is
     * compiled is not that far behind any BLAS). At most {@link #WARM_UP_WALL_NANOS} of wall time. Returns false when
     * Java ended that slow and no longer improving; without {@code expectWarm} it does not wait for Java to get fast.
     */
    private static boolean warmUp(Product java, Product openBlas, int n, Clock clock, boolean expectWarm) {
        int reps = Math.max(1, reps(n) / 64);
        long best = Long.MAX_VALUE;
        long bestOpen = Long.MAX_VALUE;
        int stale = 0;
        int staleOpen = 0;
        boolean slow = true;
        long wallStart = System.nanoTime();
        long c0 = clock.nanos();
        long javaTime = 0;
        long openBlasTime = 0;
        int iterations = 0;
        for (int i = 0; System.nanoTime() - wallStart < WARM_UP_WALL_NANOS; i++) {
            long t = batch(java, n, reps, clock);
            long to = batch(openBlas, n, reps, clock);
            javaTime += t;
            openBlasTime += to;
            iterations = i + 1;
            stale = t < best * 0.98 ? 0 : stale + 1;
            staleOpen = to < bestOpen * 0.98 ? 0 : staleOpen + 1;
            best = Math.min(best, t);
            bestOpen = Math.min(bestOpen, to);
            slow = javaCold(best, bestOpen);
            // OpenBLAS's side warms too: its downcall and argument checks are Java code, and timed before C2 has
            // them it read 11-35 GFLOP/s at n = 16-32 (warm 50-80), which made small sizes look Java's.
            if (i >= 10 && stale >= 5 && staleOpen >= 5 && (!slow || !expectWarm)) {
                break;
            }
            // No pause while Java is slow. An earlier form slept 10 ms after each such batch so that the compiler
            // threads had the core on a busy machine; but C2 is triggered by calls and loop iterations, which a
            // sleeping thread does not make: the warm-ups at n = 24..64 ran 11-48 tiny batches in 0.1-0.5 s of wall
            // time each and ended with Java still interpreted (0.5-0.9 GFLOP/s, traced), so every size was
            // suspect and warmed again, and a calibration took 8-12 s of wall time for 0.6 s of CPU.
        }
        if (TRACE) {
            System.err.printf("calibration:   warm-up n=%d %.3f s (java %.3f, openblas %.3f, %d batches in %.3f s wall),"
                    + " java %.1f openblas %.1f GFLOP/s%n", n, (clock.nanos() - c0) * 1e-9, javaTime * 1e-9,
                    openBlasTime * 1e-9, iterations, (System.nanoTime() - wallStart) * 1e-9,
                    2.0 * n * n * n * reps / best, 2.0 * n * n * n * reps / bestOpen);
        }
        // Ended slow but still improving is the JIT behind on a busy machine, not a slow backend: the old rule
        // (any slow end) stopped waiting for the rest of the calibration after the first warm-up timed out.
        return !slow || stale < 5;
    }

    /** Java slower than OpenBLAS by this factor is taken as not compiled yet during the warm-up. */
    static final double COLD_FACTOR = 4.0;

    /** Wall-time bound of one warm-up. */
    static final long WARM_UP_WALL_NANOS = 500_000_000L;

    /**
     * The quiet spell of {@link #awaitCompilerQuiet}: 100 ms. (200 ms, called after every retry and before each
     * confirmation, made 2.5 s of a calibration's 8-10 s of wall time; the compiles it waits for, of the kernels and
     * the downcall path, each take some milliseconds to some tens.)
     */
    static final long QUIET_NANOS = 100_000_000L;

    /**
     * Sleeps until the JIT has finished no compilation for {@link #QUIET_NANOS} (at most 2 s of wall time, no CPU),
     * as org.teachingrnns.rnn.perf.CpuTimer does for {@code teach bench}. A warm-up measured in this thread's CPU
     * time ends when the timings stop improving, which on a loaded machine can be while C2's queue still holds
     * the packed path: C1 code there ran at half speed, steadily, so no timing showed it (traced: dgemm n = 192
     * timed at 25-33 GFLOP/s, its packing methods reached C2 a second later; steady it runs at 60-67). The
     * retries this caused cost 0.1-0.3 s of CPU each.
     */
    static void awaitCompilerQuiet() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < QUIET_NANOS) {
            pause(20);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
