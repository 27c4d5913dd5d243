package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.Distribution;
import org.teachingrnns.rnn.analysis.DrivingNoise;
import org.teachingrnns.rnn.analysis.FrequencyResponse;
import org.teachingrnns.rnn.analysis.ImpulseResponse;
import org.teachingrnns.rnn.analysis.LyapunovSpectrum;
import org.teachingrnns.rnn.analysis.ModalForm;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.ResidueMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.analysis.TrajectoryJacobians;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.Teacher;
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
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ConfigDefaults.class,
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

    @Option(names = "--threshold", descriptionKey = "match_threshold",
            description = "A pole and an eigenvalue within this distance are aligned (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--residue-fraction", defaultValue = "0.01", paramLabel = "F",
            description = "The residue-filtered matching ignores modes whose residue is below F times the largest (default: ${DEFAULT-VALUE}).")
    double residueFraction;

    @Option(names = "--impulse-length", defaultValue = "100", paramLabel = "K",
            description = "Steps of the impulse response (and of the DTFT for tanh/relu) (default: ${DEFAULT-VALUE}).")
    int impulseLength;

    @Option(names = "--frequencies", defaultValue = "256", paramLabel = "N",
            description = "Frequencies w = pi k / N, k < N, of the frequency response (scipy's freqz grid) (default: ${DEFAULT-VALUE}).")
    int frequencies;

    @Option(names = "--noise-seed", defaultValue = "1", paramLabel = "SEED",
            description = "Seed of the N(0,1) input driving the Lyapunov and Jacobian trajectories (default: ${DEFAULT-VALUE}).")
    long noiseSeed;

    @Option(names = "--noise-length", defaultValue = "2000", paramLabel = "STEPS",
            description = "Analysed steps of the driven trajectory (default: ${DEFAULT-VALUE}).")
    int noiseLength;

    @Option(names = "--noise-washout", defaultValue = "500", paramLabel = "STEPS",
            description = "Steps before the analysed ones: they forget the zero state and warm up the Lyapunov frame (default: ${DEFAULT-VALUE}).")
    int noiseWashout;

    @Option(names = "--lyapunov-k", defaultValue = "0", paramLabel = "K",
            description = "Number of Lyapunov exponents, the largest; 0 for all (default: ${DEFAULT-VALUE}).")
    int lyapunovK;

    @Option(names = "--qr-every", defaultValue = "1", paramLabel = "STEPS",
            description = "Steps between QR re-orthonormalisations (1 keeps strongly contracting exponents accurate) (default: ${DEFAULT-VALUE}).")
    int qrEvery;

    @Option(names = "--lyapunov-blocks", defaultValue = "10", paramLabel = "B",
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
        backendOption.apply();

        ComplexArray eig = Spectra.eigenvalues(m);
        double radius = Spectra.spectralRadius(eig);
        ModalForm modes = ModalForm.of(m);
        boolean linear = m.activation() == Activation.LINEAR;
        List<String> notes = new ArrayList<>();

        double[][][] impulse = ImpulseResponse.of(m, impulseLength);
        double[] w = FrequencyResponse.grid(frequencies);
        FrequencyResponse freq = FrequencyResponse.ofNetwork(m, w, impulseLength);
        double[][][] modalImpulse = linear ? modes.impulseResponse(impulseLength) : null;
        FrequencyResponse modalFreq = linear ? modes.frequencyResponse(w) : null;

        DrivingNoise noise = new DrivingNoise(noiseSeed, noiseLength, noiseWashout);
        LyapunovSpectrum.Result lyap = LyapunovSpectrum.of(m, noise, lyapunovK == 0 ? m.hiddenSize() : lyapunovK, qrEvery, blocks);

        boolean comparable = t != null && t.inputSize() == m.inputSize() && t.outputSize() == m.outputSize();
        if (t != null && !comparable) {
            notes.add("the teacher has " + t.inputSize() + " inputs and " + t.outputSize() + " outputs, the model "
                    + m.inputSize() + " and " + m.outputSize() + ": responses and Jacobian spectra are not compared");
        }
        double[][][] teacherImpulse = comparable ? ImpulseResponse.of(t, impulseLength) : null;
        FrequencyResponse teacherFreq = comparable ? FrequencyResponse.ofNetwork(t, w, impulseLength) : null;
        LyapunovSpectrum.Result teacherLyap = t == null ? null
                : LyapunovSpectrum.of(t, noise, Math.min(lyapunovK == 0 ? t.hiddenSize() : lyapunovK, t.hiddenSize()), qrEvery, blocks);
        TrajectoryJacobians.Comparison jacobians = comparable
                && (!linear || t.activation() != Activation.LINEAR) ? TrajectoryJacobians.compare(t, m, noise) : null;

        PoleMatching.Result greedy = targets == null ? null : PoleMatching.greedy(targets, eig, threshold);
        PoleMatching.Result optimal = targets == null ? null : PoleMatching.optimal(targets, eig, threshold);
        ResidueMatching filtered = targets == null ? null : ResidueMatching.of(targets, modes, residueFraction, threshold);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("eigenvalues", eig.toPairs());
            o.put("spectral_radius", radius);
            o.put("residues", modes.residues());

            Map<String, Object> imp = new LinkedHashMap<>();
            imp.put("length", impulseLength);
            imp.put("model", Arrays.asList(impulse));
            if (linear) {
                imp.put("model_modal", Arrays.asList(modalImpulse));
                imp.put("modal_error", ImpulseResponse.relativeError(modalImpulse, impulse));
            }
            if (teacherImpulse != null) {
                imp.put("teacher", Arrays.asList(teacherImpulse));
                imp.put("error", ImpulseResponse.relativeError(impulse, teacherImpulse));
            }
            o.put("impulse_response", imp);

            Map<String, Object> fr = new LinkedHashMap<>();
            fr.put("w", w);
            fr.put("model", responseMap(freq));
            if (linear) {
                fr.put("model_modal", responseMap(modalFreq));
                fr.put("modal_error", modalFreq.relativeErrorTo(freq));
            }
            if (teacherFreq != null) {
                fr.put("teacher", responseMap(teacherFreq));
                fr.put("error", freq.relativeErrorTo(teacherFreq));
            }
            o.put("frequency_response", fr);

            Map<String, Object> ly = lyapunovMap(lyap);
            if (linear) {
                ly.put("log_abs_eigenvalues", sortedLogAbs(eig));
            }
            o.put("lyapunov", ly);
            if (teacherLyap != null) {
                o.put("teacher_lyapunov", lyapunovMap(teacherLyap));
            }
            if (jacobians != null) {
                Map<String, Object> js = new LinkedHashMap<>();
                js.put("summary", distributionMap(jacobians.distribution()));
                js.put("distances", jacobians.distances());
                o.put("jacobian_spectrum", js);
            }
            Map<String, Object> nz = new LinkedHashMap<>();
            nz.put("seed", noiseSeed);
            nz.put("length", noiseLength);
            nz.put("washout", noiseWashout);
            o.put("noise", nz);
            if (targets != null) {
                o.put("poles", targets.toPairs());
                Map<String, Object> match = new LinkedHashMap<>();
                match.put("greedy", greedy.toMap());
                match.put("optimal", optimal.toMap());
                match.put("residue_filtered", filtered.toMap());
                o.put("matching", match);
            }
            Json j = new Json();
            com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) j.value(o);
            if (j.nonFinite() > 0) {
                notes.add(j.nonFinite() + " non-finite numbers written as null");
            }
            if (!notes.isEmpty()) {
                node.set("notes", j.value(notes));
            }
            out.print(Json.pretty(node));
        } else {
            out.printf(Locale.ROOT, "model              %s (%s, input %d, hidden %d, output %d)%n", model, m.activation().key(),
                    m.inputSize(), m.hiddenSize(), m.outputSize());
            out.printf(Locale.ROOT, "spectral radius    %s%n", Summary.g(radius));
            out.println("eigenvalues of W_hh (largest modulus first), with residues |W_ho v| |u^T W_ih|");
            double[] res = modes.residues();
            Integer[] order = new Integer[eig.length()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(eig.abs(b), eig.abs(a)));
            for (int i : order) {
                out.printf(Locale.ROOT, "  %-24s |.| %-12s residue %s%n", ReportHtml.complex(eig.re(i), eig.im(i)),
                        Summary.g(eig.abs(i)), Summary.g(res[i]));
            }
            out.println();
            out.printf(Locale.ROOT, "impulse response   %d steps, h_0..h_4 (output 0, input 0): %s%n", impulseLength,
                    firstSamples(impulse, 5));
            if (linear) {
                out.printf(Locale.ROOT, "modal form         relative L2 error vs network: impulse %s, frequency %s%n",
                        Summary.g(ImpulseResponse.relativeError(modalImpulse, impulse)), Summary.g(modalFreq.relativeErrorTo(freq)));
            }
            if (teacherImpulse != null) {
                out.printf(Locale.ROOT, "vs teacher         relative L2 error: impulse %s (%d steps), frequency %s (%d frequencies)%n",
                        Summary.g(ImpulseResponse.relativeError(impulse, teacherImpulse)), impulseLength,
                        Summary.g(freq.relativeErrorTo(teacherFreq)), frequencies);
            }
            out.println();
            out.printf(Locale.ROOT, "Lyapunov spectrum  (nats/step; N(0,1) input, seed %d, %d steps after %d washout, QR every %d, "
                    + "stderr from %d blocks)%n", noiseSeed, lyap.steps(), noiseWashout, qrEvery, blocks);
            double[] logEig = linear ? sortedLogAbs(eig) : null;
            for (int i = 0; i < lyap.spectrum().length; i++) {
                out.printf(Locale.ROOT, "  %-3d %-22s +- %-12s%s%s%n", i, Summary.g(lyap.spectrum()[i]), Summary.g(lyap.stderr()[i]),
                        logEig == null ? "" : "  log|eig| " + Summary.g(logEig[i]),
                        teacherLyap == null || i >= teacherLyap.spectrum().length ? ""
                                : "  teacher " + Summary.g(teacherLyap.spectrum()[i]) + " +- " + Summary.g(teacherLyap.stderr()[i]));
            }
            out.printf(Locale.ROOT, "  sum %s%n", Summary.g(lyap.sum()));
            if (jacobians != null) {
                Distribution d = jacobians.distribution();
                out.println();
                out.printf(Locale.ROOT, "Jacobian spectra   optimal mean matched distance per step, teacher vs model (%d steps): "
                        + "median %s, quartiles %s .. %s, min %s, max %s%n", d.count(), Summary.g(d.median()), Summary.g(d.q1()),
                        Summary.g(d.q3()), Summary.g(d.min()), Summary.g(d.max()));
            }
            if (targets != null) {
                out.println();
                out.print(Summary.pairTable(targets, eig, optimal, greedy));
                out.printf(Locale.ROOT, "residue-filtered   modes with residue >= %s x max (%d of %d kept): optimal %d of %d aligned, "
                                + "mean distance %s; greedy %d aligned, mean distance %s%n",
                        Summary.g(residueFraction), filtered.kept().length, eig.length(), filtered.optimal().aligned(), targets.length(),
                        Summary.g(filtered.optimal().meanDistance()), filtered.greedy().aligned(), Summary.g(filtered.greedy().meanDistance()));
            }
            for (String n : notes) {
                out.println("note: " + n);
            }
        }
        out.flush();
        return Teach.OK;
    }

    private static Map<String, Object> responseMap(FrequencyResponse f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("magnitude", Arrays.asList(f.magnitude()));
        m.put("phase", Arrays.asList(f.phase()));
        return m;
    }

    private static Map<String, Object> lyapunovMap(LyapunovSpectrum.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spectrum", r.spectrum());
        m.put("stderr", r.stderr());
        m.put("sum", r.sum());
        m.put("steps", r.steps());
        m.put("qr_every", r.qrEvery());
        m.put("blocks", r.blocks());
        return m;
    }

    private static Map<String, Object> distributionMap(Distribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", d.count());
        m.put("mean", d.mean());
        m.put("min", d.min());
        m.put("q1", d.q1());
        m.put("median", d.median());
        m.put("q3", d.q3());
        m.put("max", d.max());
        return m;
    }

    /** log|lambda_i|, largest first: what a linear network's Lyapunov spectrum must equal. */
    private static double[] sortedLogAbs(ComplexArray eig) {
        double[] l = new double[eig.length()];
        for (int i = 0; i < l.length; i++) {
            l[i] = -Math.log(eig.abs(i));
        }
        Arrays.sort(l);
        for (int i = 0; i < l.length; i++) {
            l[i] = -l[i];
        }
        return l;
    }

    private static String firstSamples(double[][][] h, int count) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(count, h.length); k++) {
            sb.append(k == 0 ? "" : ", ").append(Summary.g(h[k][0][0]));
        }
        return sb.toString();
    }
}
