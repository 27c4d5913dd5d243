package org.teachingrnns.rnn.bptt;

import java.util.SplittableRandom;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/** Seeded random models and data for tests (public for the tests of other packages). */
public final class RandomModels {

    private RandomModels() {
    }

    public static RnnModel model(SplittableRandom rng, Activation f, int in, int hid, int out, boolean bh, boolean bo, double scale) {
        RnnModel m = RnnModel.zeros(f, in, hid, out, bh, bo);
        double[] p = m.parameterArray();
        for (int i = 0; i < p.length; i++) {
            p[i] = scale * rng.nextGaussian();
        }
        return m;
    }

    public static Sequences data(SplittableRandom rng, int batch, int time, int in, int out) {
        double[][][] x = new double[batch][time][in];
        double[][][] y = new double[batch][time][out];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                for (int i = 0; i < in; i++) {
                    x[b][t][i] = rng.nextGaussian();
                }
                for (int o = 0; o < out; o++) {
                    y[b][t][o] = rng.nextGaussian();
                }
            }
        }
        return Sequences.of(x, y);
    }

    static double[][] h0(SplittableRandom rng, int batch, int hid) {
        double[][] h = new double[batch][hid];
        for (double[] r : h) {
            for (int j = 0; j < hid; j++) {
                r[j] = 0.5 * rng.nextGaussian();
            }
        }
        return h;
    }
}
