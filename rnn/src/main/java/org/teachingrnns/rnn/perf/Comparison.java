package org.teachingrnns.rnn.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two benchmark runs (two machines, or two commits on one machine) side by side, measurement by measurement and
 * ratio by ratio. A row's change is B's speed over A's ({@code A.min / B.min} for a timing, {@code B / A} for a
 * ratio), so above 1 means B is faster or the ratio grew. The noise rule: a row is marked as moved when its
 * change, or its inverse, exceeds {@code (1 + spreadA) (1 + spreadB) (1 + margin)}, where a spread is a timing's
 * {@code median / min - 1} over its rounds (summed over the two timings of a ratio) and margin defaults to 0.10:
 * a change is reported only when it is larger than what either run's own rounds scattered, plus 10%.
 */
public final class Comparison {

    /** One compared row. */
    public record Row(String key, double a, double b, double change, double noise, boolean moved) {
    }

    private Comparison() {
    }

    /** Timings present in both runs, then ratios present in both runs, in A's order. */
    public static List<Row> compare(List<Timing> a, List<Timing> b, List<Ratio> ra, List<Ratio> rb, double margin) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("the margin must be >= 0, got " + margin);
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Timing> bt = new LinkedHashMap<>();
        for (Timing t : b) {
            bt.put(t.key(), t);
        }
        for (Timing t : a) {
            Timing u = bt.get(t.key());
            if (u != null) {
                rows.add(row(t.key(), t.minNanos(), u.minNanos(), t.minNanos() / u.minNanos(), t.spread(), u.spread(),
                        margin));
            }
        }
        Map<String, Ratio> br = new LinkedHashMap<>();
        for (Ratio r : rb) {
            br.put(r.key(), r);
        }
        for (Ratio r : ra) {
            Ratio u = br.get(r.key());
            if (u != null) {
                rows.add(row(r.key(), r.value(), u.value(), u.value() / r.value(), r.spread(), u.spread(), margin));
            }
        }
        return rows;
    }

    private static Row row(String key, double a, double b, double change, double spreadA, double spreadB,
                           double margin) {
        double noise = (1 + spreadA) * (1 + spreadB) * (1 + margin);
        boolean moved = change > noise || 1 / change > noise;
        return new Row(key, a, b, change, noise - 1, moved);
    }

    /** The rows as a text table: key, A, B (ns per call for timings, the ratio for ratios), B/A, noise, mark. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        int w = 12;
        for (Row r : rows) {
            w = Math.max(w, r.key().length());
        }
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %14s %14s %8s %7s%n", "measurement (ns/call) or ratio", "A", "B",
                "change", "noise"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s %14s %14s %8.3f %6.0f%% %s%n", r.key(), num(r.a()),
                    num(r.b()), r.change(), 100 * r.noise(), r.moved() ? (r.change() > 1 ? "* faster/higher in B"
                            : "* slower/lower in B") : ""));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
