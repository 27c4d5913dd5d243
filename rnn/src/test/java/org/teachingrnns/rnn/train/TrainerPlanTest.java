package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.Initialization;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The trainer's plan against hand-written loops with the library's pieces: schedules, L-BFGS epochs and steps,
 * keep-best, the target and the patience, each bit for bit.
 */
class TrainerPlanTest {

    private static final int WASHOUT = 3;

    /** A linear teacher's data (so the loss can get small) on random N(0, 1) inputs. */
    private static Sequences data(SplittableRandom rng, int batch, int time) {
        double[][][] x = new double[batch][time][1];
        double[][][] y = new double[batch][time][1];
        for (int b = 0; b < batch; b++) {
            double h1 = 0;
            double h2 = 0;
            for (int t = 0; t < time; t++) {
                x[b][t][0] = rng.nextGaussian();
                double h = 1.2 * h1 - 0.5 * h2 + x[b][t][0];
                h2 = h1;
                h1 = h;
                y[b][t][0] = h;
            }
        }
        return Sequences.of(x, y);
    }

    private record Problem(RnnModel model, Sequences train, Sequences test) {
        RnnModel fresh() {
            return model.copy();
        }
    }

    private static Problem problem(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Sequences train = data(rng, 6, 25);
        Sequences test = data(rng, 3, 25);
        RnnModel m = Initialization.initialize(InitScheme.PYTORCH, 1.0, Activation.LINEAR, 1, 2, 1, false, false, rng);
        return new Problem(m, train, test);
    }

    private static Trainer.Settings settings(int epochs) {
        return new Trainer.Settings(epochs, WASHOUT, 0, 0, 5);
    }

