package org.teachingrnns.rnn.sweep;

import java.util.Arrays;

/**
 * Median and quartiles of the finite values of a sample, by linear interpolation between order statistics
 * (Hyndman and Fan's type 7, the default of numpy.quantile and R), so the table agrees with pandas.
 *
 * @param n      finite values used
 * @param q1     first quartile (NaN when n = 0)
 * @param median median
 * @param q3     third quartile
 */
public record Quantiles(int n, double q1, double median, double q3) {

    public static Quantiles of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return new Quantiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Quantiles(v.length, quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75));
    }

    /** Type-7 quantile of sorted values: h = (n - 1) p, interpolate between floor(h) and floor(h) + 1. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
