package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.Distribution;
import org.teachingrnns.rnn.analysis.DrivingNoise;
import org.teachingrnns.rnn.analysis.ImpulseResponse;
import org.teachingrnns.rnn.analysis.LyapunovSpectrum;
import org.teachingrnns.rnn.analysis.NetworkAnalysis;
import org.teachingrnns.rnn.analysis.ResidueMatching;
import org.teachingrnns.rnn.experiment.AnalysisConfig;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.Teacher;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code teach analyze}: the spectral analysis of issue 9 for one model in the exchange format: eigenvalues,
 * residues, impulse and frequency responses, Lyapunov spectrum, and with a reference the matching (plain and
 * residue-filtered), the response errors and, for nonlinear networks, the Jacobian-spectrum distance.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Spectral analysis of a model: eigenvalues and residues of W_hh, impulse and frequency responses, "
                + "Lyapunov spectrum; matching against poles or a teacher.",
                "",
                "Reads a model in the exchange format (data keys are ignored). Eigenvalues of W_hh (Hessenberg + Francis QR), "
                        + "spectral radius, and each mode's residue |W_ho v_i| |u_i^T W_ih| (right eigenvector v_i, u_i^T the "
                        + "row of V^-1; of the linear part for tanh/relu). Impulse response h_k (W_ho W_hh^k W_ih for a linear "
                        + "model, simulated otherwise) and frequency response H(e^jw) = W_ho (I - W_hh e^-jw)^-1 W_ih on "
                        + "w = pi k / N (the DTFT of the impulse response for tanh/relu); for a linear model also from the "
                        + "eigenvalue/residue form. Lyapunov spectrum by the QR method along a seeded N(0,1) input, with "
                        + "standard errors from blocks. With --poles or --teacher-model: greedy and optimal matching, and "
                        + "the same ignoring modes whose residue is below --residue-fraction of the largest. With "
                        + "--teacher-model also the teacher's responses and Lyapunov spectrum, the relative L2 errors, and "
                        + "for a tanh/relu pair the per-step distance between the Jacobian spectra of both networks "
                        + "driven by the same input.",
                "--json keys: eigenvalues [[re, im], ...], spectral_radius, residues, impulse_response, "
                        + "frequency_response, lyapunov {spectrum (largest first), stderr, ...}, noise; with a reference "
                        + "poles and matching {greedy, optimal, residue_filtered}; with a teacher model teacher_lyapunov "
                        + "and, for nonlinear networks, jacobian_spectrum.",
                ""})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backendOption;

    @Option(names = {"--model", "-m"}, required = true, paramLabel = "FILE", description = "The model (exchange format; data keys are ignored).")
    Path model;

    @Option(names = "--poles", paramLabel = "RE,IM;...", description = "Poles to match, e.g. \"0.5,0.3;0.5,-0.3;-0.9\".")
    String poles;

    @Option(names = "--teacher-model", paramLabel = "FILE", description = "Match against this model's eigenvalues (its poles) "
            + "and compare responses, Lyapunov and Jacobian spectra with it.")
    Path teacherModel;

    @Option(names = "--threshold",
            description = "A pole and an eigenvalue within this distance are aligned (default: ${DEFAULT-VALUE}).")
    double threshold = AnalysisConfig.DEFAULTS.matchThreshold();

    @Option(names = "--residue-fraction", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_RESIDUE_FRACTION, paramLabel = "F",
            description = "The residue-filtered matching ignores modes whose residue is below F times the largest (default: ${DEFAULT-VALUE}).")
    double residueFraction;

    @Option(names = "--impulse-length", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_IMPULSE_LENGTH, paramLabel = "K",
            description = "Steps of the impulse response (and of the DTFT for tanh/relu) (default: ${DEFAULT-VALUE}).")
    int impulseLength;

    @Option(names = "--frequencies", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_FREQUENCY_POINTS, paramLabel = "N",
            description = "Frequencies w = pi k / N, k < N, of the frequency response (scipy's freqz grid) (default: ${DEFAULT-VALUE}).")
    int frequencies;

    @Option(names = "--noise-seed", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_NOISE_SEED, paramLabel = "SEED",
            description = "Seed of the N(0,1) input driving the Lyapunov and Jacobian trajectories (default: ${DEFAULT-VALUE}).")
    long noiseSeed;

    @Option(names = "--noise-length", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_NOISE_LENGTH, paramLabel = "STEPS",
            description = "Analysed steps of the driven trajectory (default: ${DEFAULT-VALUE}).")
    int noiseLength;

    @Option(names = "--noise-washout", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_NOISE_WASHOUT, paramLabel = "STEPS",
            description = "Steps before the analysed ones: they forget the zero state and warm up the Lyapunov frame (default: ${DEFAULT-VALUE}).")
    int noiseWashout;

    @Option(names = "--lyapunov-k", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_LYAPUNOV_K, paramLabel = "K",
            description = "Number of Lyapunov exponents, the largest; 0 for all (default: ${DEFAULT-VALUE}).")
    int lyapunovK;

    @Option(names = "--qr-every", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_QR_EVERY, paramLabel = "STEPS",
            description = "Steps between QR re-orthonormalisations (1 keeps strongly contracting exponents accurate) (default: ${DEFAULT-VALUE}).")
    int qrEvery;

    @Option(names = "--lyapunov-blocks", defaultValue = "" + NetworkAnalysis.Settings.DEFAULT_BLOCKS, paramLabel = "B",
            description = "Blocks for the standard error of the exponents (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (poles != null && teacherModel != null) {
            throw new BadInputException("give --poles or --teacher-model, not both");
        }
        Check.nonNegativeFinite("--threshold", threshold);
        if (!(residueFraction >= 0 && residueFraction <= 1)) {
            throw new BadInputException("--residue-fraction must be in [0, 1], got " + residueFraction);
        }
        Check.positive("--impulse-length", impulseLength);
        Check.positive("--frequencies", frequencies);
        Check.positive("--noise-length", noiseLength);
        Check.nonNegative("--noise-washout", noiseWashout);
        Check.positive("--qr-every", qrEvery);
        Check.atLeast("--lyapunov-blocks", blocks, 2, "(a standard error needs two blocks)");
        if (noiseLength / qrEvery < blocks) {
            throw new BadInputException("--noise-length " + noiseLength + " gives " + noiseLength / qrEvery
                    + " QR intervals of --qr-every " + qrEvery + " steps, fewer than --lyapunov-blocks " + blocks);
        }
        ComplexArray targets = poles != null ? PoleList.parse(poles) : null;
        RnnModel m = ModelFile.read(model, ModelFile.Data.IGNORED).model();
        Check.range("--lyapunov-k", lyapunovK, 0, m.hiddenSize(), "0 for all, at most the hidden size");
        RnnModel t = null;
        if (teacherModel != null) {
            t = ModelFile.read(teacherModel, ModelFile.Data.IGNORED).model();
            targets = Teacher.ofModel(t).poles();
        }
        // The eigen-decompositions' long reflectors and the Lyapunov frame's tiles follow --backend, as in a run's
        // analysis (scalar: plain loops end to end); a bad name is status 2 like everywhere.
        org.teachingrnns.numeric.Blas blas = backendOption.compute(spec.commandLine().getErr()).blas();

        NetworkAnalysis.Settings settings = new NetworkAnalysis.Settings(threshold, residueFraction, impulseLength, frequencies,
                new DrivingNoise(noiseSeed, noiseLength, noiseWashout), lyapunovK, qrEvery, blocks);
        NetworkAnalysis a = NetworkAnalysis.of(m, t, targets, settings, blas);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json j = new Json();
            ObjectNode node = (ObjectNode) j.value(a.toMap());
            List<String> notes = new ArrayList<>(a.notes());
            if (j.nonFinite() > 0) {
                notes.add(j.nonFinite() + " non-finite numbers written as null");
            }
            if (!notes.isEmpty()) {
                node.set("notes", j.value(notes));
            }
            out.print(Json.pretty(node));
        } else {
            printText(out, a);
        }
        out.flush();
        return Teach.OK;
    }

    private void printText(PrintWriter out, NetworkAnalysis a) {
        RnnModel m = a.model();
        ComplexArray eig = a.eigenvalues();
        out.printf(Locale.ROOT, "model              %s (%s, input %d, hidden %d, output %d)%n", model, m.activation().key(),
                m.inputSize(), m.hiddenSize(), m.outputSize());
        out.printf(Locale.ROOT, "spectral radius    %s%n", Summary.g(a.spectralRadius()));
        out.println("eigenvalues of W_hh (largest modulus first), with residues |W_ho v| |u^T W_ih|");
        double[] res = a.modes().residues();
        Integer[] order = new Integer[eig.length()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(eig.abs(y), eig.abs(x)));
        for (int i : order) {
            out.printf(Locale.ROOT, "  %-24s |.| %-12s residue %s%n", ReportHtml.complex(eig.re(i), eig.im(i)),
                    Summary.g(eig.abs(i)), Summary.g(res[i]));
        }
        out.println();
        out.printf(Locale.ROOT, "impulse response   %d steps, h_0..h_4 (output 0, input 0): %s%n", impulseLength,
                firstSamples(a.impulse(), 5));
        if (a.linear()) {
            out.printf(Locale.ROOT, "modal form         relative L2 error vs network: impulse %s, frequency %s%n",
                    Summary.g(ImpulseResponse.relativeError(a.modalImpulse(), a.impulse())),
                    Summary.g(a.modalFrequency().relativeErrorTo(a.frequency())));
        }
        if (a.teacherImpulse() != null) {
            out.printf(Locale.ROOT, "vs teacher         relative L2 error: impulse %s (%d steps), frequency %s (%d frequencies)%n",
                    Summary.g(a.impulseError()), impulseLength, Summary.g(a.frequencyError()), frequencies);
        }
        out.println();
        LyapunovSpectrum.Result lyap = a.lyapunov();
        LyapunovSpectrum.Result teacherLyap = a.teacherLyapunov();
        out.printf(Locale.ROOT, "Lyapunov spectrum  (nats/step; N(0,1) input, seed %d, %d steps after %d washout, QR every %d, "
                + "stderr from %d blocks)%n", noiseSeed, lyap.steps(), noiseWashout, qrEvery, blocks);
        double[] logEig = a.linear() ? a.sortedLogAbsEigenvalues() : null;
        for (int i = 0; i < lyap.spectrum().length; i++) {
            out.printf(Locale.ROOT, "  %-3d %-22s +- %-12s%s%s%n", i, Summary.g(lyap.spectrum()[i]), Summary.g(lyap.stderr()[i]),
                    logEig == null ? "" : "  log|eig| " + Summary.g(logEig[i]),
                    teacherLyap == null || i >= teacherLyap.spectrum().length ? ""
                            : "  teacher " + Summary.g(teacherLyap.spectrum()[i]) + " +- " + Summary.g(teacherLyap.stderr()[i]));
        }
        out.printf(Locale.ROOT, "  sum %s%n", Summary.g(lyap.sum()));
        if (a.jacobians() != null) {
            Distribution d = a.jacobians().distribution();
            out.println();
            out.printf(Locale.ROOT, "Jacobian spectra   optimal mean matched distance per step, teacher vs model (%d steps): "
                    + "median %s, quartiles %s .. %s, min %s, max %s%n", d.count(), Summary.g(d.median()), Summary.g(d.q1()),
                    Summary.g(d.q3()), Summary.g(d.min()), Summary.g(d.max()));
        }
        if (a.poles() != null) {
            ResidueMatching f = a.residueFiltered();
            out.println();
            out.print(Summary.pairTable(a.poles(), eig, a.optimal(), a.greedy()));
            out.printf(Locale.ROOT, "residue-filtered   modes with residue >= %s x max (%d of %d kept): optimal %d of %d aligned, "
                            + "mean distance %s; greedy %d aligned, mean distance %s%n",
                    Summary.g(residueFraction), f.kept().length, eig.length(), f.optimal().aligned(), a.poles().length(),
                    Summary.g(f.optimal().meanDistance()), f.greedy().aligned(), Summary.g(f.greedy().meanDistance()));
        }
        for (String n : a.notes()) {
            out.println("note: " + n);
        }
    }

    private static String firstSamples(double[][][] h, int count) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(count, h.length); k++) {
            sb.append(k == 0 ? "" : ", ").append(Summary.g(h[k][0][0]));
        }
        return sb.toString();
    }
}
