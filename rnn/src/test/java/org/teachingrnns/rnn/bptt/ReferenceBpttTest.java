package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/** {@link ReferenceBptt}, the oracle of the engines, against its own independent check: finite differences. */
class ReferenceBpttTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void passesTheFiniteDifferenceCheck(Activation f) {
        for (boolean bias : new boolean[] {false, true}) {
            for (int k : new int[] {0, 1, 3}) {
                for (boolean withH0 : new boolean[] {false, true}) {
                    SplittableRandom rng = new SplittableRandom(40 + k + (bias ? 100 : 0) + f.ordinal() * 1000);
                    RnnModel m = RandomModels.model(rng, f, 2, 3, 2, bias, bias, 0.6);
                    Sequences d = RandomModels.data(rng, 3, 7, 2, 2);
                    double[][] h0 = withH0 ? RandomModels.h0(rng, 3, 3) : null;
                    GradientCheckReport r = GradientCheck.check(ReferenceBptt.lossAndGradients(m, d, 2, k, h0), m, d, 2, k,
                            h0, 1e-5, GradientCheck.DEFAULT_THRESHOLD, GradientCheck.DEFAULT_ABSOLUTE_FLOOR);
                    assertTrue(r.passed(), f + (bias ? " biases" : "") + " k=" + k + (withH0 ? " h0" : "") + "\n" + r.format());
                }
            }
        }
    }

    @Test
    void theCheckCatchesAWrongGradient() {
        // The check used above can fail: one gradient element off by 1e-4 relative is reported.
        SplittableRandom rng = new SplittableRandom(3);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 2, 3, 2, true, true, 0.6);
        Sequences d = RandomModels.data(rng, 3, 7, 2, 2);
        Bptt.LossAndGradients lg = ReferenceBptt.lossAndGradients(m, d, 2, 0, null);
        double[] g = lg.gradient().parameterArray();
        int i = m.offset(Parameter.W_HH) + 4;
        g[i] *= 1 + 1e-4;
        assertTrue(!GradientCheck.check(lg, m, d, 2, 0, null, 1e-5, GradientCheck.DEFAULT_THRESHOLD,
                GradientCheck.DEFAULT_ABSOLUTE_FLOOR).passed());
    }

    @Test
    void truncationAtLeastTheLengthIsFullBptt() {
        SplittableRandom rng = new SplittableRandom(9);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 1, 4, 1, true, false, 0.7);
        Sequences d = RandomModels.data(rng, 2, 6, 1, 1);
        Bptt.LossAndGradients full = ReferenceBptt.lossAndGradients(m, d, 1, 0, null);
        Bptt.LossAndGradients k6 = ReferenceBptt.lossAndGradients(m, d, 1, 6, null);
        Bptt.LossAndGradients k5 = ReferenceBptt.lossAndGradients(m, d, 1, 5, null);
        assertEquals(full.gradient(), k6.gradient());
        // k = 5 < T = 6 cuts the path of the last term to the first pre-activation: W_ih's gradient changes.
        assertTrue(!full.gradient().equals(k5.gradient()));
    }

    @Test
    void oneStepLinearByHand() {
        // h = w x, y = v h, L = (y - t)^2: dL/dv = 2 (y - t) h, dL/dw = 2 (y - t) v x.
        RnnModel m = RnnModel.of(Activation.LINEAR, new double[][] {{0.5}}, new double[][] {{0.3}},
                new double[][] {{2.0}}, null, null);
        Sequences d = Sequences.of(new double[][][] {{{3.0}}}, new double[][][] {{{1.0}}});
        Bptt.LossAndGradients lg = ReferenceBptt.lossAndGradients(m, d, 0, 0, new double[][] {{0.0}});
        double h = 1.5;
        double r = 2.0 * h - 1.0;
        assertEquals(r * r, lg.loss());
        assertEquals(2 * r * h, lg.gradient().get(Parameter.W_HO, 0, 0));
        assertEquals(2 * r * 2.0 * 3.0, lg.gradient().get(Parameter.W_IH, 0, 0));
        assertEquals(2 * r * 2.0 * 0.3, lg.dLossDh0()[0][0]);
    }

    @Test
    void rejectsABadH0() {
        SplittableRandom rng = new SplittableRandom(1);
        RnnModel m = RandomModels.model(rng, Activation.LINEAR, 1, 2, 1, false, false, 0.5);
        Sequences d = RandomModels.data(rng, 2, 4, 1, 1);
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceBptt.lossAndGradients(m, d, 0, 0, new double[][] {{0, 0}}));
    }
}
