package org.teachingrnns.rnn.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the summary of a sweep reads from one line, as plain values (the command line fills it from JSON).
 *
 * @param runId        the run's identity
 * @param gridIndex    its index in the grid
 * @param settings     the scalar settings of its {@code config}, as text, seed included, in config order
 * @param converged    the {@code converged} key, else {@code test_nmse <= 1e-8} when test_nmse exists, else null (unknown)
 * @param testNmse     {@code test_nmse}, or NaN when absent or null
 * @param testLoss     {@code test_loss}, or NaN when absent or null
 * @param threshold    the matching threshold
 * @param poles        the teacher's poles
 * @param eigenvalues  the student's eigenvalues
 * @param pairs        the optimal matching (pole index, eigenvalue index, distance)
 * @param residues     |residue| of each student eigenvalue (parallel to {@code eigenvalues}), or null
 * @param firstMatched per pole, the first recorded epoch at which some student eigenvalue is within the threshold
 *                     (NaN: never), or null without a {@code tracking} key
 * @param lyapunovTeacher the teacher's Lyapunov spectrum (largest first), or null
 * @param lyapunovStudent the student's, or null
 * @param diverged     whether training diverged
 */
public record SweepRun(String runId, int gridIndex, Map<String, String> settings, Boolean converged, double testNmse,
                       double testLoss, double threshold, Complex poles, Complex eigenvalues, Pair[] pairs, double[] residues,
                       double[] firstMatched, double[] lyapunovTeacher, double[] lyapunovStudent, boolean diverged) {

    /** A test NMSE at or below this counts as converged when a line has no {@code converged} key. */
    public static final double CONVERGED_NMSE = 1e-8;

    /** Complex numbers as parallel arrays. */
    public record Complex(double[] re, double[] im) {
        public Complex {
            if (re.length != im.length) {
                throw new IllegalArgumentException("re and im differ in length");
            }
        }

        public int length() {
            return re.length;
        }

        public double abs(int i) {
            return Math.hypot(re[i], im[i]);
        }
    }

    /** One matched (pole, eigenvalue) pair. */
    public record Pair(int pole, int eigenvalue, double distance) {
    }

    public SweepRun {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The grid cell: every setting but the seed, as {@code key=value} text in config order. */
    public String cell() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().equals("seed")) {
                sb.append(e.getKey()).append('=').append(e.getValue()).append(' ');
            }
        }
        return sb.toString().strip();
    }

    /** Aligned poles (optimal matching) over the teacher's order, or NaN without poles. */
    public double alignedFraction() {
        if (poles.length() == 0) {
            return Double.NaN;
        }
        int aligned = 0;
        for (Pair p : pairs) {
            if (p.distance() <= threshold) {
                aligned++;
            }
        }
        return (double) aligned / poles.length();
    }

    /** Mean distance of the matched pairs, or NaN without pairs. */
    public double meanDistance() {
        if (pairs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (Pair p : pairs) {
            s += p.distance();
        }
        return s / pairs.length;
    }

    /** The error the summary ranks runs by: test NMSE when the line has it, else test loss (MSE). */
    public double testError() {
        return Double.isNaN(testNmse) ? testLoss : testNmse;
    }
}
