package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

class NmseTest {

    private static Sequences data(SplittableRandom rng, int batch, int time, int out, double scale, double offset) {
        double[][][] x = new double[batch][time][1];
        double[][][] y = new double[batch][time][out];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                x[b][t][0] = rng.nextGaussian();
                for (int o = 0; o < out; o++) {
                    y[b][t][o] = offset + scale * rng.nextGaussian();
                }
            }
        }
        return Sequences.of(x, y);
    }

    @Test
    void varianceIsThePooledPopulationVarianceOfTheKeptSteps() {
        SplittableRandom rng = new SplittableRandom(1);
        Sequences d = data(rng, 3, 7, 2, 2.0, 5.0);
        int washout = 2;
        // Independent formula: E[y^2] - E[y]^2 over the kept values.
        double s = 0;
        double s2 = 0;
        int n = 0;
        for (int b = 0; b < 3; b++) {
            for (int t = washout; t < 7; t++) {
                for (int o = 0; o < 2; o++) {
                    s += d.target(b, t, o);
                    s2 += d.target(b, t, o) * d.target(b, t, o);
                    n++;
                }
            }
        }
        assertEquals(3 * 5 * 2, n);
        assertEquals(s2 / n - (s / n) * (s / n), Nmse.targetVariance(d, washout), 1e-12);

        // The washed-out steps do not count.
        double[][][] y = d.targets();
        y[1][0][1] = 1e6;
        y[2][1][0] = -1e6;
        assertEquals(Nmse.targetVariance(d, washout), Nmse.targetVariance(Sequences.of(d.inputs(), y), washout), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Nmse.targetVariance(d, 7));
        assertThrows(IllegalArgumentException.class, () -> Nmse.targetVariance(d, -1));
    }

    @Test
    void theBestConstantPredictorHasNmseOneAtAnyScale() {
        for (double scale : new double[] {1e-3, 1.0, 3e2}) {
            Sequences d = data(new SplittableRandom(2), 4, 30, 1, scale, 0.7 * scale);
            int washout = 5;
            double var = Nmse.targetVariance(d, washout);
            // A model whose output is the constant mean of the kept targets (W_ho = 0, b_o = mean).
            double mean = 0;
            int n = 0;
            for (int b = 0; b < 4; b++) {
                for (int t = washout; t < 30; t++) {
                    mean += d.target(b, t, 0);
                    n++;
                }
            }
            mean /= n;
            RnnModel m = RnnModel.zeros(Activation.LINEAR, 1, 2, 1, false, true);
            m.set(Parameter.B_O, 0, 0, mean);
            double mse = Bptt.loss(m, d, washout, null);
            assertEquals(var, mse, 1e-12 * var);
            assertEquals(1.0, Nmse.of(mse, d, washout), 1e-10);
            // Any other constant does worse.
            m.set(Parameter.B_O, 0, 0, mean + 0.1 * scale);
            assertEquals(1.0 + 0.01 * scale * scale / var, Nmse.of(Bptt.loss(m, d, washout, null), d, washout), 1e-9);
        }
    }
}
