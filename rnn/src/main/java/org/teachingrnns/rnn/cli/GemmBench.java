package org.teachingrnns.rnn.cli;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * A quick GEMM timing with {@link System#nanoTime()}: square n x n x n products, warm-up first (so C2 has
 * compiled the kernel), then the best of a few timed rounds, each repeating the call until it has run for
 * a minimum time. This is a sanity check of one machine, not a JMH benchmark (no forks, no blackhole; the
 * result matrix is read after timing so the calls cannot be removed); bench/benchmarks.jar is the careful one.
 */
final class GemmBench {

    /** Minimum time per timed round and for the warm-up, in nanoseconds. */
    private final long roundNanos;
    private final long warmupNanos;
    private final int rounds;
    private final LongSupplier clock;

    GemmBench(long warmupNanos, long roundNanos, int rounds, LongSupplier clock) {
        this.warmupNanos = warmupNanos;
        this.roundNanos = roundNanos;
        this.rounds = rounds;
        this.clock = clock;
    }

    /** Flops of an m x n x k GEMM: one multiply and one add per inner-product term. */
    static double flops(int n) {
        return 2.0 * n * n * n;
    }

    /**
     * Runs every backend's dgemm and sgemm at every size that will be timed, for {@code nanos} each (at least one
     * call), so that C2 compiles (and, for the Vector API, intrinsifies) the kernels with a profile that has seen
     * every size. Warming one size at a time is not enough: a later size takes a branch the compiled code never
     * saw, the method deoptimises, and Vector API code in the interpreter runs a hundred times slower until C2
     * recompiles it, which on a busy machine can take seconds.
     */
    void warmUp(java.util.List<Blas> backends, java.util.List<Integer> sizes, long nanos) {
        GemmBench warm = new GemmBench(nanos, 0, 0, clock);
        for (Blas blas : backends) {
            for (boolean isDouble : new boolean[] {true, false}) {
                for (int n : sizes) {
                    warm.gflops(blas, isDouble, n, 1);
                }
            }
        }
    }

    /** GFLOP/s of dgemm (double) or sgemm (float) on square matrices of order n. */
    double gflops(Blas blas, boolean isDouble, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int len = Math.multiplyExact(n, n);
        Runnable call;
        double[] cd = new double[len];
        float[] cf = new float[len];
        if (isDouble) {
            double[] a = new double[len];
            double[] b = new double[len];
            for (int i = 0; i < len; i++) {
                a[i] = rnd.nextDouble(-1, 1);
                b[i] = rnd.nextDouble(-1, 1);
            }
            call = () -> blas.dgemm(Transpose.NO, Transpose.NO, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, cd, 0, n);
        } else {
            float[] a = new float[len];
            float[] b = new float[len];
            for (int i = 0; i < len; i++) {
                a[i] = (float) rnd.nextDouble(-1, 1);
                b[i] = (float) rnd.nextDouble(-1, 1);
            }
            call = () -> blas.sgemm(Transpose.NO, Transpose.NO, n, n, n, 1.0f, a, 0, n, b, 0, n, 0.0f, cf, 0, n);
        }
        repeatFor(call, warmupNanos);
        // At least `rounds` timed rounds, and more (up to 4x) while a round still beats the best by over 10%:
        // on a busy machine C2 may finish compiling only after the warm-up, and the late rounds show it.
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 4 * rounds; r++) {
            long start = clock.getAsLong();
            long calls = repeatFor(call, roundNanos);
            long elapsed = clock.getAsLong() - start;
            double perCall = (double) elapsed / calls;
            boolean improved = perCall < 0.9 * best;
            best = Math.min(best, perCall);
            if (r + 1 >= rounds && !improved) {
                break;
            }
        }
        if (rounds == 0) {
            return Double.NaN;
        }
        double check = isDouble ? cd[len / 2] : cf[len / 2];
        if (!Double.isFinite(check)) {
            throw new IllegalStateException(blas.name() + (isDouble ? " dgemm" : " sgemm") + " produced " + check);
        }
        return flops(n) / best;
    }

    private long repeatFor(Runnable call, long nanos) {
        long start = clock.getAsLong();
        long calls = 0;
        do {
            call.run();
            calls++;
        } while (clock.getAsLong() - start < nanos);
        return calls;
    }
}
