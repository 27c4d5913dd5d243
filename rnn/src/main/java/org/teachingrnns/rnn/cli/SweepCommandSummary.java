package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.teachingrnns.rnn.sweep.CellTable;
import org.teachingrnns.rnn.sweep.PoleCsv;
import org.teachingrnns.rnn.sweep.ResultLog;
import org.teachingrnns.rnn.sweep.SummaryPage;
import org.teachingrnns.rnn.sweep.SweepRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code teach sweep summary FILE.jsonl [--html F] [--csv F]}: a table per grid cell on stdout, and optionally a
 * page of plots and a CSV with one row per (run, pole).
 *
 * <p>Keys read from each line, each optional except {@code poles}, {@code eigenvalues} and {@code matching}:
 * {@code converged} (bool), {@code test_nmse}, {@code test_loss}; {@code residues} (parallel to
 * {@code eigenvalues}, each a number or [re, im], or an object with such a {@code student} list);
 * {@code tracking} ({@code {"epochs": [..], "eigenvalues": [[[re, im], ..], ..]}}, a list of
 * {@code {"epoch", "eigenvalues"}}, or {@code {"first_matched_epoch": [..]}} per pole); {@code lyapunov.teacher.spectrum}
 * and {@code lyapunov.student.spectrum}.
 */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarise a sweep file: per grid cell (every setting but the seed) the runs, the converged fraction "
                + "(the converged key, else test_nmse <= 1e-8, else n/a), and the median and quartiles of the test NMSE (test MSE "
                + "when the lines have no NMSE), the mean matched distance and the aligned fraction, over all runs and over "
                + "converged runs.", ""})
