package org.teachingrnns.nativeblas;

import java.util.ArrayList;
import java.util.List;

/**
 * The decision of {@code auto}: from timings of OpenBLAS and the Java GEMM at a few square sizes, the ranges of
 * {@code m*n*k} that go to OpenBLAS ({@link OpenBlasRanges}). Pure: the timings come from {@link GemmCalibration} on
 * the machine, or from a test.
 *
 * <p>Each measured size n stands for a band of {@code m*n*k} around n^3, from the cube of the geometric mean of n and
 * the size before to that of n and the size after (the smallest size from its own cube, the largest to no end);
 * a band goes to OpenBLAS when OpenBLAS led there by {@link #MARGIN} (its time at most 1/1.05 of Java's). Within the
 * margin the two are level and Java keeps the band (no downcall, no native dependency in the result), so noise
 * below the margin cannot send a product to a backend more than that much slower.
 *
 * <p>Why per band and not one threshold (this class's first form, "from the size OpenBLAS wins at and every size
 * above"): warm, on the Xeon of the README, Java time / OpenBLAS time at n = 16..512 was dgemm 1.28, 1.07, 1.12, 1.12,
 * 1.10, 1.01, 0.93, 1.33, 1.29, 1.21, 1.25 and sgemm 1.45, 1.12, 1.18, 0.97, 1.08, 1.06, 0.92, 0.98, 1.56, 1.51, 1.36:
 * every single threshold sends some band to the slower backend (dgemm from 32^3 sends 128 to OpenBLAS, 7% slower;
 * sgemm from 256^3 keeps 16..48 in Java, up to 45% slower), which the issue asked never to happen.
 */
final class GemmCrossover {

    /** No product goes to OpenBLAS; as an upper bound of a range, no end. */
    static final long NEVER = Long.MAX_VALUE;

    /** How much faster OpenBLAS must be: Java time / OpenBLAS time >= 1 + MARGIN. */
    static final double MARGIN = 0.05;

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

        /** Each backend's best of this timing and {@code other} of the same n (both only get faster with time). */
        SizeTiming bestOf(SizeTiming other) {
            return new SizeTiming(n, Math.min(javaSeconds, other.javaSeconds),
                    Math.min(openBlasSeconds, other.openBlasSeconds));
        }
    }

    /** The ranges that go to OpenBLAS for timings in ascending order of n (see the class comment). */
    static OpenBlasRanges ranges(List<SizeTiming> ascending, double margin) {
        List<OpenBlasRanges.Range> bands = new ArrayList<>();
        for (int i = 0; i < ascending.size(); i++) {
            if (ascending.get(i).openBlasWins(margin)) {
                long from = i == 0 ? cube(ascending.get(0).n()) : boundary(ascending.get(i - 1).n(), ascending.get(i).n());
                long to = i == ascending.size() - 1 ? NEVER : boundary(ascending.get(i).n(), ascending.get(i + 1).n());
                bands.add(new OpenBlasRanges.Range(from, to));
            }
        }
        return OpenBlasRanges.union(bands);
    }

    /**
     * Where the band of size a ends and that of the next measured size b starts: the cube of the geometric mean of
     * a and b, rounded to a whole n so that it prints as {@code n^3} (24 and 32: 28^3; 64 and 96: 78^3).
     */
    static long boundary(int a, int b) {
        if (!(a < b)) {
            throw new IllegalArgumentException("sizes " + a + ", " + b + " not ascending");
        }
        return cube(Math.round(Math.sqrt((double) a * b)));
    }

    private static long cube(long n) {
        return n * n * n;
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
