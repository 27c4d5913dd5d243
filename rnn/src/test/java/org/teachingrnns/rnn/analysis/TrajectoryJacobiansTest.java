package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

class TrajectoryJacobiansTest {

    @Test
    void jacobianIsTheDerivativeOfTheStateUpdate() {
        for (Activation f : new Activation[] {Activation.TANH, Activation.RELU, Activation.LINEAR}) {
            SplittableRandom rng = new SplittableRandom(11);
            RnnModel lin = AnalysisModels.random(Activation.LINEAR, 2, 5, 1, 0.9, rng);
            RnnModel m = RnnModel.of(f, lin.matrix(Parameter.W_IH), lin.matrix(Parameter.W_HH), lin.matrix(Parameter.W_HO),
                    new double[] {0.1, -0.2, 0.3, 0.0, 0.05}, null);
            DrivingNoise noise = new DrivingNoise(3, 20, 10);
            TrajectoryJacobians jac = TrajectoryJacobians.along(m, noise);
            assertEquals(20, jac.steps());
            double[][][] x = noise.inputs(2);
            double[][] h = Bptt.hiddenStates(m, x, null)[0];
            for (int s = 0; s < 20; s += 3) {
                int t = 10 + s;
                double[] d = jac.jacobian(s);
                double eps = 1e-6;
                for (int j = 0; j < 5; j++) {
                    double[] plus = step(m, h[t - 1], x[0][t], j, eps);
                    double[] minus = step(m, h[t - 1], x[0][t], j, -eps);
                    for (int i = 0; i < 5; i++) {
                        double fd = (plus[i] - minus[i]) / (2 * eps);
                        // relu's kink: skip units whose pre-activation is within eps of 0
                        assertEquals(fd, d[i * 5 + j], 1e-7, f + " step " + t + " (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    /** f(W_ih x + W_hh (h + delta e_j) + b_h). */
    private static double[] step(RnnModel m, double[] h, double[] x, int j, double delta) {
        int n = m.hiddenSize();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double a = m.get(Parameter.B_H, i, 0);
            for (int k = 0; k < x.length; k++) {
                a += m.get(Parameter.W_IH, i, k) * x[k];
            }
            for (int k = 0; k < n; k++) {
                a += m.get(Parameter.W_HH, i, k) * (h[k] + (k == j ? delta : 0.0));
            }
            out[i] = m.activation().apply(a);
        }
        return out;
    }

    @Test
    void matchedDistanceIsZeroAgainstItselfAndAgainstACopyWithADisconnectedUnit() {
        SplittableRandom rng = new SplittableRandom(12);
        RnnModel t = AnalysisModels.random(Activation.TANH, 1, 4, 1, 1.1, rng);
        // The student: the teacher plus a fifth unit that nothing reaches and whose W_hh entry is 0.3
        // (its Jacobian eigenvalue is 0.3 * tanh'(0) = 0.3).
        double[][] whh = new double[5][5];
        double[][] wih = new double[5][1];
        double[][] who = new double[1][5];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(t.matrix(Parameter.W_HH)[i], 0, whh[i], 0, 4);
            wih[i][0] = t.get(Parameter.W_IH, i, 0);
            who[0][i] = t.get(Parameter.W_HO, 0, i);
        }
        whh[4][4] = 0.3;
        RnnModel s = RnnModel.of(Activation.TANH, wih, whh, who, null, null);
        DrivingNoise noise = new DrivingNoise(4, 200, 50);
        TrajectoryJacobians.Comparison self = TrajectoryJacobians.compare(t, t, noise);
        assertEquals(0.0, self.distribution().max(), 0.0);
        TrajectoryJacobians.Comparison bigger = TrajectoryJacobians.compare(t, s, noise);
        assertEquals(200, bigger.distances().length);
        assertTrue(bigger.distribution().max() < 1e-12, "the 4 teacher eigenvalues are matched into the 5");

        // A perturbed student is at a positive distance at every step; quartiles are ordered.
        RnnModel p = t.copy();
        p.set(Parameter.W_HH, 0, 0, t.get(Parameter.W_HH, 0, 0) + 0.2);
        TrajectoryJacobians.Comparison c = TrajectoryJacobians.compare(t, p, noise);
        Distribution d = c.distribution();
        assertTrue(d.min() > 0);
        assertTrue(d.min() <= d.q1() && d.q1() <= d.median() && d.median() <= d.q3() && d.q3() <= d.max());
        // A linear network's Jacobians are all W_hh.
        RnnModel lin = t.withActivation(Activation.LINEAR);
        ComplexArray[] e = TrajectoryJacobians.along(lin, noise).eigenvalues();
        ComplexArray ref = Spectra.eigenvalues(lin);
        for (ComplexArray step : e) {
            assertEquals(ref, step);
        }
    }

    @Test
    void distributionQuantilesFollowNumpy() {
        // numpy.quantile([1, 2, 3, 4, 10], [0.25, 0.5, 0.75]) = [2, 3, 4]; of [1, 2, 3, 4]: [1.75, 2.5, 3.25].
        Distribution a = Distribution.of(new double[] {10, 2, 4, 1, 3});
        assertEquals(2.0, a.q1());
        assertEquals(3.0, a.median());
        assertEquals(4.0, a.q3());
        assertEquals(4.0, a.mean());
        Distribution b = Distribution.of(new double[] {4, 1, Double.NaN, 3, 2});
        assertEquals(4, b.count());
        assertEquals(1.75, b.q1(), 1e-15);
        assertEquals(2.5, b.median(), 1e-15);
        assertEquals(3.25, b.q3(), 1e-15);
    }

    @Test
    void stepsSharedOverThreadsGiveTheEigenvaluesOfEachJacobianBitForBit() {
        // Hidden 40 runs in parallel tasks of 50 steps (130 steps: three tasks, the last one short); every step's
        // eigenvalues must be those of its own Jacobian decomposed alone, bit for bit and in step order.
        int n = TrajectoryJacobians.PARALLEL_MIN_HIDDEN + 8;
        RnnModel m = AnalysisModels.random(Activation.TANH, 1, n, 1, 1.3, new SplittableRandom(12));
        TrajectoryJacobians jac = TrajectoryJacobians.along(m, new DrivingNoise(4, 2 * TrajectoryJacobians.STEPS_PER_TASK + 30, 20));
        ComplexArray[] all = jac.eigenvalues(null);
        assertEquals(jac.steps(), all.length);
        org.teachingrnns.numeric.linalg.EigenDecomposition eig = Spectra.decomposition(false, false, null);
        for (int t = 0; t < jac.steps(); t++) {
            assertTrue(eig.decompose(jac.jacobian(t), n));
            ComplexArray one = eig.eigenvalues();
            assertEquals(one.length(), all[t].length());
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(one.re(i)), Double.doubleToRawLongBits(all[t].re(i)), "step " + t);
                assertEquals(Double.doubleToRawLongBits(one.im(i)), Double.doubleToRawLongBits(all[t].im(i)), "step " + t);
            }
        }
    }
}
