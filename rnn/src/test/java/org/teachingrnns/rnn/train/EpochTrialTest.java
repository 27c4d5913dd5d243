package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ForwardingBlas;
import org.teachingrnns.numeric.Transpose;
import org.teachingrnns.rnn.bptt.BpttPass;
import org.teachingrnns.rnn.bptt.RandomModels;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

class EpochTrialTest {

    /** The rule: the first candidate in ORDER within MARGIN of the fastest, over random timings. */
    @Test
    void theChoiceIsTheFirstCandidateInOrderWithinTheMarginOfTheFastest() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 5000; trial++) {
            Map<String, Double> ms = new LinkedHashMap<>();
            for (String c : EpochTrial.ORDER) {
                if (!c.equals("vector") && rng.nextInt(4) == 0) {
                    continue;   // openblas or bands missing now and then
                }
                // near-ties are common: values on a coarse grid
                ms.put(c, 1.0 + rng.nextInt(12) * 0.01);
            }
            String choice = EpochTrial.Decision.fastest(ms);
            double best = ms.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            assertTrue(ms.get(choice) <= best * EpochTrial.MARGIN, ms + " -> " + choice);
            for (String c : EpochTrial.ORDER) {
                if (c.equals(choice)) {
                    break;
                }
                assertTrue(!ms.containsKey(c) || ms.get(c) > best * EpochTrial.MARGIN, ms + " -> " + choice);
            }
        }
        assertEquals("vector", EpochTrial.Decision.fastest(Map.of("vector", 1.02, "bands", 1.0, "openblas", 0.995)));
        assertEquals("openblas", EpochTrial.Decision.fastest(Map.of("vector", 1.2, "bands", 1.1, "openblas", 0.87)));
        assertEquals("bands", EpochTrial.Decision.fastest(Map.of("vector", 1.2, "bands", 0.9, "openblas", 0.92)));
    }

    /**
     * time(): every candidate's epoch is what it costs, with a pass whose cost depends on the Blas its GEMMs go to,
     * on a clock that only that cost advances.
     */
    @Test
    void eachCandidateIsTimedOnItsOwnBlas() {
        Blas vector = Blas.of("scalar");
        Blas bands = Blas.of("scalar");
        Blas openBlas = Blas.of("scalar");
        Map<Blas, Long> cost = new IdentityHashMap<>();
        cost.put(vector, 3_000_000L);
        cost.put(bands, 2_000_000L);
        cost.put(openBlas, 1_000_000L);
        Map<Blas, Integer> epochs = new IdentityHashMap<>();
        AtomicLong clock = new AtomicLong();
        EpochTrial.Switch sw = new EpochTrial.Switch(vector);
        BpttPass pass = new BpttPass() {
            @Override
            public double loss(double[] params, double[] h0) {
                throw new AssertionError("the trial times loss and gradient");
            }

            @Override
            public double lossAndGradient(double[] params, double[] h0, double[] grad) {
                // one GEMM through the switch, as a workspace's products do; the candidate it reached is charged
                double[] c = new double[1];
                sw.dgemm(Transpose.NO, Transpose.NO, 1, 1, 1, 1.0, new double[] {2}, 0, 1, new double[] {3}, 0, 1, 0.0, c, 0, 1);
                assertEquals(6.0, c[0]);
                Blas reached = sw.current();
                clock.addAndGet(cost.get(reached));
                epochs.merge(reached, 1, Integer::sum);
                return 0;
            }
        };
        Map<String, Blas> candidates = new LinkedHashMap<>();
        candidates.put("vector", vector);
        candidates.put("bands", bands);
        candidates.put("openblas", openBlas);
        Map<String, Double> ms = EpochTrial.time(pass, sw, candidates, new double[3], clock::get);
        assertEquals(Map.of("vector", 3.0, "bands", 2.0, "openblas", 1.0), new HashMap<>(ms));
        assertEquals("openblas", EpochTrial.Decision.fastest(ms));
        // warm-up: at least WARM_MIN_EPOCHS twice; timed: ROUNDS rounds of 20 ms / fastest 1 ms = 20 epochs
        int timed = EpochTrial.ROUNDS * 20;
        for (Blas b : candidates.values()) {
            assertTrue(epochs.get(b) >= 2 * EpochTrial.WARM_MIN_EPOCHS + timed, epochs.toString());
        }
    }

    /** A real workspace through the switch: each candidate's products reach that candidate, nothing else. */
    @Test
    void aRealWorkspaceSendsItsProductsToTheCandidateTimed() {
        RnnModel model = model(16, Activation.TANH);
        Sequences data = data(17, 40, 1);
        Map<String, Counting> counting = new LinkedHashMap<>();
        for (String c : EpochTrial.ORDER) {
            counting.put(c, new Counting(Blas.of("vector")));
        }
        EpochTrial.Switch sw = new EpochTrial.Switch(Blas.of("vector"));
        BpttPass pass = BpttPass.of(model, data, 5, 0, Compute.of("vector").using(sw), Dtype.FLOAT64);
        Map<String, Blas> candidates = new LinkedHashMap<>(counting);
        Map<String, Double> ms = EpochTrial.time(pass, sw, candidates, model.parameterArray(), System::nanoTime);
        assertEquals(EpochTrial.ORDER, java.util.List.copyOf(ms.keySet()));
        for (var e : counting.entrySet()) {
            assertTrue(e.getValue().gemms > 0, e.getKey() + " got no GEMM");
            assertTrue(ms.get(e.getKey()) > 0, ms.toString());
        }
    }

    @Test
    void aDecisionIsReadBackOnlyForItsOwnWorkloadAndFormat(@TempDir Path dir) throws IOException {
        EpochTrial.Workload w = EpochTrial.Workload.of(model(16, Activation.LINEAR), data(80, 150, 1), 50, 0, Dtype.FLOAT64);
        EpochTrial.Workload other = EpochTrial.Workload.of(model(16, Activation.LINEAR), data(80, 150, 1), 50, 0, Dtype.FLOAT32);
        assertTrue(!w.hash().equals(other.hash()));
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("vector", 1.1);
        ms.put("bands", 1.0);
        ms.put("openblas", 0.87);
        EpochTrial.Decision d = new EpochTrial.Decision("openblas", ms, Instant.parse("2026-11-30T19:00:00Z"), "thread-cpu");
        Path file = dir.resolve("sub").resolve(w.hash() + ".properties");
        EpochTrial.write(file, w, d);
        assertEquals(d, EpochTrial.read(file, w));
        assertNull(EpochTrial.read(file, other), "another workload's file");
        assertNull(EpochTrial.read(dir.resolve("missing.properties"), w));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
        String text = Files.readString(file);
        String code = text.lines().filter(l -> l.startsWith("code=")).findFirst().orElseThrow();
        assertEquals("code=" + BpttPass.codeFingerprint(), code);
        Files.writeString(file, text.replace(code, "code=000000000000"));
        assertNull(EpochTrial.read(file, w), "made by other BPTT code");
        Files.writeString(file, text.replace("format=1", "format=2"));
        assertNull(EpochTrial.read(file, w), "another format");
        Files.writeString(file, text.replace("choice=openblas", "choice=gpu"));
        assertNull(EpochTrial.read(file, w), "an unknown choice");
        Files.writeString(file, text.replace("ms.openblas=0.87", "ms.openblas=NaN"));
        assertNull(EpochTrial.read(file, w), "a timing that is not a time");
        Files.writeString(file, text.substring(0, text.length() / 2));
        assertNull(EpochTrial.read(file, w), "half a file");
    }

    @Test
    void noTrialForOtherBackendsSmallStudentsForcedEnginesOrWithCalibrationOff() {
        Sequences data = data(20, 30, 1);
        RnnModel big = model(16, Activation.LINEAR);
        for (String name : new String[] {"vector", "scalar"}) {
            Compute c = Compute.of(name);
            EpochTrial.Choice ch = EpochTrial.choose(c, big, data, 5, 0, Dtype.FLOAT64);
            assertSame(c, ch.compute());
            assertNull(ch.decision());
            assertNull(ch.describe());
        }
        Compute auto = Compute.of("auto");
        EpochTrial.Choice small = EpochTrial.choose(auto, model(EpochTrial.MIN_HIDDEN - 1, Activation.LINEAR), data, 5, 0,
                Dtype.FLOAT64);
        assertSame(auto, small.compute());
        assertNull(small.decision());
        // The build runs tests with TEACHINGRNNS_OPENBLAS_CALIBRATION=off: auto measures nothing, so no trial either.
        assumeTrue("off".equals(System.getenv("TEACHINGRNNS_OPENBLAS_CALIBRATION"))
                && System.getProperty("teachingrnns.openblas.calibration") == null);
        EpochTrial.Choice off = EpochTrial.choose(auto, big, data, 5, 0, Dtype.FLOAT64);
        assertSame(auto, off.compute());
        assertNull(off.decision());
    }

    /**
     * A trial that is measured tells its caller first (the command line says why the first epoch is a few seconds
     * away), once: a decision read from the file or known to this JVM does not. Calibration switched on with a
     * temporary cache; the trial of a hidden-16 workload on small data takes about two seconds.
     */
    @Test
    void aMeasuredTrialIsAnnouncedOnceAndACachedOneNot(@TempDir Path cache) throws Exception {
        withCalibration(cache, dir -> {
            Sequences data = data(20, 30, 1);
            RnnModel big = model(EpochTrial.MIN_HIDDEN, Activation.LINEAR);
            clearKnown();
            int[] announced = {0};
            EpochTrial.Choice first = EpochTrial.choose(Compute.of("auto"), big, data, 5, 0, Dtype.FLOAT64,
                    () -> announced[0]++);
            assertEquals(1, announced[0]);
            assertEquals("measured now", first.source());
            EpochTrial.choose(Compute.of("auto"), big, data, 5, 0, Dtype.FLOAT64, () -> announced[0]++);
            clearKnown();
            EpochTrial.Choice cached = EpochTrial.choose(Compute.of("auto"), big, data, 5, 0, Dtype.FLOAT64,
                    () -> announced[0]++);
            assertEquals("cached", cached.source());
            assertEquals(1, announced[0], "known to this JVM or read from the file: not announced");
        });
    }

    /**
     * An experiment tells its listener when training starts, after the measured trial and before the first epoch, once
     * (the command line's progress then times the epochs, not the trial). Calibration on, temporary cache.
     */
    @Test
    void trainingStartsAfterTheTrialAndBeforeTheFirstEpoch(@TempDir Path cache) throws Exception {
        withCalibration(cache, dir -> {
            clearKnown();
            ExperimentConfig c = ExperimentConfig.defaults()
                    .withStudent(s -> s.hidden(EpochTrial.MIN_HIDDEN))
                    .withData(d -> d.sequences(20).length(30).washout(5))
                    .withTraining(t -> t.epochs(3));
            java.util.List<String> events = new java.util.ArrayList<>();
            Experiment.run(c, Compute.of("auto"), new Experiment.ProgressListener() {
                @Override
                public void onEpoch(int epoch, int epochs, double loss) {
                    events.add("epoch " + epoch);
                }

                @Override
                public void onEpochTrial() {
                    events.add("trial");
                }

                @Override
                public void onTrainingStart() {
                    events.add("start");
                }

                @Override
                public void onAnalysis(int hidden, boolean nonlinear) {
                    events.add("analysis");
                }
            });
            assertEquals(java.util.List.of("trial", "start", "epoch 1", "epoch 2", "epoch 3", "analysis"), events);
        });
    }

    /**
     * End to end with a cached decision: the whole experiment runs on the Blas it names, bit for bit the run of that
     * backend, and results.json says so. (Calibration is switched on for this test only, with a temporary cache; no
     * product reaches auto's own calibration, since every one goes to the chosen Blas.)
     */
    @Test
    void aCachedChoiceRunsTheWholeExperimentOnThatBlas(@TempDir Path cache) throws Exception {
        withCalibration(cache, dir -> {
            assertTrue(dir.startsWith(cache), dir.toString());
            ExperimentConfig c = ExperimentConfig.defaults()
                    .withStudent(s -> s.hidden(16))
                    .withTraining(t -> t.epochs(20));
            Experiment.InitialConditions ic = Experiment.prepare(c);
            EpochTrial.Workload w = EpochTrial.Workload.of(ic.student(), ic.train(), c.data().washout(),
                    c.training().truncation(), c.training().dtype());
            for (String choice : new String[] {"openblas", "vector"}) {
                Map<String, Double> ms = new LinkedHashMap<>();
                for (String k : EpochTrial.ORDER) {
                    ms.put(k, k.equals(choice) ? 0.5 : 1.0);
                }
                EpochTrial.write(dir.resolve(w.hash() + ".properties"), w,
                        new EpochTrial.Decision(choice, ms, Instant.now(), "thread-cpu"));
                clearKnown();
                ExperimentResult auto = Experiment.run(c, Compute.of("auto"), null);
                ExperimentResult forced = Experiment.run(c, Compute.of(choice), null);
                assertEquals(choice, auto.backend());
                assertNotNull(auto.epochTrial());
                assertEquals("cached", auto.epochTrial().source());
                ExperimentResult again = Experiment.run(c, Compute.of("auto"), null);
                assertEquals("this JVM", again.epochTrial().source());
                assertEquals(auto.testLoss(), again.testLoss(), 0.0);
                assertEquals(choice, auto.epochTrial().toMap().get("choice"));
                assertTrue(auto.epochTrial().describe().endsWith("trains on " + choice), auto.epochTrial().describe());
                assertEquals(forced.testLoss(), auto.testLoss(), 0.0);
                assertEquals(forced.trainLoss(), auto.trainLoss(), 0.0);
                assertTrue(auto.toMap().containsKey("epoch_trial"));
                assertTrue(!forced.toMap().containsKey("epoch_trial"));
                // teach info lists it
                Map<String, Object> listed = EpochTrial.cachedDecisions();
                assertEquals(dir.toString(), listed.get("directory"));
                @SuppressWarnings("unchecked")
                java.util.List<Map<String, Object>> workloads = (java.util.List<Map<String, Object>>) listed.get("workloads");
                assertEquals(1, workloads.size(), listed.toString());
                assertEquals(w.describe(), workloads.get(0).get("workload"));
                assertEquals(choice, workloads.get(0).get("choice"));
            }
        });
    }

    interface CalibrationBody {
        void run(Path dir) throws Exception;
    }

    /**
     * Runs body with auto's calibration switched on ({@code lazy}) and its cache in {@code cache} (the build's tests
     * run with it off), the epoch-trial directory as its argument; skipped where OpenBLAS does not load. The
     * properties and the in-JVM decisions are restored afterwards.
     */
    private static void withCalibration(Path cache, CalibrationBody body) throws Exception {
        String[] keys = {"teachingrnns.cache", "teachingrnns.openblas.calibration"};
        String[] before = {System.getProperty(keys[0]), System.getProperty(keys[1])};
        System.setProperty(keys[0], cache.toString());
        System.setProperty(keys[1], "lazy");
        try {
            Object dir = Class.forName(EpochTrial.CALIBRATION_CLASS).getMethod("measuredDecisions", String.class)
                    .invoke(null, EpochTrial.DIRECTORY);
            assumeTrue(dir != null, "OpenBLAS does not load here");
            body.run((Path) dir);
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], before[i]);
                }
            }
            clearKnown();
        }
    }

    private static void clearKnown() throws ReflectiveOperationException {
        var f = EpochTrial.class.getDeclaredField("KNOWN");
        f.setAccessible(true);
        ((Map<?, ?>) f.get(null)).clear();
    }

    private static RnnModel model(int hidden, Activation f) {
        return RandomModels.model(new SplittableRandom(hidden), f, 1, hidden, 1, true, true, 0.3);
    }

    private static Sequences data(int batch, int length, int features) {
        return RandomModels.data(new SplittableRandom(batch * 31L + length), batch, length, features, features);
    }

    /** Counts the GEMMs that reach it. */
    private static final class Counting extends ForwardingBlas {
        long gemms;

        Counting(Blas delegate) {
            super(delegate);
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        protected void dgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int aOff,
                                   int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            gemms++;
            super.dgemmKernel(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }
}
