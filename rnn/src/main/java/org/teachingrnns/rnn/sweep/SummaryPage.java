package org.teachingrnns.rnn.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code teach sweep summary --html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
 * the cell table and the plots issue 11 asks for. A plot whose data the file lacks says so in place of the plot.
 */
public final class SummaryPage {

    private SummaryPage() {
    }

    /** Distances of exactly 0 are drawn at this value on the log axis. */
    private static final double DISTANCE_FLOOR = 1e-16;

    public static String render(String title, List<SweepRun> runs) {
        CellTable table = CellTable.of(runs);
        StringBuilder sb = new StringBuilder(65_536);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(SvgPlot.escape(title))
                .append("</title>\n<style>\nbody{font-family:system-ui,sans-serif;margin:2em;max-width:64em;color:#222}\n")
                .append("table{border-collapse:collapse;font-size:0.85em}td,th{border:1px solid #ddd;padding:0.25em 0.5em;text-align:left}\n")
                .append("th{background:#f3f3f3}svg{margin:0.5em 0}p.note{color:#555;font-size:0.9em}\n</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(SvgPlot.escape(title)).append("</h1>\n");
        sb.append(String.format(Locale.ROOT, "<p>%d runs in %d cells (a cell: every setting but the seed).", runs.size(), table.cells().size()));
        if (!table.fixed().isEmpty()) {
            sb.append(" Fixed settings:");
            table.fixed().forEach((k, v) -> sb.append(' ').append(SvgPlot.escape(k)).append('=').append(SvgPlot.escape(v)));
        }
        sb.append("</p>\n");
        cellTable(sb, table);

        Split s = split(runs);
        section(sb, "Distance of each pole to its matched eigenvalue, against the pole's modulus",
                "Optimal matching. Points at the bottom are aligned; a trend with the modulus shows which poles BPTT finds.",
                pairPlot(s, true));
        section(sb, "Modulus of the matched eigenvalue against the pole's modulus",
                "Below the dashed diagonal the student's mode decays faster than the teacher's: shortened memory (Emami et al. 2021).",
                pairPlot(s, false));
        section(sb, "Spare eigenvalues of over-parameterised students (hidden > order)",
                "Student eigenvalues left unmatched by the optimal matching, in the complex plane (unit circle dashed); "
                        + "marker size by |residue| when the lines have a residues key.", spare(runs));
        section(sb, "Epoch at which each pole is first matched, against its modulus",
                "The first recorded epoch at which some student eigenvalue lies within the threshold of the pole (from the tracking key).",
                firstMatched(runs));
        for (String[] axis : new String[][] {{"hidden", "hidden size"}, {"init_gain", "initialisation gain"}, {"lr", "learning rate"}}) {
            section(sb, "Aligned fraction against " + axis[1], "Each run's aligned poles over the teacher's order (optimal matching); "
                    + "the median per value in red.", alignedAgainst(runs, axis[0], axis[1]));
        }
        section(sb, "Lyapunov spectra of tanh students against their teachers",
                "Exponent i of the student against exponent i of the teacher (largest first); the dashed diagonal is agreement.",
                lyapunov(runs));
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void section(StringBuilder sb, String heading, String note, String svg) {
        sb.append("<h2>").append(SvgPlot.escape(heading)).append("</h2>\n<p class=\"note\">").append(SvgPlot.escape(note)).append("</p>\n")
                .append(svg);
    }

    private static void cellTable(StringBuilder sb, CellTable t) {
        sb.append("<table>\n<tr><th>cell</th><th>runs</th><th>converged</th><th>group</th><th>")
                .append(SvgPlot.escape(t.errorName())).append(" median [q1, q3]</th><th>mean distance</th><th>aligned fraction</th></tr>\n");
        for (CellTable.Cell c : t.cells()) {
            sb.append("<tr><td rowspan=\"2\">").append(SvgPlot.escape(c.label())).append("</td><td rowspan=\"2\">").append(CellTable.runsText(c))
                    .append("</td><td rowspan=\"2\">").append(CellTable.convergedText(c)).append("</td>");
            row(sb, "all", c.all());
            sb.append("<tr>");
            if (c.ofConverged() == null) {
                sb.append("<td>converged</td><td colspan=\"3\">n/a: the lines have neither converged nor test_nmse</td></tr>\n");
            } else {
                row(sb, "converged", c.ofConverged());
            }
        }
        sb.append("</table>\n");
    }

    private static void row(StringBuilder sb, String name, CellTable.Stats s) {
        sb.append("<td>").append(name).append(" (").append(s.runs()).append(")</td><td>").append(CellTable.quartiles(s.error()))
                .append("</td><td>").append(CellTable.quartiles(s.distance())).append("</td><td>").append(CellTable.quartiles(s.aligned()))
                .append("</td></tr>\n");
    }

    /** Matched pairs grouped by convergence: pole modulus, distance, eigenvalue modulus. */
    private record Split(Map<String, List<double[]>> groups) {
    }

    private static Split split(List<SweepRun> runs) {
        Map<String, List<double[]>> g = new LinkedHashMap<>();
        for (SweepRun r : runs) {
            String key = r.converged() == null ? "convergence unknown" : r.converged() ? "converged" : "not converged";
            for (SweepRun.Pair p : r.pairs()) {
                if (p.pole() < r.poles().length() && p.eigenvalue() < r.eigenvalues().length()) {
                    g.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {r.poles().abs(p.pole()), p.distance(),
                            r.eigenvalues().abs(p.eigenvalue())});
                }
            }
        }
        return new Split(g);
    }

    private static String pairPlot(Split s, boolean distance) {
        if (s.groups().isEmpty()) {
            return SvgPlot.absent("no matched pairs in these runs");
        }
        List<SvgPlot.Series> series = new ArrayList<>();
        int c = 0;
        for (Map.Entry<String, List<double[]>> e : s.groups().entrySet()) {
            List<double[]> pts = e.getValue();
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                x[i] = pts.get(i)[0];
                y[i] = distance ? Math.max(DISTANCE_FLOOR, pts.get(i)[1]) : pts.get(i)[2];
            }
            series.add(new SvgPlot.Series(e.getKey(), SvgPlot.COLORS[c++ % SvgPlot.COLORS.length], x, y));
        }
        return distance
                ? SvgPlot.scatter("|pole|", "distance to matched eigenvalue", series, new SvgPlot.Options(true, false, false))
                : SvgPlot.scatter("|pole|", "|matched eigenvalue|", series, new SvgPlot.Options(false, true, false));
    }

