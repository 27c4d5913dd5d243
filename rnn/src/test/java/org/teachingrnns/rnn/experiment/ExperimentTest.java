package org.teachingrnns.rnn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.train.OptimizerKind;

class ExperimentTest {

    private static ExperimentConfig small() {
        return ExperimentConfig.defaults().withTraining(t -> t.epochs(200)).withData(d -> d.sequences(20).length(60).washout(10));
    }

    @Test
    void defaultsAreTheNotebooksSettings() {
        ExperimentConfig c = ExperimentConfig.defaults();
        assertEquals(1, c.seed());
        assertEquals(TeacherKind.IIR, c.teacher().kind());
        assertEquals(5, c.teacher().order());
        assertEquals(5, c.student().hidden());
        assertEquals(Activation.LINEAR, c.student().activation());
        assertEquals(OptimizerKind.ADAM, c.optimizer().kind());
        assertEquals(0.01, c.optimizer().lr());
        assertEquals(3000, c.training().epochs());
        assertEquals(100, c.data().sequences());
        assertEquals(150, c.data().length());
        assertEquals(80, c.data().trainSequences());
        assertEquals(50, c.data().washout());
        Map<String, Object> m = c.toMap();
        assertEquals(1L, m.get("seed"));
        assertEquals("iir", m.get("teacher"));
        assertEquals(0.05, m.get("match_threshold"));
        assertTrue(m.containsKey("weight_decay") && m.containsKey("clip_norm") && m.containsKey("truncation"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentConfig.defaults().withData(d -> d.washout(150)));
        assertTrue(e.getMessage().contains("washout"), e.getMessage());
    }

    @Test
    void trainingLearnsAndIsDeterministic() {
        AtomicInteger calls = new AtomicInteger();
        ExperimentResult a = Experiment.run(small(), (epoch, epochs, loss) -> calls.incrementAndGet());
        ExperimentResult b = Experiment.run(small(), null);
        assertEquals(200, calls.get());
        assertEquals(a.testLoss(), b.testLoss(), 0.0);
        assertArrayEquals(a.student().parameterArray(), b.student().parameterArray(), 0.0);
        double[] h = a.lossHistory().train();
        assertEquals(200, h.length);
        assertTrue(h[199] < 0.2 * h[0], "loss did not fall: " + h[0] + " -> " + h[199]);
        assertTrue(a.teacherTestLoss() < 1e-20, "a noiseless teacher has zero loss: " + a.teacherTestLoss());
        assertEquals(5, a.poles().length());
        assertEquals(5, a.eigenvalues().length());
        assertEquals(5, a.matching().optimal().pairs().size());
        assertEquals(20, a.lossHistory().testEpochs().length);
        assertFalse(a.divergence().diverged());
        assertEquals(200, a.timing().epochs());
        Map<String, Object> m = a.toMap();
        assertTrue(m.keySet().containsAll(java.util.List.of("config", "backend", "train_loss", "test_loss",
                "teacher_test_loss", "poles", "eigenvalues", "matching", "timing")));
    }

    @Test
    void prepareGivesTheInitialConditionsRunTrainsFrom() {
        ExperimentConfig c = small();
        Experiment.InitialConditions a = Experiment.prepare(c);
        Experiment.InitialConditions b = Experiment.prepare(c);
        assertEquals(a.student(), b.student());
        assertArrayEquals(a.teacher().poles().re(), b.teacher().poles().re(), 0.0);
        assertEquals(16, a.train().batch());
        assertEquals(4, a.test().batch());
        assertEquals(60, a.train().time());
        // Training the prepared student as run does reproduces run bit for bit: run starts from prepare.
        RnnModel student = a.student();
        org.teachingrnns.rnn.train.Trainer.train(student, a.train(), a.test(),
                new org.teachingrnns.rnn.train.Adam(student.parameterCount(), c.optimizer().lr(), c.optimizer().beta1(),
                        c.optimizer().beta2(), c.optimizer().eps(), c.optimizer().weightDecay(), c.optimizer().amsgrad()),
                new org.teachingrnns.rnn.train.Trainer.Settings(c.training().epochs(), c.data().washout(),
                        c.training().truncation(), c.training().clipNorm(), c.training().testEvery()), null);
        ExperimentResult r = Experiment.run(c, null);
        assertArrayEquals(r.student().parameterArray(), student.parameterArray(), 0.0);
        assertArrayEquals(r.poles().im(), a.teacher().poles().im(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(null));
    }

    @Test
    void aHugeLearningRateDivergesAndKeepsTheLastFiniteWeights() {
        ExperimentConfig c = small().withOptimizer(o -> o.kind(OptimizerKind.SGD).lr(1e6));
        ExperimentResult r = Experiment.run(c, null);
        assertTrue(r.divergence().diverged());
        assertTrue(r.divergence().message().contains("epoch " + r.divergence().epoch()), r.divergence().message());
        assertTrue(r.student().isFinite());
        assertTrue(r.lossHistory().train().length < 200);
        for (double l : r.lossHistory().train()) {
            assertTrue(Double.isFinite(l));
        }
        // The kept weights are the ones the last recorded (finite) loss was measured on: one update fewer than losses.
        double[] train = r.lossHistory().train();
        assertEquals(train.length - 1, r.timing().epochs());
        assertEquals(train[train.length - 1], r.trainLoss(), 0.0);
    }

    @Test
    void modelTeacherAndRandomTeacherRun() {
        ExperimentResult iir = Experiment.run(small().withTraining(t -> t.epochs(5)), null);
        ExperimentConfig c = small().withTeacher(t -> t.kind(TeacherKind.MODEL).model(iir.student()))
                .withTraining(t -> t.epochs(5)).withStudent(s -> s.hidden(3).activation(Activation.TANH).hiddenBias(true));
        ExperimentResult r = Experiment.run(c, null);
        assertEquals(5, r.poles().length());
        assertEquals(3, r.eigenvalues().length());
        assertEquals(3, r.matching().greedy().pairs().size());
        assertTrue(r.student().has(Parameter.B_H));
        ExperimentResult rnd = Experiment.run(small().withTeacher(t -> t.kind(TeacherKind.RANDOM))
                .withTraining(t -> t.epochs(5).truncation(10).clipNorm(1.0)), null);
        assertEquals(0.9, org.teachingrnns.rnn.analysis.Spectra.spectralRadius(rnd.poles()), 1e-12);
    }
}
