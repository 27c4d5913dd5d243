package org.teachingrnns.rnn.sweep;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One CSV row per (run, pole) for pandas: the run's identity and settings, its convergence and test error, the
 * pole (re, im, modulus), the eigenvalue the optimal matching gave it (empty when the student has fewer
 * eigenvalues than the teacher has poles), their distance and whether that is within the threshold.
 * Doubles are written in full (shortest round-trip); NaN as {@code NaN}.
 */
public final class PoleCsv {

    private PoleCsv() {
    }

    public static void write(Writer w, List<SweepRun> runs) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (SweepRun r : runs) {
            keys.addAll(r.settings().keySet());
        }
        List<String> header = new ArrayList<>(List.of("run_id", "grid_index"));
        header.addAll(keys);
        header.addAll(List.of("converged", "test_nmse", "test_loss", "pole_index", "pole_re", "pole_im", "pole_modulus",
                "eigenvalue_index", "eigenvalue_re", "eigenvalue_im", "eigenvalue_modulus", "distance", "aligned", "first_matched_epoch"));
        line(w, header);
        List<SweepRun> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Integer.compare(a.gridIndex(), b.gridIndex()));
        for (SweepRun r : sorted) {
            SweepRun.Pair[] byPole = new SweepRun.Pair[r.poles().length()];
            for (SweepRun.Pair p : r.pairs()) {
                if (p.pole() >= 0 && p.pole() < byPole.length) {
                    byPole[p.pole()] = p;
                }
            }
            for (int i = 0; i < r.poles().length(); i++) {
                List<String> row = new ArrayList<>();
                row.add(r.runId());
                row.add(Integer.toString(r.gridIndex()));
                for (String k : keys) {
                    row.add(r.settings().getOrDefault(k, ""));
                }
                row.add(r.converged() == null ? "" : r.converged().toString());
                row.add(num(r.testNmse()));
                row.add(num(r.testLoss()));
                row.add(Integer.toString(i));
                row.add(num(r.poles().re()[i]));
                row.add(num(r.poles().im()[i]));
                row.add(num(r.poles().abs(i)));
                SweepRun.Pair p = byPole[i];
                if (p == null || p.eigenvalue() < 0 || p.eigenvalue() >= r.eigenvalues().length()) {
                    row.addAll(List.of("", "", "", "", "", ""));
                } else {
                    int e = p.eigenvalue();
                    row.add(Integer.toString(e));
                    row.add(num(r.eigenvalues().re()[e]));
                    row.add(num(r.eigenvalues().im()[e]));
                    row.add(num(r.eigenvalues().abs(e)));
                    row.add(num(p.distance()));
                    row.add(Boolean.toString(p.distance() <= r.threshold()));
                }
                row.add(r.firstMatched() == null || i >= r.firstMatched().length ? "" : num(r.firstMatched()[i]));
                line(w, row);
            }
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String s = cells.get(i);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                s = '"' + s.replace("\"", "\"\"") + '"';
            }
            w.write(s);
        }
        w.write('\n');
    }
}
