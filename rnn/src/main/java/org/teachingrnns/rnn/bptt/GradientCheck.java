package org.teachingrnns.rnn.bptt;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Finite-difference check of the BPTT gradients (as DL4J's {@code GradientCheckUtil} and min-char-rnn's
 * {@code gradCheck}): central differences in double, every element of every parameter and of h0, relative
 * error {@code |a - n| / (|a| + |n|)} with an absolute floor.
 *
 * <p>The numeric side never uses {@link BpttWorkspace}: it differentiates {@link TruncatedObjective}, a direct
 * nested-loop implementation. For truncated BPTT that objective is the truncated sum (each loss term sees only
 * the last k steps of parameter dependence), so the check compares like with like.
 */
public final class GradientCheck {

    /** Default largest relative error that passes. */
    public static final double DEFAULT_THRESHOLD = 1e-6;
    /** Default absolute floor: differences this small pass (central-difference round-off near zero gradients). */
    public static final double DEFAULT_ABSOLUTE_FLOOR = 1e-10;
    /** Seed of the random h0 drawn by {@link #check(RnnModel, Sequences, int, int, double, double)}. */
    public static final long H0_SEED = 20140101L;

    private GradientCheck() {
    }

    /**
     * Checks at a random initial state {@code h0 ~ h0Scale * N(0, 1)} (seed {@link #H0_SEED}; h0Scale 0 means
     * h0 = 0), with the default threshold and floor.
     */
    public static GradientCheckReport check(RnnModel m, Sequences d, int washout, int truncation, double h0Scale, double eps) {
        double[][] h0 = null;
        if (h0Scale != 0.0) {
            SplittableRandom rng = new SplittableRandom(H0_SEED);
            h0 = new double[d.batch()][m.hiddenSize()];
            for (double[] row : h0) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = h0Scale * rng.nextGaussian();
                }
            }
        }
        return check(m, d, washout, truncation, h0, eps, DEFAULT_THRESHOLD, DEFAULT_ABSOLUTE_FLOOR);
    }

    /**
     * Checks every element of every parameter and of h0.
     *
     * @param h0 {@code [batch][hidden]}, null for zeros (dLoss/dh0 is still checked)
     */
    public static GradientCheckReport check(RnnModel m, Sequences d, int washout, int truncation, double[][] h0,
                                            double eps, double threshold, double absoluteFloor) {
        return check(m, d, washout, truncation, h0, eps, threshold, absoluteFloor, Compute.defaults());
    }

    /** Checks the BPTT that {@code compute} runs, every element of every parameter and of h0. */
    public static GradientCheckReport check(RnnModel m, Sequences d, int washout, int truncation, double[][] h0,
                                            double eps, double threshold, double absoluteFloor, Compute compute) {
        checkSettings(eps, threshold, absoluteFloor);
        return check(Bptt.lossAndGradients(m, d, washout, truncation, h0, compute), m, d, washout, truncation, h0,
                eps, threshold, absoluteFloor);
    }

    /**
     * Checks given analytic gradients (of any implementation, {@link ReferenceBptt} for one) against central
     * differences of {@link TruncatedObjective}.
     *
     * @param analytic loss, gradient and dLoss/dh0 of m on d at h0
     */
    public static GradientCheckReport check(Bptt.LossAndGradients analytic, RnnModel m, Sequences d, int washout,
                                            int truncation, double[][] h0, double eps, double threshold,
                                            double absoluteFloor) {
        checkSettings(eps, threshold, absoluteFloor);
        TruncatedObjective objective = new TruncatedObjective(m, h0, d, washout, truncation);
        List<GradientCheckReport.Entry> entries = new ArrayList<>();
        RnnModel theta = m.copy();
        double[] p = theta.parameterArray();
        double[] a = analytic.gradient().parameterArray();
        for (Parameter param : m.parameters()) {
            Stats st = new Stats(threshold, absoluteFloor);
            for (int i = m.offset(param), end = i + m.size(param); i < end; i++) {
                double keep = p[i];
                p[i] = keep + eps;
                double plus = objective.value(theta, h0);
                p[i] = keep - eps;
                double minus = objective.value(theta, h0);
                p[i] = keep;
                st.add(a[i], (plus - minus) / (2 * eps));
            }
            entries.add(st.entry(param.key()));
        }
        double[][] hz = h0 == null ? new double[d.batch()][m.hiddenSize()] : copy(h0);
        Stats st = new Stats(threshold, absoluteFloor);
        for (int b = 0; b < hz.length; b++) {
            for (int j = 0; j < hz[b].length; j++) {
                double keep = hz[b][j];
                hz[b][j] = keep + eps;
                double plus = objective.value(m, hz);
                hz[b][j] = keep - eps;
                double minus = objective.value(m, hz);
                hz[b][j] = keep;
                st.add(analytic.dLossDh0()[b][j], (plus - minus) / (2 * eps));
            }
        }
        entries.add(st.entry("h0"));
        return new GradientCheckReport(entries, analytic.loss(), truncation, eps, threshold, absoluteFloor);
    }

    private static void checkSettings(double eps, double threshold, double absoluteFloor) {
        if (!(eps > 0.0) || !(threshold > 0.0) || !(absoluteFloor >= 0.0)) {
            throw new IllegalArgumentException("eps and threshold must be positive and the floor non-negative");
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static final class Stats {
        final double threshold;
        final double floor;
        int n;
        double maxRel;
        double maxAbs;

        Stats(double threshold, double floor) {
            this.threshold = threshold;
            this.floor = floor;
        }

        void add(double analytic, double numeric) {
            n++;
            double abs = Math.abs(analytic - numeric);
            if (!(abs <= maxAbs)) {
                maxAbs = abs; // also catches NaN
            }
            double rel = abs <= floor ? 0.0 : abs / (Math.abs(analytic) + Math.abs(numeric));
            if (!(rel <= maxRel)) {
                maxRel = rel;
            }
        }

        GradientCheckReport.Entry entry(String name) {
            return new GradientCheckReport.Entry(name, n, maxRel, maxAbs, maxRel <= threshold);
        }
    }
}
