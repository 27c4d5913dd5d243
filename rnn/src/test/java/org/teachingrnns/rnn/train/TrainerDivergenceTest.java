package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.Initialization;
import org.teachingrnns.rnn.model.RnnModel;

/** Divergence keeps the last weights whose loss was finite, with that loss; histories grow with the epochs run. */
class TrainerDivergenceTest {

    private static Sequences data(SplittableRandom rng, int batch, int time) {
        double[][][] x = new double[batch][time][1];
        double[][][] y = new double[batch][time][1];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                x[b][t][0] = rng.nextGaussian();
                y[b][t][0] = rng.nextGaussian();
            }
        }
        return Sequences.of(x, y);
    }

    @Test
    void divergenceKeepsTheLastFiniteWeightsAndTheirLoss() {
        int diverged = 0;
        for (int seed = 1; seed <= 30; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            Sequences train = data(rng, 4, 20);
            Sequences test = data(rng, 2, 20);
            RnnModel m = Initialization.initialize(InitScheme.PYTORCH, 1.0, Activation.LINEAR, 1, 3, 1, false, false, rng);
            double lr = Math.pow(10, 1 + rng.nextDouble() * 3);  // 10 .. 1e4: diverges after a few to a few dozen epochs
            // epochs near Integer.MAX_VALUE: the histories must not be allocated for them up front (16 GB).
            Trainer.Result r = Trainer.train(m, train, test, new Sgd(m.parameterCount(), lr, 0, 0, 0, false),
                    new Trainer.Settings(2_000_000_000, 2, 0, 0, 1), null);
            if (r.divergedAt() < 0) {
                continue;
            }
            diverged++;
            double[] losses = r.trainLoss();
            assertTrue(losses.length >= 1, "seed " + seed);
            double last = losses[losses.length - 1];
            assertTrue(Double.isFinite(last));
            // The kept weights are the ones the last recorded loss was measured on.
            double kept = BpttWorkspace.of(m, train, 2, 0).loss(m.parameterArray(), null);
            assertEquals(last, kept, 0.0, "seed " + seed + ": " + r.divergence());
            for (double v : m.parameterArray()) {
                assertTrue(Double.isFinite(v));
            }
            assertEquals(losses.length - 1, r.epochsRun(), "epochs run = updates kept");
            for (int i = 0; i < r.testEpochs().length; i++) {
                assertTrue(r.testEpochs()[i] <= r.epochsRun(), "no test loss of a discarded update");
                assertTrue(Double.isFinite(r.testLoss()[i]));
            }
            assertTrue(r.divergence().contains("kept the weights"), r.divergence());
        }
        assertTrue(diverged >= 20, "most of these learning rates diverge: " + diverged);
    }

    @Test
    void historiesGrowToExactlyTheEpochsRun() {
        SplittableRandom rng = new SplittableRandom(3);
        Sequences train = data(rng, 3, 10);
        Sequences test = data(rng, 2, 10);
        RnnModel m = Initialization.initialize(InitScheme.PYTORCH, 1.0, Activation.LINEAR, 1, 2, 1, false, false, rng);
        Trainer.Result r = Trainer.train(m, train, test, new Adam(m.parameterCount()), new Trainer.Settings(3001, 1, 0, 0, 7), null);
        assertEquals(3001, r.trainLoss().length);
        assertEquals(3001, r.epochsRun());
        int expected = 3001 / 7 + 1;  // every 7th epoch, and the last
        assertEquals(expected, r.testEpochs().length);
        assertEquals(3001, r.testEpochs()[expected - 1]);
        for (int i = 0; i < expected - 1; i++) {
            assertEquals(7 * (i + 1), r.testEpochs()[i]);
        }
        for (double v : r.trainLoss()) {
            assertTrue(Double.isFinite(v) && v > 0);
        }
        assertTrue(r.steadyMillis() > 0);
    }

    @Test
    void zeroEpochsRecordNothing() {
        SplittableRandom rng = new SplittableRandom(4);
        RnnModel m = Initialization.initialize(InitScheme.PYTORCH, 1.0, Activation.LINEAR, 1, 2, 1, false, false, rng);
        Trainer.Result r = Trainer.train(m, data(rng, 2, 5), null, new Adam(m.parameterCount()), new Trainer.Settings(0, 0, 0, 0, 1), null);
        assertArrayEquals(new double[0], r.trainLoss());
        assertEquals(0, r.epochsRun());
    }
}
