package org.teachingrnns.rnn.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Fingerprint;
import org.teachingrnns.numeric.ForwardingBlas;
import org.teachingrnns.numeric.Transpose;
import org.teachingrnns.rnn.bptt.BpttPass;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.util.Jit;

/**
 * Which Blas {@code auto} trains a workload on, chosen by timing the workload's own epoch.
 *
 * <p>Why: {@code auto}'s calibration times square, dense products with beta 0 and routes each GEMM by its m*n*k
 * (the size bands, {@code GemmCrossover.ranges}). BPTT's products are not like those: per step hidden x batch x
 * hidden with beta 1 and a leading dimension of batch x length, and a deep gradient (hidden x hidden x batch*length,
 * B transposed). By the bands alone a float64 hidden-16 run trained 27% slower than on OpenBLAS alone, and a
 * hidden-128 one 12% (README, BPTT). Deciding per product shape was built and measured no better (README, Known
 * limits); timing whole epochs measures what the run will do, products, kernels and calls together.
 *
 * <p>How: only when some product of the workload can reach a Blas (a student with at least {@link #MIN_HIDDEN}
 * hidden units: every BPTT product has the hidden size as one dimension, and only products whose dimensions are all
 * 16 or more go to a Blas). One extra workspace on the training data sends its GEMMs to a switch between the
 * candidates: {@code vector} (the Vector API kernels alone), {@code bands} (auto as calibrated) and {@code openblas}
 * (OpenBLAS alone). At the initial weights (nothing is updated, so the run's bits do not depend on the trial) it
 * runs loss-and-gradient epochs: each candidate warmed twice in turn, a quiet JIT, then {@link #ROUNDS}
 * alternating rounds of at least {@link #ROUND_NANOS} each, the best round kept per candidate, timed by the
 * thread's CPU time (wall time when a Blas runs several threads). The first candidate in the order vector, bands,
 * OpenBLAS whose epoch is within {@link #MARGIN} of the fastest is chosen (level keeps Java: no downcall).
 *
 * <p>Cached per workload ({@link Workload}) under the calibration's key ({@code AutoCalibration.measuredDecisions} in native-bindings),
 * so a sweep times each workload once per machine, OpenBLAS, core type and JDK, and a run's bits depend on the cached
 * choice only. Off wherever the calibration is off (the build's tests, {@code -Dteachingrnns.openblas.calibration=off})
 * or a threshold is forced, for every backend but {@code auto}, and with a forced engine.
 */
public final class EpochTrial {

    /** The directory under the calibration's cache (one subdirectory per calibration key). */
    public static final String DIRECTORY = "epoch-trials";
    /** No BPTT product of a smaller student reaches a Blas ({@code Products.BLAS_MIN}). */
    public static final int MIN_HIDDEN = 16;
    /** Candidates within this factor of the fastest count as level. */
    static final double MARGIN = 1.03;
    /** Timed rounds after the warm-up. */
    static final int ROUNDS = 5;
    /** Each timed round runs whole epochs for at least this long (the clock's noise is microseconds). */
    static final long ROUND_NANOS = 20_000_000L;
    /** Warm-up per candidate and pass: at least {@link #WARM_MIN_EPOCHS} epochs, then until this much time. */
    static final long WARM_NANOS = 150_000_000L;
    static final int WARM_MIN_EPOCHS = 3;
    static final int WARM_MAX_EPOCHS = 400;
    /** native-bindings' calibration, reached by reflection. */
    static final String CALIBRATION_CLASS = "org.teachingrnns.nativeblas.AutoCalibration";
    /** The cache file's format. */
    static final int FORMAT = 1;

    /** The candidates, in the order that wins a tie. */
    static final List<String> ORDER = List.of("vector", "bands", "openblas");

    private static final Map<String, Decision> KNOWN = new HashMap<>();

    private EpochTrial() {
    }

    /**
     * What decides an epoch's speed: the element type, the activation, the sizes and biases of the student, the data's
     * batch and length, the washout and the truncation.
     */
    public record Workload(Dtype dtype, String activation, int inputs, int hidden, int outputs, boolean hiddenBias,
                           boolean outputBias, int batch, int length, int washout, int truncation) {

        /** The workload of training {@code model} on {@code train}. */
        public static Workload of(RnnModel model, Sequences train, int washout, int truncation, Dtype dtype) {
            return new Workload(dtype, model.activation().toString(), model.inputSize(), model.hiddenSize(),
                    model.outputSize(), model.hasHiddenBias(), model.hasOutputBias(), train.batch(), train.time(),
                    washout, truncation);
        }

        /** One line, also the cache file's key. */
        public String describe() {
            return String.format(Locale.ROOT, "%s %s, inputs %d, hidden %d, outputs %d, hidden bias %s, output bias %s, "
                            + "batch %d, length %d, washout %d, truncation %d", dtype.key(), activation, inputs, hidden,
                    outputs, hiddenBias, outputBias, batch, length, washout, truncation);
        }

        /** Names the cache file: the workload and the code of the BPTT engines that run it. */
        String hash() {
            return Fingerprint.ofText(describe() + "\ncode " + Code.FINGERPRINT);
        }
    }

