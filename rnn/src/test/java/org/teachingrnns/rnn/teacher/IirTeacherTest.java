package org.teachingrnns.rnn.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.signal.Signal;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.model.Activation;

class IirTeacherTest {

    @Test
    void companionRnnReproducesLfilter() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int order = 1; order <= 7; order++) {
            Teacher t = IirTeacher.draw(order, false, 1.0, Activation.LINEAR, rng);
            double[][][] x = new double[3][120][1];
            for (double[][] s : x) {
                for (double[] v : s) {
                    v[0] = rng.nextGaussian();
                }
            }
            double[][][] rnn = Bptt.outputs(t.model(), x, null);
            double[][][] filter = t.respond(x);
            for (int b = 0; b < 3; b++) {
                double[] xs = new double[120];
                for (int s = 0; s < 120; s++) {
                    xs[s] = x[b][s][0];
                }
                double[] y = Signal.lfilter(t.filter().b(), t.filter().a(), xs);
                double scale = Arrays.stream(y).map(Math::abs).max().orElse(1.0);
                for (int s = 0; s < 120; s++) {
                    assertEquals(y[s], filter[b][s][0], 0.0);
                    assertEquals(y[s], rnn[b][s][0], 1e-12 * Math.max(1.0, scale), "order " + order + " t " + s);
                }
            }
        }
    }

    @Test
    void polesLieInTheDiskComeInConjugatePairsAndAreTheCompanionEigenvalues() {
        SplittableRandom rng = new SplittableRandom(22);
        for (int order : new int[] {1, 2, 5, 6}) {
            for (double radius : new double[] {1.0, 0.5}) {
                ComplexArray p = IirTeacher.drawPoles(order, false, radius, rng);
                assertEquals(order, p.length());
                for (int k = 0; k + 1 < order; k += 2) {
                    assertEquals(p.re(k), p.re(k + 1), 0.0);
                    assertEquals(p.im(k), -p.im(k + 1), 0.0);
                }
                if (order % 2 == 1) {
                    assertEquals(0.0, p.im(order - 1), 0.0);
                    assertTrue(p.re(order - 1) >= 0);
                }
                assertTrue(p.maxAbs() < radius);
                Teacher t = IirTeacher.fromPoles(p, Activation.LINEAR);
                ComplexArray eig = Spectra.eigenvalues(t.model());
                PoleMatching.Result m = PoleMatching.optimal(p, eig, 1e-6);
                assertEquals(order, m.aligned(), () -> p + " vs " + eig);
            }
        }
        ComplexArray real = IirTeacher.drawPoles(6, true, 0.8, rng);
        for (int k = 0; k < 6; k++) {
            assertEquals(0.0, real.im(k), 0.0);
            assertTrue(Math.abs(real.re(k)) < 0.8);
        }
    }

    @Test
    void tanhTeacherUsesItsRnnAndRandomTeacherHasTheRequestedRadius() {
        SplittableRandom rng = new SplittableRandom(23);
        Teacher t = IirTeacher.draw(4, false, 0.9, Activation.TANH, rng);
        assertNull(t.filter());
        assertEquals(Activation.TANH, t.model().activation());
        Teacher r = RandomRnnTeacher.draw(6, 0.9, Activation.LINEAR, rng);
        assertEquals(0.9, Spectra.spectralRadius(r.poles()), 1e-12);
        assertEquals(6, r.model().hiddenSize());
    }
}
