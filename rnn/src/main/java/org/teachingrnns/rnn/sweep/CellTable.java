package org.teachingrnns.rnn.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The summary of a sweep per grid cell (a cell is every setting but the seed): runs, converged fraction, and the
 * median and quartiles of the test error, the mean matched distance and the aligned fraction, over all runs and
 * over the converged runs only.
 */
public final class CellTable {

    /** The statistics of a group of runs (all of a cell, or its converged ones). */
    public record Stats(int runs, Quantiles error, Quantiles distance, Quantiles aligned) {
        static Stats of(List<SweepRun> runs) {
            return new Stats(runs.size(), q(runs, SweepRun::testError), q(runs, SweepRun::meanDistance), q(runs, SweepRun::alignedFraction));
        }

        private static Quantiles q(List<SweepRun> runs, ToDoubleFunction<SweepRun> f) {
            return Quantiles.of(runs.stream().mapToDouble(f).toArray());
        }
    }

    /**
     * One cell.
     *
     * @param label     the settings that vary across the file (the others are in {@link #fixed()}), seed excluded
     * @param runs      the cell's runs
     * @param converged runs known to have converged, or -1 when no run of the cell says
     * @param known     runs whose convergence is known
     * @param all       statistics over all runs
     * @param ofConverged statistics over converged runs (null when convergence is unknown)
     */
    public record Cell(String label, List<SweepRun> runs, int converged, int known, Stats all, Stats ofConverged) {
    }

    private final List<Cell> cells;
    private final Map<String, String> fixed;
    private final boolean nmse;

    private CellTable(List<Cell> cells, Map<String, String> fixed, boolean nmse) {
        this.cells = cells;
        this.fixed = fixed;
        this.nmse = nmse;
    }

    public static CellTable of(List<SweepRun> runs) {
        Map<String, Set<String>> valuesOf = new LinkedHashMap<>();
        for (SweepRun r : runs) {
            r.settings().forEach((k, v) -> valuesOf.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        List<String> varying = new ArrayList<>();
        valuesOf.forEach((k, vs) -> {
            if (k.equals("seed")) {
                return;
            }
            if (vs.size() == 1) {
                fixed.put(k, vs.iterator().next());
            } else {
                varying.add(k);
            }
        });
        List<SweepRun> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Integer.compare(a.gridIndex(), b.gridIndex()));
        Map<String, List<SweepRun>> byCell = new LinkedHashMap<>();
        for (SweepRun r : sorted) {
            byCell.computeIfAbsent(r.cell(), x -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        for (List<SweepRun> group : byCell.values()) {
            StringBuilder label = new StringBuilder();
            for (String k : varying) {
                label.append(k).append('=').append(group.get(0).settings().get(k)).append(' ');
            }
            List<SweepRun> conv = new ArrayList<>();
            int known = 0;
            for (SweepRun r : group) {
                if (r.converged() != null) {
                    known++;
                    if (r.converged()) {
                        conv.add(r);
                    }
                }
            }
            String l = label.toString().strip();
            cells.add(new Cell(l.isEmpty() ? "(all runs)" : l, List.copyOf(group), known == 0 ? -1 : conv.size(), known,
                    Stats.of(group), known == 0 ? null : Stats.of(conv)));
        }
        boolean nmse = runs.stream().anyMatch(r -> !Double.isNaN(r.testNmse()));
        return new CellTable(List.copyOf(cells), fixed, nmse);
    }

    public List<Cell> cells() {
        return cells;
    }

    /** Settings with one value across the file (seed excluded). */
    public Map<String, String> fixed() {
        return fixed;
    }

    /** "test NMSE" when the runs report it, else "test MSE" (the test loss). */
    public String errorName() {
        return nmse ? "test NMSE" : "test MSE";
    }

    /** Converged fraction of a cell as text: "0.45 (9/20)", or "n/a" when no run says. */
    public static String convergedText(Cell c) {
        if (c.converged() < 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f (%d/%d)", (double) c.converged() / c.known(), c.converged(), c.known());
    }

    /** "20 runs", or "20 runs (3 diverged)": a diverged run's test error is null, so the quartiles leave it out. */
    public static String runsText(Cell c) {
        long diverged = c.runs().stream().filter(SweepRun::diverged).count();
        return c.runs().size() + " runs" + (diverged > 0 ? " (" + diverged + " diverged)" : "");
    }

    /** "median [q1, q3]" with three significant digits, "n/a" without values. */
    public static String quartiles(Quantiles q) {
        if (q.n() == 0) {
            return "n/a";
        }
        return g(q.median()) + " [" + g(q.q1()) + ", " + g(q.q3()) + "]";
    }

    static String g(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e4 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.2e", v);
    }

    /** The table as text: a block per cell. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        int total = cells.stream().mapToInt(c -> c.runs().size()).sum();
        sb.append(String.format(Locale.ROOT, "%d runs in %d cells (a cell: every setting but the seed)%n", total, cells.size()));
        if (!fixed.isEmpty()) {
            sb.append("fixed:");
            fixed.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append(System.lineSeparator());
        }
        String fmt = "  %-18s %-34s %-34s %-26s%n";
        for (Cell c : cells) {
            sb.append(System.lineSeparator());
            sb.append(String.format(Locale.ROOT, "%s: %s, converged %s%n", c.label(), runsText(c), convergedText(c)));
            sb.append(String.format(Locale.ROOT, fmt, "", errorName() + " median [q1, q3]", "mean distance median [q1, q3]",
                    "aligned fraction median [q1, q3]"));
            row(sb, fmt, "all (" + c.all().runs() + ")", c.all());
            if (c.ofConverged() == null) {
                sb.append(String.format(Locale.ROOT, fmt, "converged", "n/a (no converged or test_nmse key)", "", ""));
            } else {
                row(sb, fmt, "converged (" + c.ofConverged().runs() + ")", c.ofConverged());
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String fmt, String name, Stats s) {
        sb.append(String.format(Locale.ROOT, fmt, name, quartiles(s.error()), quartiles(s.distance()), quartiles(s.aligned())));
    }
}
