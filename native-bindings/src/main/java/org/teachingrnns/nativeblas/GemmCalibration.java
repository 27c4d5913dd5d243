package org.teachingrnns.nativeblas;

import java.util.ArrayList;
import java.util.List;

import org.teachingrnns.nativeblas.GemmCrossover.SizeTiming;

/**
 * Times OpenBLAS against the Java GEMM on square products of increasing size, both backends alternating in one
 * thread, best of several rounds, until the answer is clear ({@link GemmCrossover#clear}), the sizes run out or a
 * time budget is spent. The clock and the two products are given, so tests can run this on synthetic timings.
 */
final class GemmCalibration {

    /** The sizes tried, ascending: the RNN's products (hidden sizes to a few hundred) and the usual crossovers. */
    static final int[] SIZES = {16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512};

    /** Rounds per size at least; the best (smallest) time of each backend counts. */
    static final int ROUNDS = 5;

    /** Multiply-adds per timed batch: small sizes repeat the product so one reading is ~0.1 ms. */
    static final long BATCH_MACS = 1L << 22;

    /** Clock time after the warm-up from which no further size is started, per element type. */
    static final long BUDGET_NANOS = 400_000_000L;

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

    /** What a run measured: the timings in ascending n, and the clock time it took (warm-up included). */
    record Run(List<SizeTiming> timings, long nanos) {
    }

    static final boolean TRACE = Boolean.getBoolean("teachingrnns.calibration.trace");

    private GemmCalibration() {
    }

    static Run measure(int[] sizes, Product java, Product openBlas, Clock clock, int rounds, long budgetNanos,
                       double margin) {
        long start = clock.nanos();
        // The Java kernels run interpreted until C2 compiles them, and a branch first taken later (a remainder
        // loop, another size class) deoptimises them; timing them cold would hand small sizes to OpenBLAS. Warm
        // both at sizes that take the branches (odd, small, mid) until the best batch time stops improving.
        boolean expectWarm = true;
        for (int n : WARM_UP_SIZES) {
            // Once a warm-up ends with Java still that slow, it is that slow (scalar kernels, say): stop waiting.
            expectWarm = warmUp(java, openBlas, n, clock, expectWarm) && expectWarm;
        }
        if (TRACE) {
            System.err.printf("calibration: warm-up %.3f s%n", (clock.nanos() - start) * 1e-9);
        }
        long measuring = clock.nanos();
        List<SizeTiming> timings = new ArrayList<>();
        double bestJavaRate = 0.0;
        double bestOpenBlasRate = 0.0;
        for (int n : sizes) {
            SizeTiming t = size(n, java, openBlas, clock, rounds);
            // A backend far slower than at a smaller size is a JIT recompilation or a burst of load during the
            // rounds, not the kernel: measure that size again (twice at most).
            for (int retry = 0; retry < 2 && (t.javaGflops() < 0.5 * bestJavaRate
                    || t.openBlasGflops() < 0.5 * bestOpenBlasRate); retry++) {
                t = size(n, java, openBlas, clock, rounds);
            }
            bestJavaRate = Math.max(bestJavaRate, t.javaGflops());
            bestOpenBlasRate = Math.max(bestOpenBlasRate, t.openBlasGflops());
            timings.add(t);
            if (TRACE) {
                System.err.printf("calibration: n=%d java %.1f openblas %.1f GFLOP/s at %.3f s%n", n, t.javaGflops(),
                        t.openBlasGflops(), (clock.nanos() - start) * 1e-9);
            }
            if (GemmCrossover.clear(timings, margin) || clock.nanos() - measuring > budgetNanos) {
                break;
            }
        }
        return new Run(List.copyOf(timings), clock.nanos() - start);
    }

    /** Sizes of the warm-up: odd and small for the remainder paths, then a mid size. */
    static final int[] WARM_UP_SIZES = {17, 24, 64};

    /**
     * Best time per call at n: at least {@code rounds} rounds, then on until neither backend's best has improved
     * by 2% for three rounds in a row, at most {@link #MAX_ROUNDS}.
     */
    private static SizeTiming size(int n, Product java, Product openBlas, Clock clock, int rounds) {
        int reps = reps(n);
        long bestJava = Long.MAX_VALUE;
        long bestOpenBlas = Long.MAX_VALUE;
        int staleJava = 0;
        int staleOpenBlas = 0;
        for (int r = 0; r < MAX_ROUNDS && (r < rounds || staleJava < 3 || staleOpenBlas < 3); r++) {
            long tj;
            long to;
            // Alternate which goes first, so neither always inherits the other's cache state.
            if ((r & 1) == 0) {
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
        }
        // A clock coarser than a batch can read 0; count that as one tick rather than infinitely fast.
        return new SizeTiming(n, Math.max(bestJava, 1) * 1e-9 / reps, Math.max(bestOpenBlas, 1) * 1e-9 / reps);
    }

    /** Upper bound on rounds per size. */
    static final int MAX_ROUNDS = 15;

    static int reps(int n) {
        long macs = (long) n * n * n;
        return (int) Math.max(1, Math.min(10_000, BATCH_MACS / macs));
    }

    private static long batch(Product p, int n, int reps, Clock clock) {
        long t0 = clock.nanos();
        for (int i = 0; i < reps; i++) {
            p.multiply(n);
        }
        return clock.nanos() - t0;
    }

    /**
     * Batches of both at n until Java's best has not improved by 2% for five batches and Java is within
     * {@link #COLD_FACTOR} of OpenBLAS (a Vector API kernel still interpreted is 30-100 times slower; one that is
     * compiled is not that far behind any BLAS). While Java is still that slow, pause so the JIT's compiler thread
     * gets the CPU (the machine may be busy). At most {@link #WARM_UP_WALL_NANOS} of wall time. Returns false
     * when it gave up with Java still that slow; without {@code expectWarm} it does not wait for that.
     */
    private static boolean warmUp(Product java, Product openBlas, int n, Clock clock, boolean expectWarm) {
        int reps = Math.max(1, reps(n) / 16);
        long best = Long.MAX_VALUE;
        long bestOpen = Long.MAX_VALUE;
        int stale = 0;
        long wallStart = System.nanoTime();
        for (int i = 0; System.nanoTime() - wallStart < WARM_UP_WALL_NANOS; i++) {
            long t = batch(java, n, reps, clock);
            bestOpen = Math.min(bestOpen, batch(openBlas, n, reps, clock));
            stale = t < best * 0.98 ? 0 : stale + 1;
            best = Math.min(best, t);
            boolean cold = expectWarm && best > COLD_FACTOR * bestOpen;
            if (i >= 10 && stale >= 5 && !cold) {
                return true;
            }
            if (cold && stale >= 5) {
                pause();
            }
        }
        return false;
    }

    /** Java slower than OpenBLAS by this factor is taken as not compiled yet during the warm-up. */
    static final double COLD_FACTOR = 4.0;

    /** Wall-time bound of one warm-up. */
    static final long WARM_UP_WALL_NANOS = 1_500_000_000L;

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
