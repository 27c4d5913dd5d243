package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

class BpttPropertiesTest {

    /** Straightforward forward pass, per sequence and step, for comparison. */
    private static double[][][] referenceOutputs(RnnModel m, double[][][] x, double[][] h0) {
        double[][] wih = m.matrix(Parameter.W_IH);
        double[][] whh = m.matrix(Parameter.W_HH);
        double[][] who = m.matrix(Parameter.W_HO);
        double[] bh = m.vector(Parameter.B_H);
        double[] bo = m.vector(Parameter.B_O);
        int hid = m.hiddenSize();
        double[][][] y = new double[x.length][x[0].length][m.outputSize()];
        for (int b = 0; b < x.length; b++) {
            double[] h = h0 == null ? new double[hid] : h0[b].clone();
            for (int t = 0; t < x[b].length; t++) {
                double[] next = new double[hid];
                for (int i = 0; i < hid; i++) {
                    double z = bh == null ? 0 : bh[i];
                    for (int j = 0; j < m.inputSize(); j++) {
                        z += wih[i][j] * x[b][t][j];
                    }
                    for (int j = 0; j < hid; j++) {
                        z += whh[i][j] * h[j];
                    }
                    next[i] = m.activation().apply(z);
                }
                h = next;
                for (int o = 0; o < m.outputSize(); o++) {
                    double v = bo == null ? 0 : bo[o];
                    for (int j = 0; j < hid; j++) {
                        v += who[o][j] * h[j];
                    }
                    y[b][t][o] = v;
                }
            }
        }
        return y;
    }

    @Test
    void lossWithZeroWashoutIsTheMeanSquaredErrorOfAStraightforwardForwardPass() {
        SplittableRandom rng = new SplittableRandom(3);
        for (Activation f : Activation.values()) {
            RnnModel m = RandomModels.model(rng, f, 3, 4, 2, true, true, 0.5);
            Sequences d = RandomModels.data(rng, 5, 7, 3, 2);
            double[][] h0 = RandomModels.h0(rng, 5, 4);
            double[][][] y = referenceOutputs(m, d.inputs(), h0);
            double sum = 0;
            for (int b = 0; b < 5; b++) {
                for (int t = 0; t < 7; t++) {
                    for (int o = 0; o < 2; o++) {
                        double e = y[b][t][o] - d.target(b, t, o);
                        sum += e * e;
                    }
                }
            }
            assertEquals(sum / (5 * 7 * 2), Bptt.loss(m, d, 0, h0), 1e-13);
            double[][][] out = Bptt.outputs(m, d.inputs(), h0);
            for (int b = 0; b < 5; b++) {
                for (int t = 0; t < 7; t++) {
                    assertArrayEquals(y[b][t], out[b][t], 1e-13);
                }
            }
        }
    }

    @Test
    void oneHiddenUnitByHand() {
        // h_t = 2 x_t + 0.5 h_{t-1} + 0.1, y_t = 3 h_t - 0.2, x = (1, 0, -1), h_{-1} = 0:
        // h = (2.1, 1.15, -1.325), y = (6.1, 3.25, -4.175); targets (6, 3, -4); washout 1 keeps t = 1, 2.
        RnnModel m = RnnModel.of(Activation.LINEAR, new double[][] {{2}}, new double[][] {{0.5}},
                new double[][] {{3}}, new double[] {0.1}, new double[] {-0.2});
        Sequences d = Sequences.of(new double[][][] {{{1}, {0}, {-1}}}, new double[][][] {{{6}, {3}, {-4}}});
        assertEquals((0.25 * 0.25 + 0.175 * 0.175) / 2, Bptt.loss(m, d, 1, null), 1e-15);
        Bptt.LossAndGradients lg = Bptt.lossAndGradients(m, d, 1, 0, null);
        assertEquals(-1.325, lg.lastHidden()[0][0], 1e-15);
        // dL/db_o = mean of 2 (y - target) over kept steps = (0.5 - 0.35) / 2
        assertEquals((2 * 0.25 - 2 * 0.175) / 2, lg.gradient().get(Parameter.B_O, 0, 0), 1e-14);
    }

