package org.teachingrnns.rnn.compute;

import java.util.SplittableRandom;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.train.Adam;
import org.teachingrnns.rnn.train.Trainer;

/**
 * Run in a child JVM by {@link WithoutVectorModuleTest}: trains through {@link Trainer} on
 * {@code Compute.of(args[0])} (one model per activation, a small and a large hidden size) and prints the final
 * losses, so the parent can see which classes that loaded.
 */
public final class ScalarTrainingProbe {

    private ScalarTrainingProbe() {
    }

    public static void main(String[] args) {
        Compute compute = Compute.of(args[0]);
        for (Activation f : Activation.values()) {
            for (int hidden : new int[] {5, 20}) {
                SplittableRandom rng = new SplittableRandom(hidden);
                RnnModel m = RnnModel.zeros(f, 1, hidden, 1, true, true);
                double[] p = m.parameterArray();
                for (int i = 0; i < p.length; i++) {
                    p[i] = 0.3 * rng.nextGaussian() / Math.sqrt(hidden);
                }
                double[][][] x = new double[20][30][1];
                double[][][] y = new double[20][30][1];
                for (int b = 0; b < 20; b++) {
                    for (int t = 0; t < 30; t++) {
                        x[b][t][0] = rng.nextGaussian();
                        y[b][t][0] = t > 0 ? 0.5 * x[b][t - 1][0] : 0.0;
                    }
                }
                Sequences d = Sequences.of(x, y);
                Trainer.Result r = Trainer.train(m, d, d, new Adam(m.parameterCount(), 0.01, 0.9, 0.999, 1e-8, 0.0, false),
                        new Trainer.Settings(20, 5, f == Activation.TANH ? 4 : 0, 0.0, 10), compute, null);
                System.out.println(f + " hidden " + hidden + " loss " + r.testLoss()[r.testLoss().length - 1]);
            }
        }
    }
}
