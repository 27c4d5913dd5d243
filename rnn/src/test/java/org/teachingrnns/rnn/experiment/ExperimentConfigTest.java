package org.teachingrnns.rnn.experiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.train.OptimizerKind;

class ExperimentConfigTest {

    /**
     * results.json's config before the records (main at 6979a5d), plus track_every (issue 9), issue 10's keys and dtype (issue 12):
     * every key with its default value.
     */
    private static final Map<String, Object> MAIN_DEFAULTS = mainDefaults();

    private static Map<String, Object> mainDefaults() {
        Object[] kv = {"seed", 1L, "teacher", "iir", "order", 5, "real_poles_only", false, "max_radius", 1.0,
                "teacher_activation", "linear", "teacher_spectral_radius", 0.9, "teacher_model", null, "hidden", 5,
                "activation", "linear", "hidden_bias", false, "output_bias", false, "init", "pytorch", "init_gain", 1.0,
                "optimizer", "adam", "lr", 0.01, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0,
                "amsgrad", false, "momentum", 0.0, "dampening", 0.0, "nesterov", false, "clip_norm", 0.0, "epochs", 3000,
                "sequences", 100, "length", 150, "train_fraction", 0.8, "washout", 50, "truncation", 0, "input_std", 1.0,
                "match_threshold", 0.05, "test_every", 10, "track_every", 0,
                // issue 10 (training to convergence): off by default, so the run is main's.
                "schedule", "constant", "step_size", 1000, "gamma", 0.1, "t_max", 0, "eta_min", 0.0,
                "plateau_factor", 0.1, "plateau_patience", 10, "plateau_threshold", 1e-4, "plateau_cooldown", 0,
                "min_lr", 0.0, "warmup", 0, "warmup_start_factor", 1.0 / 3, "then_lbfgs", 0, "lbfgs_lr", 1.0,
                "lbfgs_history", 100, "lbfgs_max_iter", 20, "tolerance_grad", 1e-7, "tolerance_change", 1e-9,
                "line_search", "none", "keep_best", false, "target_nmse", 0.0, "patience", 0, "converged_nmse", 1e-8,
                // issue 12: float32 training, off by default.
                "dtype", "float64"};
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsAreMainsSettingsUnderMainsKeys() {
        assertEquals(MAIN_DEFAULTS, new HashMap<>(ExperimentConfig.defaults().toMap()));
        assertEquals(80, ExperimentConfig.defaults().data().trainSequences());
        assertEquals(20, ExperimentConfig.defaults().data().testSequences());
    }

    @Test
    void toMapAndFromMapAreInverseOnRandomConfigs() {
        SplittableRandom rng = new SplittableRandom(20261130L);
        int models = 0;
        for (int i = 0; i < 2000; i++) {
            ExperimentConfig c = RandomConfigs.draw(rng);
            Map<String, Object> m = c.toMap();
            assertEquals(MAIN_DEFAULTS.keySet(), m.keySet());
            ExperimentConfig back = ExperimentConfig.fromMap(m);
            assertEquals(c, back, () -> "round trip of " + m);
            if (c.teacher().model() == null) { // a model's map holds arrays, which Map.equals compares by identity
                assertEquals(m, back.toMap());
            }
            // Any base: every key is set from the map.
            assertEquals(c, RandomConfigs.draw(rng).with(m));
            models += c.teacher().kind() == TeacherKind.MODEL ? 1 : 0;
        }
        assertTrue(models > 100, "the teacher model is part of the round trip: " + models);
    }

    @Test
    void aModelReadBackAsListsOfNumbersIsTheSameModel() {
        // A JSON reader gives nested lists of Double (or Integer for a whole number) rather than double[][].
        SplittableRandom rng = new SplittableRandom(5);
        RnnModel model = RandomConfigs.model(rng);
        model.parameterArray()[0] = 2.0;
        ExperimentConfig c = ExperimentConfig.defaults().withTeacher(t -> t.kind(TeacherKind.MODEL).model(model));
        Map<String, Object> m = new LinkedHashMap<>(c.toMap());
        Map<String, Object> asJson = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : model.toMap().entrySet()) {
            asJson.put(e.getKey(), lists(e.getValue()));
        }
        m.put("teacher_model", asJson);
        m.put("seed", 1); // an Integer, as JSON readers give small whole numbers
        assertEquals(c, ExperimentConfig.fromMap(m));
    }

    private static Object lists(Object v) {
        if (v instanceof double[][] a) {
            return java.util.Arrays.stream(a).map(ExperimentConfigTest::lists).toList();
        }
        if (v instanceof double[] a) {
            return java.util.Arrays.stream(a).mapToObj(x -> x == Math.rint(x) ? (Object) (int) x : (Object) x).toList();
        }
        return v;
    }