    private static Adam adam(RnnModel m, double lr) {
        return new Adam(m.parameterCount(), lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** Per epoch: the loss recorded and the weights it was measured on (W_{e-1}), then the final weights. */
    private record Trajectory(List<Double> losses, List<double[]> weights) {
    }

    private static Trajectory handAdam(Problem p, double lr, LrSchedule schedule, int epochs) {
        RnnModel m = p.fresh();
        BpttWorkspace ws = BpttWorkspace.of(m, p.train(), WASHOUT, 0);
        double[] w = m.parameterArray();
        double[] g = new double[w.length];
        Adam a = adam(m, lr);
        Trajectory t = new Trajectory(new ArrayList<>(), new ArrayList<>());
        for (int e = 1; e <= epochs; e++) {
            t.weights().add(w.clone());
            double loss = ws.lossAndGradient(w, null, g);
            t.losses().add(loss);
            a.setLearningRate(schedule.lr());
            a.step(w, g);
            schedule.step(loss);
        }
        t.weights().add(w.clone());
        return t;
    }

    private static double[] unbox(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void aCosineScheduleRunIsTheHandLoopWithCosineAnnealingLr() {
        Problem p = problem(1);
        Trajectory hand = handAdam(p, 0.05, new CosineAnnealingLr(0.05, 60, 1e-4), 80);
        RnnModel m = p.fresh();
        Trainer.Result r = Trainer.train(m, p.train(), p.test(), adam(m, 0.05),
                new TrainingPlan(new CosineAnnealingLr(0.05, 60, 1e-4), null, 0, false, Double.NEGATIVE_INFINITY, 0),
                settings(80), null, null);
        assertArrayEquals(unbox(hand.losses()), r.trainLoss(), 0.0);
        assertArrayEquals(hand.weights().get(80), m.parameterArray(), 0.0);
        assertEquals(StopReason.EPOCHS, r.stopReason());
        // And it differs from a constant lr: the schedule is applied.
        Trajectory constant = handAdam(p, 0.05, LrSchedule.constant(0.05), 80);
        assertTrue(!Arrays.equals(constant.weights().get(80), m.parameterArray()));
        // The plain overload is a constant schedule, bit for bit.
        RnnModel plain = p.fresh();
        Trainer.train(plain, p.train(), null, adam(plain, 0.05), settings(80), null);
        assertArrayEquals(constant.weights().get(80), plain.parameterArray(), 0.0);
    }

    @Test
    void lbfgsEpochsAndStepsAreTheLibraryLoopBitForBit() {
        Problem p = problem(2);
        // --optimizer lbfgs: every epoch one step(closure) (2 iterations each, so that 6 steps do not converge).
        RnnModel hand = p.fresh();
        Lbfgs lh = new Lbfgs(hand.parameterCount(), 1.0, 2, 2, 0, 0, 20, Lbfgs.LineSearch.STRONG_WOLFE);
        BpttWorkspace ws = BpttWorkspace.of(hand, p.train(), WASHOUT, 0);
        double[] losses = new double[6];
        for (int k = 0; k < 6; k++) {
            losses[k] = lh.step(hand.parameterArray(), Objective.of(ws)).initialLoss();
        }
        RnnModel m = p.fresh();
        Lbfgs lm = new Lbfgs(m.parameterCount(), 1.0, 2, 2, 0, 0, 20, Lbfgs.LineSearch.STRONG_WOLFE);
        Trainer.Result r = Trainer.train(m, p.train(), p.test(), null,
                new TrainingPlan(LrSchedule.constant(1.0), lm, 0, false, Double.NEGATIVE_INFINITY, 0), settings(6),
                null, null);
        assertEquals(6, r.epochsRun());
        assertArrayEquals(losses, r.trainLoss(), 0.0);
        assertArrayEquals(hand.parameterArray(), m.parameterArray(), 0.0);
        assertEquals(lh.evaluations(), lm.evaluations());

        // Adam epochs then L-BFGS steps (--then-lbfgs).
        Trajectory adamPart = handAdam(p, 0.02, LrSchedule.constant(0.02), 30);
        double[] w = adamPart.weights().get(30).clone();
        Lbfgs l2 = new Lbfgs(w.length, 1.0, 2, 2, 0, 0, 20, Lbfgs.LineSearch.STRONG_WOLFE);
        BpttWorkspace ws2 = BpttWorkspace.of(p.fresh(), p.train(), WASHOUT, 0);
        List<Double> expected = new ArrayList<>(adamPart.losses());
        for (int k = 0; k < 5; k++) {
            expected.add(l2.step(w, Objective.of(ws2)).initialLoss());
        }
        RnnModel two = p.fresh();
        Trainer.Result r2 = Trainer.train(two, p.train(), p.test(), adam(two, 0.02),
                new TrainingPlan(LrSchedule.constant(0.02),
                        new Lbfgs(two.parameterCount(), 1.0, 2, 2, 0, 0, 20, Lbfgs.LineSearch.STRONG_WOLFE), 5, false,
                        Double.NEGATIVE_INFINITY, 0), settings(30), null, null);
        assertEquals(35, r2.epochsRun());
        assertArrayEquals(unbox(expected), r2.trainLoss(), 0.0);
        assertArrayEquals(w, two.parameterArray(), 0.0);
        assertEquals(35, r2.testEpochs()[r2.testEpochs().length - 1], "the test loss after the last step");
    }

    @Test
    void anLbfgsStepThatDoesNotMoveStopsTheRunAsConverged() {
        Problem p = problem(3);
        RnnModel m = p.fresh();
        double[] before = m.parameterArray().clone();
        // tolerance_grad above every gradient: torch's LBFGS returns at once, the weights unchanged.
        Trainer.Result r = Trainer.train(m, p.train(), null, null,
                new TrainingPlan(LrSchedule.constant(1.0), new Lbfgs(m.parameterCount(), 1.0, 10, 12, 1e300, 0, 20,
                        Lbfgs.LineSearch.NONE), 0, false, Double.NEGATIVE_INFINITY, 0), settings(50), null, null);
        assertEquals(StopReason.LBFGS_CONVERGED, r.stopReason());
        assertEquals(1, r.trainLoss().length);
        assertArrayEquals(before, m.parameterArray(), 0.0);
    }

    @Test
    void keepBestKeepsTheWeightsOfTheLowestTrainingLoss() {
        // A large lr makes Adam's loss go down and up again, so the best epoch is often not the last.
        int found = 0;
        for (long seed = 4; seed < 40 && found < 3; seed++) {
            found += keepBest(problem(seed), 120, 1.0) ? 1 : 0;
        }
        assertEquals(3, found, "runs whose last weights are not their best");
    }

    /** Checks keep-best on p; false (nothing checked) when the last weights are the best. */
    private static boolean keepBest(Problem p, int epochs, double lr) {
        Trajectory hand = handAdam(p, lr, LrSchedule.constant(lr), epochs);
        double[] finalLosses = unbox(hand.losses());
        double finalLoss = BpttWorkspace.of(p.fresh(), p.train(), WASHOUT, 0).loss(hand.weights().get(epochs), null);
        int best = 0;
        for (int e = 1; e < finalLosses.length; e++) {
            if (finalLosses[e] < finalLosses[best]) {
                best = e;
            }
        }
        int expectedKept = finalLoss < finalLosses[best] ? epochs : best;
        if (expectedKept == epochs || !Double.isFinite(finalLoss)) {
            return false;
        }
        RnnModel m = p.fresh();
        Trainer.Result r = Trainer.train(m, p.train(), null, adam(m, lr),
                new TrainingPlan(LrSchedule.constant(lr), null, 0, true, Double.NEGATIVE_INFINITY, 0), settings(epochs),
                null, null);
        assertEquals(expectedKept, r.keptEpoch());
        assertArrayEquals(hand.weights().get(expectedKept), m.parameterArray(), 0.0);
        assertArrayEquals(hand.weights().get(epochs), r.finalParameters(), 0.0);
        assertArrayEquals(finalLosses, r.trainLoss(), 0.0, "keep-best does not change the trajectory");
        return true;
    }

    @Test
    void theTargetAndThePatienceStopWhereTheyShould() {
        Problem p = problem(5);
        double lr = 0.3;
        int epochs = 200;
        double[] losses = unbox(handAdam(p, lr, LrSchedule.constant(lr), epochs).losses());
        Trajectory hand = handAdam(p, lr, LrSchedule.constant(lr), epochs);

        // Target: the 40th epoch's loss; the run stops at the first epoch whose loss is at or below it.
        double target = losses[39];
        int first = 0;
        while (losses[first] > target) {
            first++;
        }
        RnnModel m = p.fresh();
        Trainer.Result r = Trainer.train(m, p.train(), null, adam(m, lr),
                new TrainingPlan(LrSchedule.constant(lr), null, 0, false, target, 0), settings(epochs), null, null);
        assertEquals(StopReason.TARGET_NMSE, r.stopReason());
        assertEquals(first + 1, r.trainLoss().length);
        assertEquals(first, r.epochsRun(), "the weights that met the target, without a further update");
        assertArrayEquals(hand.weights().get(first), m.parameterArray(), 0.0);

        // Patience N: the first epoch e with (e - 1) - (epoch of the lowest loss so far) >= N.
        for (int patience : new int[] {3, 10, 25}) {
            int bestAt = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            int stopAt = -1;
            for (int e = 1; e <= epochs; e++) {
                if (losses[e - 1] < bestLoss) {
                    bestLoss = losses[e - 1];
                    bestAt = e - 1;
                }
                if (e - 1 - bestAt >= patience) {
                    stopAt = e;
                    break;
                }
            }
            RnnModel mp = p.fresh();
            Trainer.Result rp = Trainer.train(mp, p.train(), null, adam(mp, lr),
                    new TrainingPlan(LrSchedule.constant(lr), null, 0, false, Double.NEGATIVE_INFINITY, patience),
                    settings(epochs), null, null);
            if (stopAt < 0) {
                assertEquals(StopReason.EPOCHS, rp.stopReason(), "patience " + patience);
            } else {
                assertEquals(StopReason.PATIENCE, rp.stopReason(), "patience " + patience);
                assertEquals(stopAt, rp.trainLoss().length, "patience " + patience);
                assertEquals(stopAt - 1, rp.epochsRun());
            }
        }
    }
}