    /**
     * A trial's outcome: the candidate chosen and each candidate's best epoch in milliseconds (in {@link #ORDER}),
     * when and by which clock it was measured.
     */
    public record Decision(String choice, Map<String, Double> msPerEpoch, Instant measuredAt, String clock) {

        public Decision {
            if (!ORDER.contains(choice) || !msPerEpoch.containsKey(choice)) {
                throw new IllegalArgumentException("no candidate '" + choice + "' among " + msPerEpoch.keySet());
            }
            msPerEpoch = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(msPerEpoch));
        }

        /** choice, ms_per_epoch, measured_at, clock: for results.json's {@code epoch_trial} and {@code teach info}. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("choice", choice);
            m.put("ms_per_epoch", new LinkedHashMap<>(msPerEpoch));
            m.put("measured_at", measuredAt.toString());
            m.put("clock", clock);
            return m;
        }

        /** The first candidate, in {@link #ORDER}, within {@link #MARGIN} of the fastest. */
        static String fastest(Map<String, Double> ms) {
            double best = Double.POSITIVE_INFINITY;
            for (double v : ms.values()) {
                best = Math.min(best, v);
            }
            for (String c : ORDER) {
                Double v = ms.get(c);
                if (v != null && v <= best * MARGIN) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no candidate timed");
        }
    }

    /**
     * The compute to train on and, when a trial chose it, what the trial found.
     *
     * @param compute  the compute of the training passes: the one given, or {@code auto} with the chosen Blas
     * @param decision the trial's decision, or null when no trial applies
     * @param source   {@code measured now}, {@code cached} (read from the cache file) or {@code this JVM} (an
     *                 earlier run of this JVM measured or read it, e.g. another worker of a sweep), null without a
     *                 decision
     * @param seconds  what the trial cost this run (wall time; 0 when cached or without a decision)
     */
    public record Choice(Compute compute, Decision decision, String source, double seconds) {