final class SweepCommandSummary implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.jsonl", description = "A sweep file (teach sweep --out, or teach sweep merge --out).")
    Path file;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained page of plots (inline SVG).")
    Path html;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per (run, pole), with the run's settings, for pandas.")
    Path csv;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResultLog.Contents c = ResultLog.read(file);
        if (c.tornBytes() > 0) {
            err.println("teach: note: ignoring a torn last line of " + c.tornBytes() + " bytes in " + file);
        }
        List<SweepRun> runs = new ArrayList<>();
        int n = 0;
        for (String line : c.lines()) {
            n++;
            runs.add(run(file, n, SweepCommandLines.parse(file, n, line)));
        }
        if (runs.isEmpty()) {
            throw new BadInputException(file + " holds no runs");
        }
        out.print(CellTable.of(runs).render());
        out.flush();
        if (csv != null) {
            AtomicFiles.write(csv, w -> PoleCsv.write(w, runs));
            err.println("teach: wrote " + csv);
        }
        if (html != null) {
            AtomicFiles.writeString(html, SummaryPage.render("teach sweep summary: " + file.getFileName(), runs));
            err.println("teach: wrote " + html);
        }
        err.flush();
        return Teach.OK;
    }

    /** One line as the summary's plain record. */
    static SweepRun run(Path file, int n, JsonNode j) {
        Map<String, String> settings = new LinkedHashMap<>();
        j.path("config").fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                settings.put(e.getKey(), e.getValue().asText());
            }
        });
        double nmse = number(j.get("test_nmse"));
        Boolean converged = j.path("converged").isBoolean() ? Boolean.valueOf(j.get("converged").asBoolean())
                : j.has("test_nmse") ? Boolean.valueOf(nmse <= SweepRun.CONVERGED_NMSE) : null;
        JsonNode optimal = j.path("matching").path("optimal");
        double threshold = optimal.path("threshold").isNumber() ? optimal.get("threshold").asDouble()
                : j.path("config").path("match_threshold").asDouble(0.05);
        SweepRun.Complex poles = complex(file, n, j.get("poles"), "poles");
        SweepRun.Complex eig = complex(file, n, j.get("eigenvalues"), "eigenvalues");
        List<SweepRun.Pair> pairs = new ArrayList<>();
        for (JsonNode p : optimal.path("pairs")) {
            pairs.add(new SweepRun.Pair(p.path("pole").asInt(-1), p.path("eigenvalue").asInt(-1), number(p.get("distance"))));
        }
        return new SweepRun(j.get("run_id").asText(), j.get("grid_index").asInt(), settings, converged, nmse, number(j.get("test_loss")),
                threshold, poles, eig, pairs.toArray(SweepRun.Pair[]::new), residues(j.get("residues"), eig.length()),
                firstMatched(j.get("tracking"), poles, threshold), vector(j.path("lyapunov").path("teacher").get("spectrum")),
                vector(j.path("lyapunov").path("student").get("spectrum")), j.path("divergence").path("epoch").asInt(-1) > 0);
    }

    private static double number(JsonNode v) {
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static SweepRun.Complex complex(Path file, int n, JsonNode list, String key) {
        if (list == null || !list.isArray()) {
            throw new BadInputException("line " + n + " of " + file + " has no " + key + " list");
        }
        double[] re = new double[list.size()];
        double[] im = new double[list.size()];
        for (int i = 0; i < list.size(); i++) {
            re[i] = number(list.get(i).get(0));
            im[i] = number(list.get(i).get(1));
        }
        return new SweepRun.Complex(re, im);
    }

    private static double[] vector(JsonNode list) {
        if (list == null || !list.isArray()) {
            return null;
        }
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(list.get(i));
        }
        return v;
    }

    /** |residue| per eigenvalue, or null when the key is absent or not parallel to the eigenvalues. */
    private static double[] residues(JsonNode r, int eigenvalues) {
        if (r != null && r.isObject()) {
            r = r.get("student");
        }
        if (r == null || !r.isArray() || r.size() != eigenvalues) {
            return null;
        }
        double[] a = new double[r.size()];
        for (int i = 0; i < a.length; i++) {
            JsonNode x = r.get(i);
            a[i] = x.isArray() ? Math.hypot(number(x.get(0)), number(x.get(1))) : Math.abs(number(x));
        }
        return a;
    }

    /** Per pole, the first recorded epoch with a student eigenvalue within the threshold (NaN: never); null without tracking. */
    private static double[] firstMatched(JsonNode t, SweepRun.Complex poles, double threshold) {
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isObject() && t.has("first_matched_epoch")) {
            double[] v = vector(t.get("first_matched_epoch"));
            return v != null && v.length == poles.length() ? v : null;
        }
        List<Double> epochs = new ArrayList<>();
        List<JsonNode> spectra = new ArrayList<>();
        if (t.isObject() && t.path("epochs").isArray() && t.path("eigenvalues").isArray()) {
            for (int k = 0; k < Math.min(t.get("epochs").size(), t.get("eigenvalues").size()); k++) {
                epochs.add(t.get("epochs").get(k).asDouble());
                spectra.add(t.get("eigenvalues").get(k));
            }
        } else if (t.isArray()) {
            for (JsonNode e : t) {
                if (e.has("epoch") && e.path("eigenvalues").isArray()) {
                    epochs.add(e.get("epoch").asDouble());
                    spectra.add(e.get("eigenvalues"));
                }
            }
        } else {
            return null;
        }
        if (epochs.isEmpty()) {
            return null;
        }
        double[] first = new double[poles.length()];
        java.util.Arrays.fill(first, Double.NaN);
        for (int k = 0; k < epochs.size(); k++) {
            for (JsonNode ev : spectra.get(k)) {
                double re = number(ev.get(0));
                double im = number(ev.get(1));
                for (int p = 0; p < first.length; p++) {
                    if (Double.isNaN(first[p]) && Math.hypot(re - poles.re()[p], im - poles.im()[p]) <= threshold) {
                        first[p] = epochs.get(k);
                    }
                }
            }
        }
        return first;
    }
}
