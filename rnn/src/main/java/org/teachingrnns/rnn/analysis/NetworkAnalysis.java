package org.teachingrnns.rnn.analysis;

import org.teachingrnns.numeric.Blas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.ScalarBlas;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Everything issue 9's spectral analysis says about one model, optionally against a reference (poles, and a
 * teacher network): the one place that decides what applies to which model and under which JSON keys, used by
 * {@code teach analyze} and meant for {@code teach run}'s results.json.
 *
 * <ul>
 *   <li>always: eigenvalues of W_hh, spectral radius, residues ({@link ModalForm}), impulse and frequency
 *       responses of the network, Lyapunov spectrum along the driving noise;</li>
 *   <li>linear model: the responses from the eigenvalue/residue form too, with their error against the
 *       network's (a check of the modal form), and the sorted log|eig| the Lyapunov spectrum must equal;</li>
 *   <li>with poles: greedy and optimal matching, and the residue-filtered matching beside them;</li>
 *   <li>with a teacher network of the same input and output sizes: its responses and their relative L2 errors
 *       (model against teacher), its Lyapunov spectrum, and when either network is nonlinear the per-step
 *       distance between the Jacobian spectra of both driven by the same noise.</li>
 * </ul>
 */
public record NetworkAnalysis(
        Settings settings,
        RnnModel model,
        ComplexArray eigenvalues,
        double spectralRadius,
        ModalForm modes,
        double[][][] impulse,
        double[][][] modalImpulse,
        double[] frequencies,
        FrequencyResponse frequency,
        FrequencyResponse modalFrequency,
        LyapunovSpectrum.Result lyapunov,
        ComplexArray poles,
        PoleMatching.Result greedy,
        PoleMatching.Result optimal,
        ResidueMatching residueFiltered,
        double[][][] teacherImpulse,
        FrequencyResponse teacherFrequency,
        LyapunovSpectrum.Result teacherLyapunov,
        TrajectoryJacobians.Comparison jacobians,
        List<String> notes) {

    /**
     * The settings of an analysis.
     *
     * @param threshold       a pole and an eigenvalue within this distance are aligned
     * @param residueFraction the residue-filtered matching keeps modes with residue >= this fraction of the largest
     * @param impulseLength   steps of the impulse responses (and of the DTFT of a nonlinear network)
     * @param frequencyPoints frequencies {@code w = pi k / N} of the frequency responses
     * @param noise           the driving noise of the Lyapunov and Jacobian trajectories
     * @param lyapunovK       number of exponents, the largest; 0 for all
     * @param qrEvery         steps between QR re-orthonormalisations
     * @param blocks          blocks of the Lyapunov standard errors
     */
    public record Settings(double threshold, double residueFraction, int impulseLength, int frequencyPoints,
                           DrivingNoise noise, int lyapunovK, int qrEvery, int blocks) {
        public Settings {
            if (!(threshold >= 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
            }
            if (!(residueFraction >= 0 && residueFraction <= 1)) {
                throw new IllegalArgumentException("residue fraction must be in [0, 1], got " + residueFraction);
            }
            if (impulseLength < 1 || frequencyPoints < 1) {
                throw new IllegalArgumentException("impulse length and number of frequencies must be >= 1, got "
                        + impulseLength + " and " + frequencyPoints);
            }
            if (noise == null) {
                throw new IllegalArgumentException("noise must be given");
            }
            if (lyapunovK < 0 || qrEvery < 1 || blocks < 2) {
                throw new IllegalArgumentException("need lyapunovK >= 0, qrEvery >= 1, blocks >= 2; got " + lyapunovK
                        + ", " + qrEvery + ", " + blocks);
            }
            if (noise.length() / qrEvery < blocks) {
                throw new IllegalArgumentException("noise length " + noise.length() + " gives " + noise.length() / qrEvery
                        + " QR intervals of " + qrEvery + " steps, fewer than the " + blocks + " blocks");
            }
        }

        /** Defaults, one place for the library and {@code teach analyze}'s flags. */
        public static final double DEFAULT_THRESHOLD = 0.05;
        public static final double DEFAULT_RESIDUE_FRACTION = 0.01;
        public static final int DEFAULT_IMPULSE_LENGTH = 100;
        public static final int DEFAULT_FREQUENCY_POINTS = 256;
        public static final long DEFAULT_NOISE_SEED = 1;
        public static final int DEFAULT_NOISE_LENGTH = 2000;
        public static final int DEFAULT_NOISE_WASHOUT = 500;
        public static final int DEFAULT_LYAPUNOV_K = 0;
        public static final int DEFAULT_QR_EVERY = 1;
        public static final int DEFAULT_BLOCKS = 10;

        /**
         * The defaults: threshold 0.05, residue fraction 0.01, 100 impulse steps, 256 frequencies, noise seed 1 with
         * 2000 steps after a washout of 500, all exponents, QR every step, 10 blocks.
         */
        public static Settings defaults() {
            return new Settings(DEFAULT_THRESHOLD, DEFAULT_RESIDUE_FRACTION, DEFAULT_IMPULSE_LENGTH, DEFAULT_FREQUENCY_POINTS,
                    new DrivingNoise(DEFAULT_NOISE_SEED, DEFAULT_NOISE_LENGTH, DEFAULT_NOISE_WASHOUT), DEFAULT_LYAPUNOV_K,
                    DEFAULT_QR_EVERY, DEFAULT_BLOCKS);
        }
    }

    public NetworkAnalysis {
        notes = List.copyOf(notes);
    }

    /**
     * Analyses {@code model}, against {@code poles} and {@code teacher} when given (either may be null; the poles of
     * a teacher network are the caller's choice: the drawn IIR poles, or {@code Spectra.eigenvalues(teacher)}).
     */
    public static NetworkAnalysis of(RnnModel model, RnnModel teacher, ComplexArray poles, Settings s) {
        return of(model, teacher, poles, s, null);
    }

    /** As {@link #of(RnnModel, RnnModel, ComplexArray, Settings)}, every eigen-decomposition's products on {@code blas} (null: the default). */
    public static NetworkAnalysis of(RnnModel model, RnnModel teacher, ComplexArray poles, Settings s, Blas blas) {
        if (model == null || s == null) {
            throw new IllegalArgumentException("model and settings must be given");
        }
        List<String> notes = new ArrayList<>();
        ComplexArray eig = Spectra.eigenvalues(model, blas);
        ModalForm modes = ModalForm.of(model, blas);
        boolean linear = model.activation() == Activation.LINEAR;
        double[] w = FrequencyResponse.grid(s.frequencyPoints());
        double[][][] impulse = ImpulseResponse.of(model, s.impulseLength());
        FrequencyResponse freq = FrequencyResponse.ofNetwork(model, w, s.impulseLength());
        // The model's Lyapunov spectrum is one long sequential product of frames; for a network large enough that the
        // Jacobian spectra are shared out over threads, it runs as a task of the same pool while the rest goes on
        // (same numbers: nothing it computes depends on the thread).
        ForkJoinTask<LyapunovSpectrum.Result> lyapTask = model.hiddenSize() >= TrajectoryJacobians.PARALLEL_MIN_HIDDEN
                ? ForkJoinPool.commonPool().submit(() -> lyapunov(model, s, blas)) : null;
        LyapunovSpectrum.Result lyap = lyapTask == null ? lyapunov(model, s, blas) : null;

        PoleMatching.Result greedy = null;
        PoleMatching.Result optimal = null;
        ResidueMatching filtered = null;
        if (poles != null) {
            greedy = PoleMatching.greedy(poles, eig, s.threshold());
            optimal = PoleMatching.optimal(poles, eig, s.threshold());
            filtered = ResidueMatching.of(poles, modes, s.residueFraction(), s.threshold());
        }
        double[][][] tImpulse = null;
        FrequencyResponse tFreq = null;
        LyapunovSpectrum.Result tLyap = null;
        TrajectoryJacobians.Comparison jac = null;
        if (teacher != null) {
            tLyap = lyapunov(teacher, s, blas);
            if (teacher.inputSize() == model.inputSize() && teacher.outputSize() == model.outputSize()) {
                tImpulse = ImpulseResponse.of(teacher, s.impulseLength());
                tFreq = FrequencyResponse.ofNetwork(teacher, w, s.impulseLength());
                if (nonlinear(model, teacher)) {
                    jac = TrajectoryJacobians.compare(teacher, model, s.noise(), blas);
                }
            } else {
                notes.add("the teacher has " + teacher.inputSize() + " inputs and " + teacher.outputSize()
                        + " outputs, the model " + model.inputSize() + " and " + model.outputSize()
                        + ": responses and Jacobian spectra are not compared");
            }
        }
        if (lyapTask != null) {
            lyap = lyapTask.join();
        }
        for (LyapunovSpectrum.Result r : new LyapunovSpectrum.Result[] {lyap, tLyap}) {
            if (r != null && Arrays.stream(r.spectrum()).anyMatch(v -> v == Double.NEGATIVE_INFINITY)) {
                notes.add((r == lyap ? "model" : "teacher") + ": a Jacobian product along the trajectory is singular "
                        + "(relu units off), so the smallest Lyapunov exponents are minus infinity");
            }
        }
        return new NetworkAnalysis(s, model, eig, Spectra.spectralRadius(eig), modes, impulse,
                linear ? modes.impulseResponse(s.impulseLength()) : null, w, freq, linear ? modes.frequencyResponse(w) : null,
                lyap, poles, greedy, optimal, filtered, tImpulse, tFreq, tLyap, jac, notes);
    }

    private static LyapunovSpectrum.Result lyapunov(RnnModel m, Settings s, Blas blas) {
        int k = s.lyapunovK() == 0 ? m.hiddenSize() : Math.min(s.lyapunovK(), m.hiddenSize());
        return LyapunovSpectrum.of(m, s.noise(), k, s.qrEvery(), s.blocks(), vectorLanes(blas));
    }

    /**
     * Whether the analysis may use Vector API kernels that give the plain loops' bits: when the module is there and
     * the backend ({@code blas}, or the default one when null) is not the scalar one, so that a scalar run loads no
     * Vector API class.
     */
    static boolean vectorLanes(Blas blas) {
        return Compute.vectorModulePresent() && !((blas != null ? blas : Blas.get()) instanceof ScalarBlas);
    }

    /**
     * Whether the model or its teacher (may be null) is nonlinear: then the analysis compares their Jacobian spectra
     * along a trajectory and a run reports both Lyapunov spectra.
     */
    public static boolean nonlinear(RnnModel model, RnnModel teacher) {
        return nonlinear(model.activation(), teacher == null ? Activation.LINEAR : teacher.activation());
    }

    /** The same rule on the two activations (before the networks exist: a run's memory estimate). */
    public static boolean nonlinear(Activation model, Activation teacher) {
        return model != Activation.LINEAR || teacher != Activation.LINEAR;
    }

    /** True when the model is linear (then the modal responses and log|eig| are reported). */
    public boolean linear() {
        return model.activation() == Activation.LINEAR;
    }

    /** log|lambda_i| of W_hh, largest first: what a linear network's Lyapunov spectrum equals. */
    public double[] sortedLogAbsEigenvalues() {
        double[] l = new double[eigenvalues.length()];
        for (int i = 0; i < l.length; i++) {
            l[i] = -Math.log(eigenvalues.abs(i));
        }
        Arrays.sort(l);
        for (int i = 0; i < l.length; i++) {
            l[i] = -l[i];
        }
        return l;
    }

    /** Relative L2 error of the model's impulse response against the teacher's, NaN without a teacher. */
    public double impulseError() {
        return teacherImpulse == null ? Double.NaN : ImpulseResponse.relativeError(impulse, teacherImpulse);
    }

    /** Relative L2 error of the model's frequency response against the teacher's, NaN without a teacher. */
    public double frequencyError() {
        return teacherFrequency == null ? Double.NaN : frequency.relativeErrorTo(teacherFrequency);
    }

    /**
     * The JSON form. Keys: {@code eigenvalues} [[re, im], ...], {@code spectral_radius}, {@code residues} (in the
     * order of the eigenvalues), {@code impulse_response} {length, model [k][output][input], and model_modal +
     * modal_error for a linear model, teacher + error with a teacher}, {@code frequency_response} {w, model
     * {magnitude, phase} [frequency][output][input], model_modal + modal_error, teacher + error},
     * {@code lyapunov} {spectrum (largest first), stderr, sum, steps, qr_every, blocks, and log_abs_eigenvalues
     * for a linear model}, {@code teacher_lyapunov}, {@code jacobian_spectrum} {summary {count, mean, min, q1,
     * median, q3, max}, distances}, {@code noise} {seed, length, washout}, and with poles {@code poles} and
     * {@code matching} {greedy, optimal, residue_filtered}. Arrays of arrays are lists, doubles may be non-finite.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("eigenvalues", eigenvalues.toPairs());
        o.put("spectral_radius", spectralRadius);
        o.put("residues", modes.residues());

        Map<String, Object> imp = new LinkedHashMap<>();
        imp.put("length", settings.impulseLength());
        imp.put("model", Arrays.asList(impulse));
        if (modalImpulse != null) {
            imp.put("model_modal", Arrays.asList(modalImpulse));
            imp.put("modal_error", ImpulseResponse.relativeError(modalImpulse, impulse));
        }
        if (teacherImpulse != null) {
            imp.put("teacher", Arrays.asList(teacherImpulse));
            imp.put("error", impulseError());
        }
        o.put("impulse_response", imp);

        Map<String, Object> fr = new LinkedHashMap<>();
        fr.put("w", frequencies);
        fr.put("model", responseMap(frequency));
        if (modalFrequency != null) {
            fr.put("model_modal", responseMap(modalFrequency));
            fr.put("modal_error", modalFrequency.relativeErrorTo(frequency));
        }
        if (teacherFrequency != null) {
            fr.put("teacher", responseMap(teacherFrequency));
            fr.put("error", frequencyError());
        }
        o.put("frequency_response", fr);

        Map<String, Object> ly = lyapunovMap(lyapunov);
        if (linear()) {
            ly.put("log_abs_eigenvalues", sortedLogAbsEigenvalues());
        }
        o.put("lyapunov", ly);
        if (teacherLyapunov != null) {
            o.put("teacher_lyapunov", lyapunovMap(teacherLyapunov));
        }
        if (jacobians != null) {
            Map<String, Object> js = new LinkedHashMap<>();
            js.put("summary", distributionMap(jacobians.distribution()));
            js.put("distances", jacobians.distances());
            o.put("jacobian_spectrum", js);
        }
        Map<String, Object> nz = new LinkedHashMap<>();
        nz.put("seed", settings.noise().seed());
        nz.put("length", settings.noise().length());
        nz.put("washout", settings.noise().washout());
        o.put("noise", nz);
        if (poles != null) {
            o.put("poles", poles.toPairs());
            Map<String, Object> match = new LinkedHashMap<>();
            match.put("greedy", greedy.toMap());
            match.put("optimal", optimal.toMap());
            match.put("residue_filtered", residueFiltered.toMap());
            o.put("matching", match);
        }
        return o;
    }

    private static Map<String, Object> responseMap(FrequencyResponse f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("magnitude", Arrays.asList(f.magnitude()));
        m.put("phase", Arrays.asList(f.phase()));
        return m;
    }

    /** {@code {spectrum, stderr, sum, steps, qr_every, blocks}}: results.json's lyapunov.teacher / lyapunov.student. */
    public static Map<String, Object> lyapunovMap(LyapunovSpectrum.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spectrum", r.spectrum());
        m.put("stderr", r.stderr());
        m.put("sum", r.sum());
        m.put("steps", r.steps());
        m.put("qr_every", r.qrEvery());
        m.put("blocks", r.blocks());
        return m;
    }

    /** {@code {count, mean, min, q1, median, q3, max}}. */
    public static Map<String, Object> distributionMap(Distribution d) {
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
}