    @Test
    void pytorchShapeConventions() {
        // W_ih[i][j] connects input j to hidden i; W_ho[o][h] connects hidden h to output o.
        double[][] wih = new double[3][2];
        wih[2][1] = 1.0;
        double[][] who = new double[2][3];
        who[0][2] = 1.0;
        RnnModel m = RnnModel.of(Activation.LINEAR, wih, new double[3][3], who, null, null);
        assertEquals(2, m.inputSize());
        assertEquals(3, m.hiddenSize());
        assertEquals(2, m.outputSize());
        double[][][] y = Bptt.outputs(m, new double[][][] {{{0, 1}}}, null);
        assertArrayEquals(new double[] {1, 0}, y[0][0], 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> RnnModel.of(Activation.LINEAR, new double[2][2], new double[3][3], who, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> RnnModel.of(Activation.LINEAR, wih, new double[3][3], new double[2][2], null, null));
    }

    @Test
    void linearModelWithOneStepHasTheClosedFormGradient() {
        SplittableRandom rng = new SplittableRandom(5);
        RnnModel m = RandomModels.model(rng, Activation.LINEAR, 2, 3, 2, true, true, 1.0);
        Sequences d = RandomModels.data(rng, 1, 1, 2, 2);
        double[][] h0 = RandomModels.h0(rng, 1, 3);
        double[] x = d.inputs()[0][0];
        double[] h = new double[3];
        for (int i = 0; i < 3; i++) {
            h[i] = m.get(Parameter.B_H, i, 0);
            for (int j = 0; j < 2; j++) {
                h[i] += m.get(Parameter.W_IH, i, j) * x[j];
            }
            for (int j = 0; j < 3; j++) {
                h[i] += m.get(Parameter.W_HH, i, j) * h0[0][j];
            }
        }
        double[] r = new double[2];   // dL/dy = 2 (y - target) / 2
        for (int o = 0; o < 2; o++) {
            double y = m.get(Parameter.B_O, o, 0);
            for (int j = 0; j < 3; j++) {
                y += m.get(Parameter.W_HO, o, j) * h[j];
            }
            r[o] = (y - d.target(0, 0, o));
        }
        double[] dh = new double[3];
        for (int j = 0; j < 3; j++) {
            for (int o = 0; o < 2; o++) {
                dh[j] += m.get(Parameter.W_HO, o, j) * r[o];
            }
        }
        RnnModel g = Bptt.lossAndGradients(m, d, 0, 0, h0).gradient();
        double[][] dh0 = Bptt.lossAndGradients(m, d, 0, 0, h0).dLossDh0();
        for (int o = 0; o < 2; o++) {
            assertEquals(r[o], g.get(Parameter.B_O, o, 0), 1e-14);
            for (int j = 0; j < 3; j++) {
                assertEquals(r[o] * h[j], g.get(Parameter.W_HO, o, j), 1e-14);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(dh[i], g.get(Parameter.B_H, i, 0), 1e-14);
            for (int j = 0; j < 2; j++) {
                assertEquals(dh[i] * x[j], g.get(Parameter.W_IH, i, j), 1e-14);
            }
            double dh0i = 0;
            for (int j = 0; j < 3; j++) {
                assertEquals(dh[i] * h0[0][j], g.get(Parameter.W_HH, i, j), 1e-14);
                dh0i += m.get(Parameter.W_HH, j, i) * dh[j];
            }
            assertEquals(dh0i, dh0[0][i], 1e-14);
        }
    }

    @Test
    void largeModelsTakeTheBlasPathAndStillMatchFiniteDifferences() {
        // hidden 20 and batch 17 >= Kernels.BLAS_MIN: the per-step products go through Blas.
        SplittableRandom rng = new SplittableRandom(9);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 3, 20, 2, true, true, 0.25);
        Sequences d = RandomModels.data(rng, 17, 4, 3, 2);
        assertTrue(Kernels.useBlas(20, 17, 20));
        for (int k : new int[] {0, 2}) {
            GradientCheckReport r = GradientCheck.check(m, d, 1, k, 0.3, 1e-5);
            assertTrue(r.passed(), r::format);
        }
    }

    @Test
    void workspaceIsReusableAndDeterministic() {
        SplittableRandom rng = new SplittableRandom(4);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 1, 5, 1, false, false, 0.5);
        Sequences d = RandomModels.data(rng, 8, 10, 1, 1);
        BpttWorkspace ws = BpttWorkspace.of(m, d, 3, 0);
        double[] g1 = new double[m.parameterCount()];
        double[] g2 = new double[m.parameterCount()];
        double l1 = ws.lossAndGradient(m.parameterArray(), null, g1);
        ws.loss(m.parameterArray(), null);
        double l2 = ws.lossAndGradient(m.parameterArray(), null, g2);
        assertEquals(l1, l2, 0.0);
        assertArrayEquals(g1, g2, 0.0);
        assertArrayEquals(g1, Bptt.lossAndGradients(m, d, 3, 0, null).gradient().parameterArray(), 0.0);
    }

    @Test
    void validationMessages() {
        SplittableRandom rng = new SplittableRandom(4);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 1, 5, 1, false, false, 0.5);
        Sequences d = RandomModels.data(rng, 2, 4, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bptt.loss(m, d, 4, null));
        assertTrue(e.getMessage().contains("washout"), e.getMessage());
        Sequences wrong = RandomModels.data(rng, 2, 4, 2, 1);
        e = assertThrows(IllegalArgumentException.class, () -> Bptt.loss(m, wrong, 0, null));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bptt.loss(m, d, 0, new double[2][4]));
        e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("sigmoid"));
        assertTrue(e.getMessage().contains("linear, tanh, relu"), e.getMessage());
    }
}
