package org.teachingrnns.rnn.experiment;

import java.util.SplittableRandom;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.train.Lbfgs;
import org.teachingrnns.rnn.train.OptimizerKind;
import org.teachingrnns.rnn.train.ScheduleKind;

/** Seeded random valid configurations, every setting drawn (doubles with all their digits), for property tests. */
public final class RandomConfigs {

    private RandomConfigs() {
    }

    public static ExperimentConfig draw(SplittableRandom rng) {
        TeacherKind kind = pick(rng, TeacherKind.values());
        RnnModel model = kind == TeacherKind.MODEL ? model(rng) : null;
        int sequences = rng.nextInt(2, 200);
        int train = rng.nextInt(1, sequences);
        int length = rng.nextInt(1, 300);
        boolean nesterov = rng.nextBoolean();
        return ExperimentConfig.defaults().withSeed(rng.nextLong())
                .withTeacher(t -> t.kind(kind).model(model).order(rng.nextInt(1, 13)).realPolesOnly(rng.nextBoolean())
                        .maxRadius(1e-3 + 2 * rng.nextDouble()).activation(pick(rng, Activation.values()))
                        .spectralRadius(2 * rng.nextDouble()))
                .withStudent(s -> s.hidden(rng.nextInt(1, 21)).activation(pick(rng, Activation.values()))
                        .hiddenBias(rng.nextBoolean()).outputBias(rng.nextBoolean()).init(pick(rng, InitScheme.values()))
                        .initGain(3 * rng.nextDouble()))
                // train / sequences rounds back to train: the split the record checks is always a valid one.
                .withData(d -> d.sequences(sequences).length(length).trainFraction((double) train / sequences)
                        .washout(rng.nextInt(0, length)).inputStd(1e-3 + 3 * rng.nextDouble()))
                .withOptimizer(o -> o.kind(pick(rng, OptimizerKind.values())).lr(Math.exp(-10 * rng.nextDouble()))
                        .beta1(rng.nextDouble()).beta2(rng.nextDouble()).eps(1e-6 * rng.nextDouble())
                        .weightDecay(rng.nextBoolean() ? 0.0 : 0.1 * rng.nextDouble()).amsgrad(rng.nextBoolean())
                        .momentum(nesterov ? 0.01 + rng.nextDouble() : rng.nextDouble())
                        .dampening(nesterov ? 0.0 : rng.nextDouble()).nesterov(nesterov)
                        .schedule(pick(rng, ScheduleKind.values())).stepSize(rng.nextInt(1, 5000))
                        .gamma(2 * rng.nextDouble()).tMax(rng.nextInt(0, 5000)).etaMin(1e-3 * rng.nextDouble())
                        .plateauFactor(rng.nextDouble()).plateauPatience(rng.nextInt(0, 100))
                        .plateauThreshold(1e-3 * rng.nextDouble()).plateauCooldown(rng.nextInt(0, 50))
                        .minLr(1e-6 * rng.nextDouble()).warmup(rng.nextInt(0, 200))
                        .warmupStartFactor(1e-3 + 0.999 * rng.nextDouble()).thenLbfgs(rng.nextInt(0, 500))
                        .lbfgsLr(1e-3 + rng.nextDouble()).lbfgsHistory(rng.nextInt(1, 200))
                        .lbfgsMaxIter(rng.nextInt(1, 200)).toleranceGrad(1e-6 * rng.nextDouble())
                        .toleranceChange(1e-8 * rng.nextDouble()).lineSearch(pick(rng, Lbfgs.LineSearch.values())))
                .withTraining(t -> t.epochs(rng.nextInt(1, 10_000)).truncation(rng.nextBoolean() ? 0 : rng.nextInt(1, 50))
                        .clipNorm(rng.nextBoolean() ? 0.0 : 5 * rng.nextDouble()).testEvery(rng.nextInt(1, 100))
                        .keepBest(rng.nextBoolean()).targetNmse(rng.nextBoolean() ? 0.0 : 1e-6 * rng.nextDouble())
                        .patience(rng.nextInt(0, 1000)).convergedNmse(1e-6 * rng.nextDouble())
                        .dtype(pick(rng, Dtype.values())))
                .withAnalysis(a -> a.matchThreshold(0.5 * rng.nextDouble()).trackEvery(rng.nextInt(0, 1000)));
    }

    /** A small random model with random shapes, activation and biases. */
    public static RnnModel model(SplittableRandom rng) {
        RnnModel m = RnnModel.zeros(pick(rng, Activation.values()), rng.nextInt(1, 3), rng.nextInt(1, 5), rng.nextInt(1, 3),
                rng.nextBoolean(), rng.nextBoolean());
        double[] p = m.parameterArray();
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextGaussian();
        }
        return m;
    }

    private static <T> T pick(SplittableRandom rng, T[] values) {
        return values[rng.nextInt(values.length)];
    }
}
