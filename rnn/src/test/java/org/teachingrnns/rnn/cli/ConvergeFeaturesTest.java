package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.rnn.analysis.Nmse;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.experiment.Preset;
import org.teachingrnns.rnn.train.Lbfgs;
import org.teachingrnns.rnn.train.StopReason;

/** Issue 10 end to end: the converge preset, export-init, and results.json's convergence keys. */
class ConvergeFeaturesTest {

    @TempDir
    Path dir;

    /** A small experiment that runs in well under a second. */
    private static final List<String> SMALL = List.of("--order", "2", "--hidden", "2", "--sequences", "10", "--length",
            "40", "--washout", "5", "--epochs", "60", "--seed", "3");

    @Test
    void theConvergePresetIsAppliedAndExplicitFlagsOverrideIt() {
        ExperimentConfig c = RunOptions.parse(List.of("--preset", "converge"));
        assertEquals(Preset.BUILT_IN.get("converge").applyTo(ExperimentConfig.defaults()), c);
        assertEquals(100, c.optimizer().thenLbfgs());
        assertEquals(100, c.optimizer().lbfgsMaxIter());
        assertEquals(0.0, c.optimizer().toleranceGrad());
        assertEquals(0.0, c.optimizer().toleranceChange());
        assertEquals(Lbfgs.LineSearch.STRONG_WOLFE, c.optimizer().lineSearch());
        assertTrue(c.training().keepBest());
        assertEquals(2000, c.training().epochs());
        ExperimentConfig o = RunOptions.parse(List.of("--then-lbfgs", "7", "--preset", "converge", "--no-keep-best",
                "--line-search", "none"));
        assertEquals(c.withOptimizer(b -> b.thenLbfgs(7).lineSearch(Lbfgs.LineSearch.NONE))
                .withTraining(t -> t.keepBest(false)), o);
    }

    @Test
    void exportInitWritesTheRunsExactStartingPointAndItReadsBack() throws Exception {
        Path init = dir.resolve("init");
        String[] args = new java.util.ArrayList<String>(SMALL) {{
            addAll(List.of("--export-init", init.toString(), "--out", dir.resolve("run").toString(), "--quiet"));
            add(0, "run");
        }}.toArray(String[]::new);
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        ExperimentConfig c = RunOptions.parse(SMALL);
        Experiment.InitialConditions ic = Experiment.prepare(c);

        ModelFile student = ModelFile.read(init.resolve("student.json"), ModelFile.Data.REQUIRED);
        assertEquals(ic.student(), student.model());
        assertEquals(c.data().washout(), student.washout());
        assertSame(ic.train(), student.data());
        ModelFile teacher = ModelFile.read(init.resolve("teacher.json"), ModelFile.Data.REQUIRED);
        assertEquals(ic.teacher().model(), teacher.model());
        assertSame(ic.train(), teacher.data());
        ModelFile test = ModelFile.read(init.resolve("test.json"), ModelFile.Data.REQUIRED);
        assertEquals(ic.student(), test.model());
        assertSame(ic.test(), test.data());

        // initial.json: what torch_reference.py train reads.
        JsonNode j = Json.read(init.resolve("initial.json"));
        for (String key : List.of("seed", "config", "washout", "lr", "betas", "eps", "epochs", "match_threshold", "poles",
                "teacher", "student", "train", "test")) {
            assertTrue(j.has(key), key);
        }
        assertEquals(ic.student(), ModelFile.parse(withData(j.get("student"), j.get("train")), "initial.json").model());
        assertSame(ic.test(), ModelFile.parse(withData(j.get("student"), j.get("test")), "initial.json").data());
        assertEquals(c, ExperimentConfig.fromMap(Json.MAPPER.convertValue(j.get("config"), Map.class)));

        // The run trained from that same point: its first loss is the exported student's loss on the exported data.
        JsonNode results = Json.read(dir.resolve("run").resolve("results.json"));
        double first = results.get("loss_history").get("train").get(0).asDouble();
        double exported = org.teachingrnns.rnn.bptt.BpttWorkspace.of(student.model(), student.data(), student.washout(), 0)
                .loss(student.model().parameterArray(), null);
        assertEquals(exported, first, 0.0);
    }

    private static JsonNode withData(JsonNode model, JsonNode data) {
        com.fasterxml.jackson.databind.node.ObjectNode o = model.deepCopy();
        o.setAll((com.fasterxml.jackson.databind.node.ObjectNode) data.deepCopy());
        return o;
    }

    private static void assertSame(Sequences expected, Sequences actual) {
        assertTrue(java.util.Arrays.deepEquals(expected.inputs(), actual.inputs()), "inputs, bit for bit");
        assertTrue(java.util.Arrays.deepEquals(expected.targets(), actual.targets()), "targets, bit for bit");
    }

