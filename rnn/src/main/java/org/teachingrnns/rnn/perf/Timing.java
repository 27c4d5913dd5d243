package org.teachingrnns.rnn.perf;

/**
 * One timed task: the best (min) and median time per call over the rounds, in nanoseconds, and the work per call
 * in floating-point operations (0 where no FLOP count applies). The spread {@code median / min - 1} is the
 * measurement's own noise; {@link Comparison} uses it to decide what moved.
 */
public record Timing(String key, double flops, double minNanos, double medianNanos, int rounds) {

    public Timing {
        if (!(minNanos > 0) || medianNanos < minNanos || rounds < 1) {
            throw new IllegalArgumentException(key + ": need 0 < min <= median and rounds >= 1, got " + minNanos
                    + ", " + medianNanos + ", " + rounds);
        }
    }

    /** GFLOP/s at the best round ({@code flops / min}); NaN without a FLOP count. */
    public double gflops() {
        return flops > 0 ? flops / minNanos : Double.NaN;
    }

    /** Relative spread of the rounds, {@code median / min - 1}. */
    public double spread() {
        return medianNanos / minNanos - 1;
    }
}
