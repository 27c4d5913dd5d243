package org.teachingrnns.nativeblas;

import java.util.List;

/**
 * The decision of {@code auto}: from timings of OpenBLAS and the Java GEMM at a few square sizes, the smallest
 * {@code m*n*k} from which OpenBLAS is faster, or {@link #NEVER}. Pure: the timings come from
 * {@link GemmCalibration} on the machine, or from a test.
 *
 * <p>Hysteresis, so that noise never sends a product to the slower backend: OpenBLAS must lead by
 * {@link #MARGIN} (its time at most 1/1.05 of Java's), at the crossover and at every larger size measured, and at
 * {@link #MIN_RUN} sizes or more in a row. A lone win among losses, or timings level within the margin, keep Java.
 */
final class GemmCrossover {

    /** No product goes to OpenBLAS. */
    static final long NEVER = Long.MAX_VALUE;

    /** How much faster OpenBLAS must be: Java time / OpenBLAS time >= 1 + MARGIN. */
    static final double MARGIN = 0.05;

    /** Consecutive winning sizes, up to the largest measured, needed to switch. */
    static final int MIN_RUN = 2;

    /** A lead this large at the last {@link #MIN_RUN} sizes ends the measurement early (larger sizes only widen it). */
    static final double CLEAR_SPEEDUP = 1.20;

    /** Three wins in a row by the margin also end it. */
    static final int CLEAR_RUN = 3;

    private GemmCrossover() {
    }

    /** Best time per call of each backend for an n x n x n product, in seconds. */
    record SizeTiming(int n, double javaSeconds, double openBlasSeconds) {
        SizeTiming {
            if (n < 1 || !(javaSeconds > 0) || !(openBlasSeconds > 0)) {
                throw new IllegalArgumentException("n " + n + ", times " + javaSeconds + ", " + openBlasSeconds
                        + ": need n >= 1 and positive times");
            }
        }

        /** Java time / OpenBLAS time: above 1 OpenBLAS is faster. */
        double speedup() {
            return javaSeconds / openBlasSeconds;
        }

        double javaGflops() {
            return flops() / javaSeconds / 1e9;
        }

        double openBlasGflops() {
            return flops() / openBlasSeconds / 1e9;
        }

        private double flops() {
            return 2.0 * n * n * n;
        }

        boolean openBlasWins(double margin) {
            return speedup() >= 1.0 + margin;
        }
    }

    /** The crossover for timings in ascending order of n (see the class comment), in multiply-adds. */
    static long threshold(List<SizeTiming> ascending, double margin) {
        int start = winningSuffix(ascending, margin);
        if (ascending.size() - start < MIN_RUN) {
            return NEVER;
        }
        long n = ascending.get(start).n();
        return n * n * n;
    }

    /** Whether the answer can no longer change by measuring larger sizes (OpenBLAS clearly ahead). */
    static boolean clear(List<SizeTiming> ascending, double margin) {
        int run = ascending.size() - winningSuffix(ascending, margin);
        if (run >= CLEAR_RUN) {
            return true;
        }
        if (run < MIN_RUN) {
            return false;
        }
        for (int i = ascending.size() - MIN_RUN; i < ascending.size(); i++) {
            if (ascending.get(i).speedup() < CLEAR_SPEEDUP) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first of the trailing sizes that OpenBLAS wins (size() when the last is lost). */
    private static int winningSuffix(List<SizeTiming> ascending, double margin) {
        int start = ascending.size();
        while (start > 0 && ascending.get(start - 1).openBlasWins(margin)) {
            start--;
        }
        return start;
    }

    /** {@code never}, {@code 128^3} for a cube, else the number. */
    static String format(long threshold) {
        if (threshold == NEVER) {
            return "never";
        }
        long n = Math.round(Math.cbrt(threshold));
        return n * n * n == threshold && n > 1 ? n + "^3" : Long.toString(threshold);
    }
}