    @Test
    void keepBestRunsReportTheKeptStudentAtTheTopWithBestAndFinalBlocksAndTheConvergedLabel() {
        ExperimentConfig c = RunOptions.parse(List.of("--order", "2", "--hidden", "2", "--sequences", "10", "--length",
                "40", "--washout", "5", "--epochs", "300", "--lr", "0.2", "--seed", "4", "--keep-best",
                "--then-lbfgs", "5", "--line-search", "strong_wolfe", "--tolerance-grad", "0", "--tolerance-change", "0"));
        ExperimentResult r = Experiment.run(c, null);
        Map<String, Object> m = r.toMap();
        assertNotNull(m.get("best"));
        assertNotNull(m.get("final"));
        @SuppressWarnings("unchecked")
        Map<String, Object> best = (Map<String, Object>) m.get("best");
        assertEquals(r.testLoss(), (double) best.get("test_loss"), 0.0, "the top level is the kept (best) student");
        assertEquals(r.trainLoss(), (double) best.get("train_loss"), 0.0);
        assertEquals(r.convergence().best().epoch(), best.get("epoch"));
        Experiment.InitialConditions ic = Experiment.prepare(c);
        double testNmse = Nmse.of(r.testLoss(), ic.test(), c.data().washout());
        assertEquals(testNmse <= 1e-8, m.get("converged"));
        assertTrue(List.of("epochs", "lbfgs_converged").contains(m.get("stop_reason")), String.valueOf(m.get("stop_reason")));
        // The best student's training loss is at most the final one's, and at most every recorded loss.
        assertTrue(r.convergence().best().trainLoss() <= r.convergence().last().trainLoss());
        for (double l : r.lossHistory().train()) {
            assertTrue(r.convergence().best().trainLoss() <= l);
        }
        // The label follows --converged-nmse.
        assertEquals(Boolean.TRUE, Experiment.run(c.withTraining(t -> t.convergedNmse(testNmse)), null).toMap().get("converged"));
        assertEquals(Boolean.FALSE, Experiment.run(c.withTraining(t -> t.convergedNmse(testNmse / 2)), null).toMap()
                .get("converged"));
        // The baseline recovers the 2 poles of this noise-free data.
        assertEquals(2, r.convergence().baselineMatching(r.poles(), c.analysis().matchThreshold()).aligned());
        assertTrue(m.containsKey("baseline"));
    }

    @Test
    void withoutKeepBestThereAreNoBestAndFinalBlocks() {
        ExperimentResult r = Experiment.run(RunOptions.parse(SMALL), null);
        Map<String, Object> m = r.toMap();
        assertFalse(m.containsKey("best"));
        assertFalse(m.containsKey("final"));
        assertEquals(StopReason.EPOCHS.key(), m.get("stop_reason"));
        assertTrue(m.containsKey("converged"));
    }

    @Test
    void theBaselineIsSkippedWithANoteWhenItsRegressionWouldBeLarge() {
        // 8 train sequences x 3995 kept steps x 4000 taps = 1.3e8 entries > 2^24: skipped, said why.
        ExperimentResult r = Experiment.run(RunOptions.parse(List.of("--order", "2", "--hidden", "2", "--sequences", "10",
                "--length", "4000", "--washout", "5", "--epochs", "1")), null);
        assertEquals(null, r.convergence().baseline());
        assertTrue(r.convergence().baselineNote().contains("skipped"), r.convergence().baselineNote());
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) r.toMap().get("baseline");
        assertEquals(r.convergence().baselineNote(), b.get("note"));
        // The default-sized data get it.
        assertNotNull(Experiment.run(RunOptions.parse(SMALL), null).convergence().baseline());
    }

    @Test
    void theTargetNmseStopsTheRun() {
        ExperimentConfig c = RunOptions.parse(SMALL).withTraining(t -> t.targetNmse(0.5).epochs(100000));
        ExperimentResult r = Experiment.run(c, null);
        assertEquals("target_nmse", r.toMap().get("stop_reason"));
        double[] losses = r.lossHistory().train();
        Experiment.InitialConditions ic = Experiment.prepare(c);
        double last = Nmse.of(losses[losses.length - 1], ic.train(), c.data().washout());
        assertTrue(last <= 0.5, "stopped at the target: " + last);
        for (int i = 0; i < losses.length - 1; i++) {
            assertTrue(Nmse.of(losses[i], ic.train(), c.data().washout()) > 0.5, "not before");
        }
        assertEquals(losses[losses.length - 1], r.trainLoss(), 0.0, "the weights that met it are kept");
        assertTrue(Files.exists(dirOf()));
    }

    private Path dirOf() {
        return dir;
    }
}
