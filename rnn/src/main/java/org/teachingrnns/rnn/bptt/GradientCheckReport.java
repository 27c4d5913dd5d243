package org.teachingrnns.rnn.bptt;

import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link GradientCheck}: one entry per parameter and one for h0.
 *
 * @param entries       W_ih, W_hh, W_ho, the biases present, then h0
 * @param loss          the loss at the checked point
 * @param truncation    BPTT truncation checked (0 = full)
 * @param eps           central-difference step
 * @param threshold     largest relative error that passes
 * @param absoluteFloor absolute errors at or below this pass whatever the relative error (near-zero gradients)
 */
public record GradientCheckReport(List<Entry> entries, double loss, int truncation, double eps, double threshold,
                                  double absoluteFloor) {

    public GradientCheckReport {
        entries = List.copyOf(entries);
    }

    /**
     * One parameter (or h0).
     *
     * @param name             {@code W_ih}, ..., {@code h0}
     * @param checked          elements compared
     * @param maxRelativeError max of {@code |a-n| / (|a|+|n|)} over elements whose {@code |a-n|} exceeds the floor
     * @param maxAbsoluteError max of {@code |a-n|}
     * @param passed           maxRelativeError <= threshold
     */
    public record Entry(String name, int checked, double maxRelativeError, double maxAbsoluteError, boolean passed) {
    }

    /** True when every entry passed. */
    public boolean passed() {
        return entries.stream().allMatch(Entry::passed);
    }

    /** The largest relative error over all entries. */
    public double maxRelativeError() {
        return entries.stream().mapToDouble(Entry::maxRelativeError).max().orElse(0.0);
    }

    /** A small table, one line per entry. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-5s %8s %12s %12s  %s%n", "param", "elements", "max rel err", "max abs err", "result"));
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "%-5s %8d %12.3e %12.3e  %s%n", e.name(), e.checked(),
                    e.maxRelativeError(), e.maxAbsoluteError(), e.passed() ? "ok" : "FAIL"));
        }
        return sb.toString();
    }
}