        /** One line for results.json's {@code backend_choice}, or null without a decision. */
        public String describe() {
            if (decision == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder("epoch trial (" + source
                    + (seconds > 0 ? String.format(Locale.ROOT, " in %.1f s", seconds) : "") + ", " + decision.measuredAt() + "): ");
            return sb.append(times(decision.msPerEpoch())).append(" ms per epoch (").append(decision.clock()).append("); trains on ")
                    .append(decision.choice()).toString();
        }

        /** For results.json's {@code epoch_trial}: the decision's map, then source and seconds. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = decision.toMap();
            m.put("source", source);
            m.put("seconds", seconds);
            return m;
        }
    }

    /** {@code vector 1.010, bands 1.011, openblas 0.7704}: each candidate's milliseconds, four digits. */
    public static String times(Map<String, ? extends Number> msPerEpoch) {
        StringBuilder sb = new StringBuilder();
        for (var e : msPerEpoch.entrySet()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.4g", e.getValue().doubleValue()));
        }
        return sb.toString();
    }

    /**
     * The compute to train {@code model} on {@code train} with: {@code compute} itself unless it is {@code auto}, a
     * workload of at least {@link #MIN_HIDDEN} hidden units and a machine where auto measures; then {@code auto} with
     * the Blas its epoch trial chose (cached, or measured now on this thread, a few seconds at most).
     */
    public static Choice choose(Compute compute, RnnModel model, Sequences train, int washout, int truncation,
                                Dtype dtype) {
        return choose(compute, model, train, washout, truncation, dtype, null);
    }

    /**
     * As {@link #choose(Compute, RnnModel, Sequences, int, int, Dtype)}; {@code onMeasure} (may be null) is run once
     * just before a trial is measured (nothing cached for the workload), so that a command line can say why the
     * first epoch is a few seconds away.
     */
    public static Choice choose(Compute compute, RnnModel model, Sequences train, int washout, int truncation,
                                Dtype dtype, Runnable onMeasure) {
        if (compute == null || model == null || train == null || dtype == null) {
            throw new IllegalArgumentException("compute, model, train and dtype must not be null");
        }
        if (!"auto".equals(compute.name()) || compute.forcedEngine() != null || !compute.vectorEngines()
                || model.hiddenSize() < MIN_HIDDEN) {
            return new Choice(compute, null, null, 0);
        }
        Path dir = (Path) calibration("measuredDecisions", DIRECTORY);
        if (dir == null) {
            return new Choice(compute, null, null, 0);
        }
        Map<String, Blas> candidates = candidates(compute);
        if (!candidates.containsKey("openblas")) {
            return new Choice(compute, null, null, 0);
        }
        Workload w = Workload.of(model, train, washout, truncation, dtype);
        Path file = dir.resolve(w.hash() + ".properties");
        String source;
        Decision d;
        long start = System.nanoTime();
        double seconds = 0;
        synchronized (KNOWN) {
            String memo = file.toString();
            d = KNOWN.get(memo);
            source = "this JVM";   // measured or read by an earlier run of this JVM (or one this thread waited for)
            if (d == null) {
                d = read(file, w);
                source = "cached";
            }
            if (d == null) {
                if (onMeasure != null) {
                    onMeasure.run();
                }
                Switch sw = new Switch(compute.blas());
                BpttPass pass = BpttPass.of(model, train, washout, truncation, compute.using(sw), dtype);
                double[] params = model.parameterArray().clone();
                dtype.round(params);
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                boolean threadCpu = Boolean.TRUE.equals(calibration("singleThreaded", null))
                        && mx.isCurrentThreadCpuTimeSupported();
                LongSupplier clock = threadCpu ? mx::getCurrentThreadCpuTime : System::nanoTime;
                Map<String, Double> ms = time(pass, sw, candidates, params, clock);
                d = new Decision(Decision.fastest(ms), ms, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        threadCpu ? "thread-cpu" : "wall");
                source = "measured now";
                write(file, w, d);
                seconds = (System.nanoTime() - start) * 1e-9;
            }
            KNOWN.put(memo, d);
        }
        return new Choice(d.choice().equals("bands") ? compute : compute.using(candidates.get(d.choice())), d, source,
                seconds);
    }

    /**
     * {@code AutoCalibration.name(argument)} (a String argument, or none when null), called by reflection as
     * {@code teach info} does: rnn has native-bindings at run time only. Null when it is not there or fails.
     */
    private static Object calibration(String name, String argument) {
        try {
            Class<?> c = Class.forName(CALIBRATION_CLASS);
            return argument == null ? c.getMethod(name).invoke(null)
                    : c.getMethod(name, String.class).invoke(null, argument);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** vector, bands and openblas (when it loads). */
    private static Map<String, Blas> candidates(Compute auto) {
        Map<String, Blas> m = new LinkedHashMap<>();
        m.put("vector", Blas.of("vector"));
        m.put("bands", auto.blas());
        try {
            m.put("openblas", Blas.of("openblas"));
        } catch (BackendUnavailableException | LinkageError e) {
            // without OpenBLAS, auto is the Vector API kernels alone: nothing to choose
        }
        return m;
    }

    /**
     * Each candidate's best epoch in milliseconds: two warm-up passes over the candidates, a quiet JIT, then
     * {@link #ROUNDS} rounds in rotating order.
     */
    static Map<String, Double> time(BpttPass pass, Switch sw, Map<String, Blas> candidates, double[] params,
                                    LongSupplier clock) {
        List<String> names = new ArrayList<>(candidates.keySet());
        int n = names.size();
        double[] grad = new double[params.length];
        double fastestWarm = Double.POSITIVE_INFINITY;
        for (int warm = 0; warm < 2; warm++) {
            for (String name : names) {
                sw.use(candidates.get(name));
                long t0 = clock.getAsLong();
                int epochs = 0;
                long spent;
                do {
                    pass.lossAndGradient(params, null, grad);
                    epochs++;
                    spent = clock.getAsLong() - t0;
                } while (epochs < WARM_MIN_EPOCHS || (spent < WARM_NANOS && epochs < WARM_MAX_EPOCHS));
                if (warm == 1) {
                    fastestWarm = Math.min(fastestWarm, (double) spent / epochs);
                }
            }
        }
        Jit.awaitQuiet(100_000_000L);   // a round must not be timed half-compiled
        int reps = (int) Math.max(1, Math.min(1000, Math.ceil(ROUND_NANOS / Math.max(1.0, fastestWarm))));
        double[] best = new double[n];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int r = 0; r < ROUNDS; r++) {
            for (int j = 0; j < n; j++) {
                int c = (r + j) % n;
                sw.use(candidates.get(names.get(c)));
                long t0 = clock.getAsLong();
                for (int e = 0; e < reps; e++) {
                    pass.lossAndGradient(params, null, grad);
                }
                best[c] = Math.min(best[c], (clock.getAsLong() - t0) * 1e-6 / reps);
            }
        }
        Map<String, Double> ms = new LinkedHashMap<>();
        for (String c : ORDER) {
            int i = names.indexOf(c);
            if (i >= 0) {
                ms.put(c, best[i]);
            }
        }
        return ms;
    }

    /** The decision stored for exactly this workload, or null (missing, unreadable, another format or workload). */
    static Decision read(Path file, Workload w) {
        Properties p = load(file);
        return p == null || !w.describe().equals(p.getProperty("workload"))
                || !Code.FINGERPRINT.equals(p.getProperty("code")) ? null : decision(p);
    }

    /**
     * What {@code teach info} shows (plain maps, lists and strings): the directory of this machine's epoch trials and
     * each cached decision in it (workload, choice, ms_per_epoch, measured_at, clock), or only a status when
     * {@code auto} measures nothing here.
     */
    public static Map<String, Object> cachedDecisions() {
        Map<String, Object> m = new LinkedHashMap<>();
        Path dir = (Path) calibration("measuredDecisions", DIRECTORY);
        if (dir == null) {
            m.put("status", "off: auto measures nothing here (calibration off, a forced threshold, or no OpenBLAS)");
            return m;
        }
        m.put("directory", dir.toString());
        List<Map<String, Object>> workloads = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().toList()) {
                    Properties p = load(f);
                    Decision d = p == null ? null : decision(p);
                    if (d != null) {
                        Map<String, Object> w = new LinkedHashMap<>();
                        w.put("workload", p.getProperty("workload"));
                        w.putAll(d.toMap());
                        workloads.add(w);
                    }
                }
            } catch (IOException | RuntimeException e) {
                m.put("status", "cannot list " + dir + ": " + e.getMessage());
            }
        }
        m.put("workloads", workloads);
        return m;
    }