    @Test
    void aPartialMapChangesOnlyItsSettings() {
        ExperimentConfig c = ExperimentConfig.fromMap(Map.of("lr", 0.02, "hidden", "7", "real_poles_only", "true",
                "optimizer", "SGD"));
        assertEquals(ExperimentConfig.defaults()
                .withOptimizer(o -> o.lr(0.02).kind(OptimizerKind.SGD))
                .withStudent(s -> s.hidden(7))
                .withTeacher(t -> t.realPolesOnly(true)), c);
        assertEquals(ExperimentConfig.defaults(), ExperimentConfig.fromMap(Map.of()));
    }

    @Test
    void badMapsAreOneClearMessage() {
        assertMessage("unknown setting lrr", () -> ExperimentConfig.fromMap(Map.of("lrr", 0.1)));
        assertMessage("epochs must be an integer", () -> ExperimentConfig.fromMap(Map.of("epochs", 2.5)));
        assertMessage("lr must be a number", () -> ExperimentConfig.fromMap(Map.of("lr", "fast")));
        assertMessage("amsgrad must be true or false", () -> ExperimentConfig.fromMap(Map.of("amsgrad", "yes")));
        assertMessage("unknown activation 'sigmoid'", () -> ExperimentConfig.fromMap(Map.of("activation", "sigmoid")));
        assertMessage("hidden must be an integer of at most", () -> ExperimentConfig.fromMap(Map.of("hidden", 1L << 32)));
        assertMessage("--washout must be in 0..149", () -> ExperimentConfig.fromMap(Map.of("washout", 150)));
    }

