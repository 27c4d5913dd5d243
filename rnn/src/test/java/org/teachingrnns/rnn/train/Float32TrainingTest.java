package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.bptt.FloatBpttWorkspace;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Training in float32 ({@link Trainer.Settings#dtype()}): the weights are float values from the start and after
 * every update (Adam and L-BFGS), the loss history follows float64's to float precision at first, the run
 * learns, and an experiment reports {@code dtype} with its losses and analysis computed in double.
 */
class Float32TrainingTest {

    static final Compute VECTOR = Compute.of("vector");

    private static ExperimentConfig small(Dtype dtype) {
        return ExperimentConfig.defaults().withTraining(t -> t.epochs(300).dtype(dtype))
                .withData(d -> d.sequences(20).length(60).washout(10))
                .withStudent(s -> s.activation(Activation.TANH).hiddenBias(true).outputBias(true));
    }

    private static void assertFloatValues(double[] p) {
        for (double v : p) {
            assertEquals((double) (float) v, v, 0.0, "a weight that is not a float value");
        }
    }

    private static Trainer.Result train(RnnModel m, Experiment.InitialConditions ic, Dtype dtype, int epochs) {
        Optimizer adam = new Adam(m.parameterCount(), 0.01, 0.9, 0.999, 1e-8, 0.0, false);
        return Trainer.train(m, ic.train(), ic.test(), adam, new Trainer.Settings(epochs, 10, 0, 0.0, 10, dtype), VECTOR,
                null);
    }

    @Test
    void float32TrainingKeepsFloatWeightsAndFollowsFloat64() {
        Experiment.InitialConditions ic = Experiment.prepare(small(Dtype.FLOAT32));
        RnnModel s32 = ic.student().copy();
        RnnModel s64 = ic.student().copy();
        Trainer.Result r32 = train(s32, ic, Dtype.FLOAT32, 300);
        Trainer.Result r64 = train(s64, ic, Dtype.FLOAT64, 300);
        assertFloatValues(s32.parameterArray());
        assertEquals(300, r32.epochsRun());
        // Epoch 1's loss is the float pass on the rounded initial weights, bit for bit.
        RnnModel start = ic.student().copy();
        Dtype.FLOAT32.round(start.parameterArray());
        assertEquals(FloatBpttWorkspace.of(start, ic.train(), 10, 0, VECTOR).loss(start.parameterArray(), null),
                r32.trainLoss()[0], 0.0);
        // The same initial weights (to float rounding) and data: the float32 losses follow float64's to float
        // precision for the first 50 epochs. Later the two runs part (this tanh run is sensitive: float64 itself,
        // started from the float-rounded weights, ends 5% away from float64 after 300 epochs), so only the
        // learning is compared there.
        for (int e = 0; e < 50; e++) {
            assertEquals(r64.trainLoss()[e], r32.trainLoss()[e], 1e-5 * r64.trainLoss()[e], "epoch " + (e + 1));
        }
        assertNotEquals(r64.trainLoss()[299], r32.trainLoss()[299]);
        assertTrue(r32.trainLoss()[299] < 0.5 * r32.trainLoss()[0], "float32 training does not learn: "
                + r32.trainLoss()[0] + " -> " + r32.trainLoss()[299]);
        assertTrue(r32.trainLoss()[299] < 1.5 * r64.trainLoss()[299] && r64.trainLoss()[299] < 1.5 * r32.trainLoss()[299],
                r32.trainLoss()[299] + " against " + r64.trainLoss()[299]);
    }

    @Test
    void lbfgsStepsInFloat32KeepFloatWeights() {
        Experiment.InitialConditions ic = Experiment.prepare(small(Dtype.FLOAT32));
        RnnModel m = ic.student().copy();
        Lbfgs lbfgs = new Lbfgs(m.parameterCount(), 1.0, 5, 5, 1e-7, 1e-9, 20, Lbfgs.LineSearch.STRONG_WOLFE);
        Trainer.Result r = Trainer.train(m, ic.train(), null, null,
                new TrainingPlan(LrSchedule.constant(1.0), lbfgs, 0, false, Double.NEGATIVE_INFINITY, 0),
                new Trainer.Settings(10, 10, 0, 0.0, 10, Dtype.FLOAT32), VECTOR, null);
        assertFloatValues(m.parameterArray());
        assertTrue(r.trainLoss()[r.trainLoss().length - 1] < r.trainLoss()[0]);
    }

    @Test
    void anExperimentInFloat32ReportsItsDtypeAndAnalysesTheFloatWeights() {
        ExperimentResult r = Experiment.run(small(Dtype.FLOAT32).withTraining(t -> t.epochs(20)), VECTOR, null);
        Map<String, Object> m = r.toMap();
        assertEquals("float32", m.get("dtype"));
        assertEquals("float32", ((Map<?, ?>) m.get("config")).get("dtype"));
        assertFloatValues(r.student().parameterArray());
        // The reported losses are double passes on those weights.
        double[] last = r.lossHistory().train();
        assertTrue(Double.isFinite(r.trainLoss()) && last.length == 20);
        assertEquals("float64", Experiment.run(small(Dtype.FLOAT64).withTraining(t -> t.epochs(2)), VECTOR, null)
                .toMap().get("dtype"));
    }
}
