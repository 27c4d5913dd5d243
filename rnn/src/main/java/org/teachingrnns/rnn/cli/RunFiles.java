package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.SpectrumTracker;
import org.teachingrnns.rnn.experiment.ExperimentResult;

/** The files of {@code teach run}: results.json, loss.csv, eigenvalues.csv, spectra.csv, report.html, written as one set. */
final class RunFiles {

    static final String RESULTS = "results.json";
    static final String LOSS = "loss.csv";
    static final String EIGENVALUES = "eigenvalues.csv";
    static final String SPECTRA = "spectra.csv";
    static final String REPORT = "report.html";

    private RunFiles() {
    }

    /**
     * results.json as a tree: the library's {@link ExperimentResult#toMap()} (every docs/DESIGN.md key, models in the
     * exchange format), plus {@code backend_choice} (how the backend was chosen) and, when any value was NaN or
     * infinite, a {@code notes} entry saying those were written as null (JSON has no NaN).
     */
    static ObjectNode results(ExperimentResult r, String backendChoice) {
        Json j = new Json();
        ObjectNode o = (ObjectNode) j.value(r.toMap());
        o.put("backend_choice", backendChoice(backendChoice, r));
        if (j.nonFinite() > 0) {
            o.putArray("notes").add(j.nonFinite() + " non-finite values (NaN or infinity) are written as null");
        }
        return o;
    }

    /** How the backend was chosen, with auto's epoch trial when one chose the run's Blas. */
    static String backendChoice(String backendChoice, ExperimentResult r) {
        return r.epochTrial() == null ? backendChoice : backendChoice + "; " + r.epochTrial().describe();
    }

    /** Checks the output directory (so a bad --out fails before training); it is created when the files are written. */
    static Path prepare(Path dir) {
        return RunDirectory.check(dir);
    }

    /**
     * Writes the four files as one set ({@link RunDirectory#commit}): results.json is the commit record, renamed in
     * last, so a directory with results.json holds one run's complete set.
     */
    static void write(Path dir, ObjectNode results, ExperimentResult r, String summary, String title) throws IOException {
        Map<String, AtomicFiles.TextBody> files = new LinkedHashMap<>();
        files.put(LOSS, loss(r.lossHistory(), r.analysis().trainTargetVariance(), r.analysis().testTargetVariance()));
        files.put(EIGENVALUES, eigenvalues(r.poles(), r.eigenvalues()));
        files.put(SPECTRA, spectra(r.analysis().tracking().points()));
        String report = report(title, summary, r);
        files.put(REPORT, w -> w.write(report));
        String json = Json.pretty(results);
        files.put(RESULTS, w -> w.write(json));
        new RunDirectory(dir).commit(files, RESULTS);
    }

    /**
     * epoch,train_loss,test_loss,train_nmse,test_nmse: one row per epoch; the test columns are empty where the test
     * loss was not measured (and absent without test data). NMSE = loss / variance of the kept targets of that split.
     */
    static AtomicFiles.TextBody loss(ExperimentResult.LossHistory h, double trainVariance, double testVariance) {
        return w -> {
            boolean withTest = h.testEpochs().length > 0;
            Csv csv = withTest ? new Csv(w, "epoch", "train_loss", "test_loss", "train_nmse", "test_nmse")
                    : new Csv(w, "epoch", "train_loss", "train_nmse");
            int k = 0;
            int last = Math.max(h.train().length, withTest ? h.testEpochs()[h.testEpochs().length - 1] : 0);
            for (int e = 1; e <= last; e++) {
                Double train = e <= h.train().length ? h.train()[e - 1] : null;
                Double trainNmse = train == null ? null : train / trainVariance;
                if (withTest) {
                    Double test = null;
                    if (k < h.testEpochs().length && h.testEpochs()[k] == e) {
                        test = h.test()[k++];
                    }
                    csv.row(e, train, test, trainNmse, test == null ? null : test / testVariance);
                } else {
                    csv.row(e, train, trainNmse);
                }
            }
        };
    }

    /**
     * epoch,index,re,im,abs,mean_distance,aligned,spectral_radius: one row per tracked epoch and eigenvalue of W_hh
     * (index in the order of that epoch's decomposition); the last three columns describe the epoch (the optimal
     * matching to the poles and the largest |eigenvalue|) and repeat on its rows.
     */
    static AtomicFiles.TextBody spectra(List<SpectrumTracker.Point> points) {
        return w -> {
            Csv csv = new Csv(w, "epoch", "index", "re", "im", "abs", "mean_distance", "aligned", "spectral_radius");
            for (SpectrumTracker.Point p : points) {
                ComplexArray e = p.eigenvalues();
                for (int i = 0; i < e.length(); i++) {
                    csv.row(p.epoch(), i, e.re(i), e.im(i), e.abs(i), p.meanDistance(), p.aligned(), p.spectralRadius());
                }
            }
        };
    }

    /** kind,index,re,im,abs: the teacher's poles, then the student's eigenvalues. */
    static void writeEigenvalues(Path file, ComplexArray poles, ComplexArray eig) throws IOException {
        AtomicFiles.write(file, eigenvalues(poles, eig));
    }

    static AtomicFiles.TextBody eigenvalues(ComplexArray poles, ComplexArray eig) {
        return w -> {
            Csv csv = new Csv(w, "kind", "index", "re", "im", "abs");
            for (int i = 0; i < poles.length(); i++) {
                csv.row("pole", i, poles.re(i), poles.im(i), poles.abs(i));
            }
            for (int i = 0; i < eig.length(); i++) {
                csv.row("eigenvalue", i, eig.re(i), eig.im(i), eig.abs(i));
            }
        };
    }

    static String report(String title, String summary, ExperimentResult r) {
        StringBuilder settings = new StringBuilder();
        for (java.util.Map.Entry<String, Object> e : r.config().toMap().entrySet()) {
            Object v = e.getValue();
            String shown = v instanceof java.util.Map<?, ?> ? "(a model, see results.json)" : String.valueOf(v);
            settings.append(String.format(java.util.Locale.ROOT, "%-24s %s%n", e.getKey(), shown));
        }
        return ReportHtml.render(title, summary, settings.toString(), r);
    }
}
