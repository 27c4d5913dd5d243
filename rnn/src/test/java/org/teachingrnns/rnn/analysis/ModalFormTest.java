package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.signal.Signal;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.Teacher;

class ModalFormTest {

    @Test
    void companionTeacherModalFormReproducesLfilterAndFreqz() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int order = 1; order <= 8; order++) {
            Teacher t = IirTeacher.draw(order, false, 0.95, Activation.LINEAR, rng);
            int len = 80;
            double[] ref = Signal.impulseResponse(t.filter().b(), t.filter().a(), len);
            double[] w = FrequencyResponse.grid(64);
            ComplexArray refH = Signal.freqz(t.filter().b(), t.filter().a(), w);
            ModalForm modes = ModalForm.of(t.model());
            double[][][] modal = modes.impulseResponse(len);
            double[][][] network = ImpulseResponse.of(t.model(), len);
            double scale = Arrays.stream(ref).map(Math::abs).max().orElseThrow();
            for (int k = 0; k < len; k++) {
                assertEquals(ref[k], modal[k][0][0], 1e-9 * scale, "modal, order " + order + " k " + k);
                assertEquals(ref[k], network[k][0][0], 1e-12 * scale, "network, order " + order + " k " + k);
            }
            FrequencyResponse fm = modes.frequencyResponse(w);
            FrequencyResponse fn = FrequencyResponse.ofNetwork(t.model(), w, len);
            double hScale = refH.maxAbs();
            for (int f = 0; f < w.length; f++) {
                assertEquals(refH.re(f), fn.re()[f][0][0], 1e-10 * hScale);
                assertEquals(refH.im(f), fn.im()[f][0][0], 1e-10 * hScale);
                assertEquals(refH.re(f), fm.re()[f][0][0], 1e-8 * hScale);
                assertEquals(refH.im(f), fm.im()[f][0][0], 1e-8 * hScale);
                assertEquals(refH.abs(f), fn.magnitude()[f][0][0], 1e-10 * hScale);
                assertEquals(refH.arg(f), fn.phase()[f][0][0], 1e-8);
            }
            // Residues of the all-pole filter with distinct poles: |prod_{j != i} p_i / (p_i - p_j)|.
            double[] r = modes.residues();
            ComplexArray lam = modes.eigenvalues();
            for (int i = 0; i < order; i++) {
                double expect = 1.0;
                for (int j = 0; j < order; j++) {
                    if (j != i) {
                        expect *= lam.abs(i) / Math.hypot(lam.re(i) - lam.re(j), lam.im(i) - lam.im(j));
                    }
                }
                assertEquals(expect, r[i], 1e-7 * Math.max(1, expect), "order " + order + " mode " + i);
            }
        }
    }

    @Test
    void multiInputMultiOutputModalAndNetworkFormsAgree() {
        SplittableRandom rng = new SplittableRandom(6);
        RnnModel m = AnalysisModels.withRadius(AnalysisModels.random(Activation.LINEAR, 2, 6, 3, 1.0, rng), 0.8);
        ModalForm modes = ModalForm.of(m);
        double[][][] a = modes.impulseResponse(40);
        double[][][] b = ImpulseResponse.of(m, 40);
        double[][][] sim = ImpulseResponse.simulated(m, 40);
        assertTrue(ImpulseResponse.relativeError(a, b) < 1e-10, "modal vs W_ho W_hh^k W_ih");
        assertTrue(ImpulseResponse.relativeError(sim, b) < 1e-13, "simulated vs W_ho W_hh^k W_ih");
        double[] w = FrequencyResponse.grid(50);
        FrequencyResponse fm = modes.frequencyResponse(w);
        FrequencyResponse fn = FrequencyResponse.ofNetwork(m, w, 40);
        assertTrue(fm.relativeErrorTo(fn) < 1e-10, "modal vs resolvent");
        // The DTFT of a long impulse response converges to the transfer function (0.8^400 is negligible).
        FrequencyResponse fd = FrequencyResponse.ofImpulseResponse(ImpulseResponse.of(m, 400), w);
        assertTrue(fd.relativeErrorTo(fn) < 1e-10, "DTFT of the impulse response vs resolvent");
        // A different network is far off: the errors can fail.
        RnnModel other = m.copy();
        other.set(Parameter.W_HH, 0, 0, m.get(Parameter.W_HH, 0, 0) + 0.1);
        assertTrue(FrequencyResponse.ofNetwork(other, w, 40).relativeErrorTo(fn) > 1e-3);
        assertTrue(ImpulseResponse.relativeError(ImpulseResponse.of(other, 40), b) > 1e-3);
    }

    @Test
    void anUnobservableSpareModeHasResidueZeroAndIsIgnoredByResidueMatching() {
        // Teacher poles 0.5 and 0.55. The student has modes 0.5 (observable), 0.56 (spare: reached from the
        // input but not seen at the output) and 0.9 (observable, wrong).
        RnnModel s = RnnModel.of(Activation.LINEAR,
                new double[][] {{1.0}, {1.0}, {1.0}},
                new double[][] {{0.5, 0.0, 0.0}, {0.0, 0.56, 0.0}, {0.0, 0.0, 0.9}},
                new double[][] {{1.0, 0.0, 0.7}}, null, null);
        // Hide the diagonal structure behind a similarity transform T: the input-output map is unchanged.
        SplittableRandom rng = new SplittableRandom(8);
        double[][] tm = new double[3][3];
        for (double[] row : tm) {
            for (int j = 0; j < 3; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        RnnModel hidden = similarity(s, tm);
        ModalForm modes = ModalForm.of(hidden);
        double[] r = modes.residues();
        ComplexArray lam = modes.eigenvalues();
        int spare = -1;
        for (int i = 0; i < 3; i++) {
            if (Math.abs(lam.re(i) - 0.56) < 1e-9) {
                spare = i;
            }
        }
        assertTrue(spare >= 0);
        final int spareMode = spare;
        for (int i = 0; i < 3; i++) {
            if (i == spare) {
                assertTrue(r[i] < 1e-12 * modes.maxResidue(), "spare residue " + r[i]);
            } else {
                double expect = Math.abs(lam.re(i) - 0.5) < 1e-9 ? 1.0 : 0.7;
                assertEquals(expect, r[i], 1e-9);
            }
        }
        assertTrue(ImpulseResponse.relativeError(modes.impulseResponse(30), ImpulseResponse.of(s, 30)) < 1e-10);

        ComplexArray poles = ComplexArray.ofReal(0.5, 0.55);
        PoleMatching.Result plain = PoleMatching.optimal(poles, lam, 0.05);
        assertEquals(2, plain.aligned(), "the plain matching counts the spare mode as the pole 0.55");
        ResidueMatching filtered = ResidueMatching.of(poles, modes, 0.01, 0.05);
        assertEquals(2, filtered.kept().length);
        assertTrue(Arrays.stream(filtered.kept()).noneMatch(i -> i == spareMode));
        assertEquals(1, filtered.optimal().aligned(), "without the spare mode, 0.55 meets only 0.9");
        for (PoleMatching.Pair p : filtered.optimal().pairs()) {
            double expect = p.pole() == 0 ? 0.5 : 0.9;
            assertEquals(expect, lam.re(p.eigenvalue()), 1e-9, "pairs index the original eigenvalues");
        }
        // A fraction of 0 keeps every mode and gives the plain matching.
        assertEquals(plain.pairs(), ResidueMatching.of(poles, modes, 0.0, 0.05).optimal().pairs());
    }

    /** (T^-1 W_hh T, T^-1 W_ih, W_ho T): the same input-output map. */
    private static RnnModel similarity(RnnModel m, double[][] t) {
        double[][] ti = inverse3(t);
        return RnnModel.of(m.activation(), mul(ti, m.matrix(Parameter.W_IH)), mul(mul(ti, m.matrix(Parameter.W_HH)), t),
                mul(m.matrix(Parameter.W_HO), t), null, null);
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] inverse3(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                inv[i][j] = (a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0]) / det;
            }
        }
        return inv;
    }
}