    /** A file's properties when it is of this format, else null. */
    private static Properties load(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return String.valueOf(FORMAT).equals(p.getProperty("format")) && p.getProperty("workload") != null ? p : null;
    }

    /** The decision a file holds, or null when any part of it is missing or not a decision. */
    private static Decision decision(Properties p) {
        try {
            Map<String, Double> ms = new LinkedHashMap<>();
            for (String c : ORDER) {
                String v = p.getProperty("ms." + c);
                if (v != null) {
                    double x = Double.parseDouble(v);
                    if (!(x > 0) || Double.isInfinite(x)) {
                        return null;
                    }
                    ms.put(c, x);
                }
            }
            return new Decision(p.getProperty("choice"), ms, Instant.parse(p.getProperty("measured_at")),
                    p.getProperty("clock", "?"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Written to a temporary name and renamed; a directory that cannot be written only costs the next run a trial. */
    static void write(Path file, Workload w, Decision d) {
        Properties p = new Properties();
        p.setProperty("format", String.valueOf(FORMAT));
        p.setProperty("workload", w.describe());
        p.setProperty("code", Code.FINGERPRINT);
        p.setProperty("choice", d.choice());
        for (var e : d.msPerEpoch().entrySet()) {
            p.setProperty("ms." + e.getKey(), Double.toString(e.getValue()));
        }
        p.setProperty("measured_at", d.measuredAt().toString());
        p.setProperty("clock", d.clock());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    p.store(out, "teaching-rnns: the Blas auto trains this workload on, by timing its epoch");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // kept for this JVM (KNOWN); the next JVM times the workload again
        }
    }

    /** The BPTT engines' code, read once (a file made by other code is measured again). */
    private static final class Code {
        static final String FINGERPRINT = BpttPass.codeFingerprint();
    }

    /** The trial workspace's Blas: every GEMM to the candidate being timed, everything else to the first one. */
    static final class Switch extends ForwardingBlas {

        private Blas current;

        Switch(Blas initial) {
            super(initial);
            this.current = initial;
        }

        void use(Blas blas) {
            current = blas;
        }

        Blas current() {
            return current;
        }

        @Override
        public String name() {
            return "epoch trial (" + current.name() + ")";
        }

        @Override
        protected void dgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int aOff,
                                   int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            current.dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        protected void sgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float[] a, int aOff,
                                   int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            current.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }
}