    @Test
    void everyCheckNamesItsFlag() {
        ExperimentConfig d = ExperimentConfig.defaults();
        Map<String, Supplier<Object>> bad = new LinkedHashMap<>();
        bad.put("--order", () -> d.withTeacher(t -> t.order(0)));
        bad.put("--max-radius", () -> d.withTeacher(t -> t.maxRadius(Double.POSITIVE_INFINITY)));
        bad.put("--teacher-spectral-radius", () -> d.withTeacher(t -> t.spectralRadius(-1)));
        bad.put("--teacher", () -> d.withTeacher(t -> t.kind(TeacherKind.MODEL)));
        bad.put("--hidden", () -> d.withStudent(s -> s.hidden(0)));
        bad.put("--init-gain", () -> d.withStudent(s -> s.initGain(Double.NaN)));
        bad.put("--sequences", () -> d.withData(x -> x.sequences(1)));
        bad.put("--length", () -> d.withData(x -> x.length(0).washout(0)));
        bad.put("--washout", () -> d.withData(x -> x.washout(-1)));
        bad.put("--train-fraction", () -> d.withData(x -> x.trainFraction(1.0)));
        bad.put("--input-std", () -> d.withData(x -> x.inputStd(0)));
        bad.put("--lr", () -> d.withOptimizer(o -> o.lr(0)));
        bad.put("--beta1", () -> d.withOptimizer(o -> o.beta1(1.0)));
        bad.put("--beta2", () -> d.withOptimizer(o -> o.beta2(-0.1)));
        bad.put("--adam-eps", () -> d.withOptimizer(o -> o.eps(-1)));
        bad.put("--weight-decay", () -> d.withOptimizer(o -> o.weightDecay(-1)));
        bad.put("--momentum", () -> d.withOptimizer(o -> o.momentum(-1)));
        bad.put("--dampening", () -> d.withOptimizer(o -> o.dampening(2)));
        bad.put("--nesterov", () -> d.withOptimizer(o -> o.nesterov(true)));
        bad.put("--epochs", () -> d.withTraining(t -> t.epochs(0)));
        bad.put("--truncation", () -> d.withTraining(t -> t.truncation(-1)));
        bad.put("--clip", () -> d.withTraining(t -> t.clipNorm(-1)));
        bad.put("--test-every", () -> d.withTraining(t -> t.testEvery(0)));
        bad.put("--threshold", () -> d.withAnalysis(a -> a.matchThreshold(-1)));
        bad.put("--track-every", () -> d.withAnalysis(a -> a.trackEvery(-1)));
        for (Map.Entry<String, Supplier<Object>> e : bad.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e.getValue()::get, e.getKey());
            assertTrue(x.getMessage().startsWith(e.getKey() + " "), () -> e.getKey() + ": " + x.getMessage());
        }
    }

    @Test
    void betasAreNamedSoTheyCannotBeSwapped() {
        OptimizerConfig o = OptimizerConfig.DEFAULTS.with(b -> b.beta2(0.99).beta1(0.5));
        assertEquals(0.5, o.beta1());
        assertEquals(0.99, o.beta2());
    }

    @Test
    void sizesPastOneJavaArrayAreOneMessageNamingTheFlags() {
        ExperimentConfig d = ExperimentConfig.defaults();
        // 40000 x (1 + 40000 + 1 + 2) parameters fit; 50000 x 50004 = 2.5e9 do not.
        assertDoesNotThrow(() -> d.withStudent(s -> s.hidden(40_000)));
        assertMessage("the student's parameters", () -> d.withStudent(s -> s.hidden(50_000)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withStudent(s -> s.hidden(50_000)));
        assertTrue(e.getMessage().contains("2500200000") && e.getMessage().contains("reduce --hidden"), e.getMessage());
        // hidden states: 2000 x 2_000_001 x 1 > 2^31 although each factor is small enough.
        assertMessage("BPTT's hidden states", () -> d.withStudent(s -> s.hidden(2000)).withData(x -> x.length(2_000_000)
                .sequences(2).trainFraction(0.5)));
        // (2^31 - 1)^2 x 2 in 64 bits (in int arithmetic it wraps to 2), and a product past 64 bits, are one message each.
        assertMessage("needs 9223372028264841218 values", () -> d.withData(x -> x.sequences(Integer.MAX_VALUE)
                .length(Integer.MAX_VALUE)));
        assertMessage("more than 2^63", () -> Require.arrayLength("x", "--y", Integer.MAX_VALUE, Integer.MAX_VALUE, 4));
        // An IIR order that large is refused first for its pole polynomial; a random teacher of that order for its size.
        assertMessage("cannot be formed in double precision", () -> d.withTeacher(t -> t.order(50_000)));
        assertMessage("the teacher's parameters", () -> d.withTeacher(t -> t.kind(TeacherKind.RANDOM).order(50_000)));
        // A model teacher's own sizes count: 3 inputs and 2 outputs per step.
        RnnModel wide = RnnModel.zeros(org.teachingrnns.rnn.model.Activation.LINEAR, 3, 2, 2, false, false);
        ExperimentConfig model = d.withTeacher(t -> t.kind(TeacherKind.MODEL).model(wide));
        assertEquals(3, model.teacher().inputSize());
        assertMessage("the data", () -> model.withData(x -> x.sequences(100_000).length(5_000)));
        assertDoesNotThrow(() -> d.withData(x -> x.sequences(100_000).length(5_000)), "(1 + 1) x 5e8 values fit");
        // An RNN teacher's forward pass holds its hidden states for all sequences; an IIR teacher filters instead.
        assertMessage("the teacher's hidden states", () -> d.withTeacher(t -> t.kind(TeacherKind.RANDOM))
                .withData(x -> x.sequences(100_000).length(5_000)));
    }

    @Test
    void theTeacherModelIsCopiedInAndOut() {
        RnnModel m = RandomConfigs.model(new SplittableRandom(3));
        ExperimentConfig c = ExperimentConfig.defaults().withTeacher(t -> t.kind(TeacherKind.MODEL).model(m));
        double before = m.parameterArray()[0];
        m.parameterArray()[0] = before + 1;
        assertEquals(before, c.teacher().model().parameterArray()[0]);
        c.teacher().model().parameterArray()[0] = before + 2;
        assertEquals(before, c.teacher().model().parameterArray()[0]);
        assertNotEquals(c, c.withTeacher(t -> t.model(m)));
        assertMessage("--teacher-model needs --teacher model", () -> ExperimentConfig.defaults().withTeacher(t -> t.model(m)));
    }

    @Test
    void presetsApplyOverTheBaseAndAreCheckedWhenMade() {
        Preset tiny = new Preset("tiny", "a tiny run", Map.of("epochs", 30, "hidden", 2, "real_poles_only", true));
        ExperimentConfig c = tiny.applyTo(ExperimentConfig.defaults().withSeed(9));
        assertEquals(9, c.seed());
        assertEquals(30, c.training().epochs());
        assertEquals(2, c.student().hidden());
        assertTrue(c.teacher().realPolesOnly());
        assertMessage("preset bad: unknown setting epoch", () -> new Preset("bad", "typo", Map.of("epoch", 3)));
        assertMessage("preset bad: --lr must be", () -> new Preset("bad", "invalid", Map.of("lr", -1)));
        assertMessage("defined twice", () -> Preset.registry(tiny, tiny));
        for (Preset p : Preset.BUILT_IN.values()) {
            assertDoesNotThrow(() -> p.applyTo(ExperimentConfig.defaults()), p.name());
        }
    }

    private static void assertMessage(String expected, Supplier<?> action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::get);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void keysAreUniqueAcrossTheRecords() {
        // Each record writes its own keys; a key written by two would silently lose a setting.
        Map<String, Object> m = new LinkedHashMap<>();
        ExperimentConfig d = ExperimentConfig.defaults();
        int n = 1;
        for (Object part : List.of(d.teacher(), d.student(), d.optimizer(), d.training(), d.data(), d.analysis())) {
            Map<String, Object> own = new LinkedHashMap<>();
            switch (part) {
                case TeacherConfig t -> t.putInto(own);
                case StudentConfig s -> s.putInto(own);
                case OptimizerConfig o -> o.putInto(own);
                case TrainingConfig t -> t.putInto(own);
                case DataConfig x -> x.putInto(own);
                case AnalysisConfig a -> a.putInto(own);
                default -> throw new AssertionError(part);
            }
            assertEquals(part.getClass().getRecordComponents().length, own.size(), "one key per component of " + part);
            n += own.size();
            m.putAll(own);
        }
        assertEquals(n - 1, m.size());
        assertEquals(n, d.toMap().size());
    }
}