    private static String spare(List<SweepRun> runs) {
        List<Double> re = new ArrayList<>();
        List<Double> im = new ArrayList<>();
        List<Double> res = new ArrayList<>();
        boolean anyResidue = false;
        boolean over = false;
        for (SweepRun r : runs) {
            if (r.eigenvalues().length() <= r.poles().length()) {
                continue;
            }
            over = true;
            Set<Integer> matched = new HashSet<>();
            for (SweepRun.Pair p : r.pairs()) {
                matched.add(p.eigenvalue());
            }
            for (int e = 0; e < r.eigenvalues().length(); e++) {
                if (!matched.contains(e)) {
                    re.add(r.eigenvalues().re()[e]);
                    im.add(r.eigenvalues().im()[e]);
                    double v = r.residues() != null && e < r.residues().length ? r.residues()[e] : Double.NaN;
                    anyResidue |= Double.isFinite(v);
                    res.add(v);
                }
            }
        }
        if (!over) {
            return SvgPlot.absent("no over-parameterised student (hidden > order) in these runs");
        }
        String name = anyResidue ? "spare eigenvalue, size by |residue|" : "spare eigenvalue (no residues key)";
        return SvgPlot.scatter("Re", "Im", List.of(new SvgPlot.Series(name, SvgPlot.COLORS[0], unbox(re), unbox(im),
                anyResidue ? unbox(res) : null)), new SvgPlot.Options(false, false, true));
    }

    private static String firstMatched(List<SweepRun> runs) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        int never = 0;
        boolean any = false;
        for (SweepRun r : runs) {
            if (r.firstMatched() == null) {
                continue;
            }
            any = true;
            for (int p = 0; p < Math.min(r.poles().length(), r.firstMatched().length); p++) {
                if (Double.isNaN(r.firstMatched()[p])) {
                    never++;
                } else {
                    x.add(r.poles().abs(p));
                    y.add(r.firstMatched()[p]);
                }
            }
        }
        if (!any) {
            return SvgPlot.absent("no tracking key in these runs: the spectrum was not recorded over epochs");
        }
        return SvgPlot.scatter("|pole|", "first epoch matched", List.of(new SvgPlot.Series("matched during training (" + never
                + " poles never)", SvgPlot.COLORS[0], unbox(x), unbox(y))), SvgPlot.Options.PLAIN);
    }

    private static String alignedAgainst(List<SweepRun> runs, String key, String label) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        TreeMap<Double, List<Double>> byValue = new TreeMap<>();
        for (SweepRun r : runs) {
            String v = r.settings().get(key);
            double a = r.alignedFraction();
            if (v == null || !Double.isFinite(a)) {
                continue;
            }
            double xv;
            try {
                xv = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                continue;
            }
            x.add(xv);
            y.add(a);
            byValue.computeIfAbsent(xv, k -> new ArrayList<>()).add(a);
        }
        if (x.isEmpty()) {
            return SvgPlot.absent("no runs with a numeric " + key + " and poles");
        }
        double[] mx = new double[byValue.size()];
        double[] my = new double[byValue.size()];
        int i = 0;
        for (Map.Entry<Double, List<Double>> e : byValue.entrySet()) {
            mx[i] = e.getKey();
            my[i++] = Quantiles.of(unbox(e.getValue())).median();
        }
        String xl = label + (byValue.size() == 1 ? " (one value in these runs)" : "");
        return SvgPlot.scatter(xl, "aligned fraction", List.of(new SvgPlot.Series("run", SvgPlot.COLORS[0], unbox(x), unbox(y)),
                new SvgPlot.Series("median", SvgPlot.COLORS[1], mx, my)), SvgPlot.Options.PLAIN);
    }

    private static String lyapunov(List<SweepRun> runs) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        boolean tanh = false;
        for (SweepRun r : runs) {
            if (!"tanh".equals(r.settings().get("activation"))) {
                continue;
            }
            tanh = true;
            if (r.lyapunovTeacher() == null || r.lyapunovStudent() == null) {
                continue;
            }
            for (int i = 0; i < Math.min(r.lyapunovTeacher().length, r.lyapunovStudent().length); i++) {
                x.add(r.lyapunovTeacher()[i]);
                y.add(r.lyapunovStudent()[i]);
            }
        }
        if (!tanh) {
            return SvgPlot.absent("no tanh students in these runs");
        }
        if (x.isEmpty()) {
            return SvgPlot.absent("no lyapunov.teacher and lyapunov.student keys in the tanh runs");
        }
        return SvgPlot.scatter("teacher exponent", "student exponent", List.of(new SvgPlot.Series("exponent pairs", SvgPlot.COLORS[0],
                unbox(x), unbox(y))), new SvgPlot.Options(false, true, false));
    }

    private static double[] unbox(List<Double> v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return a;
    }
}
