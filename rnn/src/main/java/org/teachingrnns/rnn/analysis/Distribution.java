package org.teachingrnns.rnn.analysis;

import java.util.Arrays;

/**
 * Summary of a sample: mean, minimum, quartiles and maximum. Quantiles are numpy.quantile's default ("linear",
 * Hyndman and Fan type 7): the value at position {@code q (n - 1)} of the sorted sample, interpolated linearly.
 * NaN values are left out (count says how many values were used).
 */
public record Distribution(int count, double mean, double min, double q1, double median, double q3, double max) {

    /** The summary of the finite and infinite (non-NaN) values of x; all NaN when none is left. */
    public static Distribution of(double[] x) {
        if (x == null) {
            throw new IllegalArgumentException("sample must not be null");
        }
        double[] s = Arrays.stream(x).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = s.length;
        if (n == 0) {
            return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0.0;
        for (double v : s) {
            sum += v;
        }
        return new Distribution(n, sum / n, s[0], quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75), s[n - 1]);
    }

    /** numpy.quantile(sorted, q) with the default linear method, for a sorted non-empty array. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return frac == 0.0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
