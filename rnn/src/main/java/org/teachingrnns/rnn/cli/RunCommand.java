package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.teachingrnns.rnn.analysis.NetworkAnalysis;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.experiment.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code teach run}: one teacher-student experiment, with its files and a summary. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"One teacher-student experiment: train a student RNN on a teacher's data and match its eigenvalues to the poles.",
                "",
                "A teacher (by default an IIR filter of order 5 with complex-conjugate poles in the unit disk, as a "
                        + "companion-form RNN) produces the data from N(0,1) inputs; a student RNN is trained on it by "
                        + "full-batch BPTT; the eigenvalues of the student's W_hh are then matched to the teacher's poles "
                        + "(greedy and optimal), and analysed against the teacher (NMSE, spectrum over training, residues, "
                        + "responses, Lyapunov and Jacobian spectra for nonlinear networks). Progress on stderr, a summary "
                        + "on stdout, and results.json, loss.csv, eigenvalues.csv, spectra.csv and report.html in --out, written as one set (results.json last: a directory without it is incomplete). Exit status 3 when training "
                        + "diverges (NaN or infinite loss): the files then hold the last finite state.",
                ""})
final class RunCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions experiment;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--out", order = 90, paramLabel = "DIR", description = "Output directory (default: runs/<name>).")
    Path out;

    @Option(names = "--name", order = 91, description = "Run name (default: from the key settings and the seed, e.g. iir5-linear-h5-linear-adam-lr0.01-e3000-seed1).")
    String name;

    @Option(names = "--json", order = 92, description = "Print results.json on stdout instead of the summary (nothing else goes to stdout).")
    boolean json;

    @Option(names = "--quiet", order = 93, description = "No progress or notes on stderr (errors still go there).")
    boolean quiet;

    @Option(names = "--allow-unstable", order = 94, description = "Train on a linear or relu teacher with spectral radius >= 1 (refused otherwise: its outputs grow without bound).")
    boolean allowUnstable;

    @Option(names = "--export-init", order = 95, paramLabel = "DIR", description = "Before training, write the teacher, the exact train and test data and the untrained student (model exchange format: initial.json, student.json, teacher.json, test.json) into DIR, so another implementation (bench/scripts/torch_reference.py train DIR/initial.json) starts from the same point.")
    Path exportInit;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = experiment.config(spec.commandLine().getParseResult(), Preset.BUILT_IN);
        String runName = name != null ? checkName(name) : RunOptions.defaultName(config);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Compute compute = backendOption.compute(quiet ? null : err);
        Path dir = RunFiles.prepare(out != null ? out : Path.of("runs", runName));
        TeacherStability.check(config, allowUnstable, quiet, err);
        MemoryEstimate.check(config);
        if (exportInit != null) {
            InitialConditionsExport.write(exportInit, config);
            if (!quiet) {
                err.println("teach: wrote the initial conditions to " + exportInit.resolve(InitialConditionsExport.INITIAL)
                        + " (and student.json, teacher.json, test.json)");
            }
        }

        Progress progress = quiet ? null : Progress.onStderr(err, "epoch",
                config.training().epochs() + config.optimizer().thenLbfgs());
        ExperimentResult r = Experiment.run(config, compute, progress == null ? null : new Experiment.ProgressListener() {
            @Override
            public void onEpoch(int epoch, int epochs, double loss) {
                progress.update(epoch, "loss " + Summary.g(loss));
            }

            @Override
            public void onEpochTrial() {
                err.println(EPOCH_TRIAL_NOTE);
                err.flush();
            }

            @Override
            public void onTrainingStart() {
                progress.restart();
            }

            @Override
            public void onAnalysis(int hidden, boolean nonlinear) {
                progress.finish();
                String note = analysisNote(hidden, nonlinear);
                if (note != null) {
                    err.println(note);
                    err.flush();
                }
            }
        });
        if (progress != null) {
            progress.finish();
        }

        // After the run: auto's GEMM thresholds are known only once a product large enough has come.
        String backend = backendOption.choice();
        ObjectNode results = RunFiles.results(r, backend);
        String summary = Summary.of(runName, RunFiles.backendChoice(backend, r), r);
        RunFiles.write(dir, results, r, summary, "teach run " + runName);
        if (json) {
            stdout.print(Json.pretty(results));
        } else {
            stdout.print(summary);
        }
        stdout.flush();
        if (!quiet) {
            err.println("teach: wrote " + dir.resolve(RunFiles.RESULTS) + ", " + RunFiles.LOSS + ", " + RunFiles.EIGENVALUES
                    + ", " + RunFiles.SPECTRA + ", " + RunFiles.REPORT);
            if (results.has("notes")) {
                err.println("teach: note: " + results.get("notes").get(0).asText() + " in " + RunFiles.RESULTS);
            }
        }
        if (r.divergence().diverged()) {
            err.println(String.format(Locale.ROOT, "teach: training diverged at epoch %d: %s; the files hold the last finite state",
                    r.divergence().epoch(), r.divergence().message()));
            err.flush();
            return Teach.DIVERGED;
        }
        err.flush();
        return Teach.OK;
    }

    static String checkName(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new BadInputException("--name must be letters, digits and . _ + - (no slashes), got '" + name + "'");
        }
        return name;
    }

    /**
     * The line said when the analysis of a large nonlinear run begins (null otherwise): its Lyapunov and Jacobian
     * spectra cost O(hidden^3) per analysed step, about a minute at hidden 256 on two cores, after the last epoch's
     * progress line.
     */
    static String analysisNote(int hidden, boolean nonlinear) {
        if (!nonlinear || hidden < ANALYSIS_NOTE_MIN_HIDDEN) {
            return null;
        }
        return "teach: analysing the trained student: Lyapunov and Jacobian spectra along "
                + NetworkAnalysis.Settings.DEFAULT_NOISE_LENGTH + " steps at hidden " + hidden
                + " (results.json's timing.analysis_seconds says how long it took)";
    }

    /** Said when auto times this workload's epoch before training (once per machine and workload). */
    static final String EPOCH_TRIAL_NOTE = "teach: auto: timing an epoch of this workload on vector, auto's size bands"
            + " and openblas to train on the fastest (once per machine and workload, a few seconds; teach info lists"
            + " the results)";

    /** From this hidden size a nonlinear run says when its analysis begins. */
    static final int ANALYSIS_NOTE_MIN_HIDDEN = 32;
}
