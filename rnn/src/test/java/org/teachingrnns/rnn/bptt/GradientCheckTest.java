package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/** Every element of every gradient and of dLoss/dh0 against central differences, for each configuration. */
class GradientCheckTest {

    static Stream<Arguments> configurations() {
        List<Arguments> list = new ArrayList<>();
        for (Activation f : Activation.values()) {
            for (boolean bias : new boolean[] {false, true}) {
                for (int truncation : new int[] {0, 1, 3}) {
                    list.add(Arguments.of(f, bias, truncation));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} bias={1} truncation={2}")
    @MethodSource("configurations")
    void bpttMatchesFiniteDifferencesOnEveryElement(Activation f, boolean bias, int truncation) {
        SplittableRandom rng = new SplittableRandom(1000 + f.ordinal() * 10 + (bias ? 5 : 0) + truncation);
        RnnModel m = RandomModels.model(rng, f, 2, 3, 2, bias, bias, 0.6);
        Sequences d = RandomModels.data(rng, 3, 6, 2, 2);
        double[][] h0 = RandomModels.h0(rng, 3, 3);
        GradientCheckReport r = GradientCheck.check(m, d, 2, truncation, h0, 1e-5, 1e-6, 1e-10);
        assertTrue(r.passed(), () -> f + " bias=" + bias + " k=" + truncation + "\n" + r.format());
        int expectedEntries = m.parameters().size() + 1;
        assertEquals(expectedEntries, r.entries().size());
        assertEquals(3 * 2, r.entries().get(0).checked());          // W_ih
        assertEquals(3 * 3, r.entries().get(1).checked());          // W_hh
        assertEquals(3 * 3, r.entries().get(expectedEntries - 1).checked()); // h0
    }

    /** Batches that exercise every strip path of Kernels.step (4, 2 and 1 vector strips and the scalar tail). */
    @ParameterizedTest(name = "batch {0} truncation {1}")
    @MethodSource("batches")
    void vectorStripPathsMatchFiniteDifferences(int batch, int truncation) {
        SplittableRandom rng = new SplittableRandom(500 + batch + truncation);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 2, 3, 2, true, true, 0.6);
        // batch 80 x 8 steps = 640 columns > Kernels.NT_KC: the weight gradients span two column panels.
        Sequences d = RandomModels.data(rng, batch, batch == 80 ? 8 : 5, 2, 2);
        GradientCheckReport r = GradientCheck.check(m, d, 1, truncation, RandomModels.h0(rng, batch, 3), 1e-5, 1e-6, 1e-10);
        assertTrue(r.passed(), () -> "batch " + batch + "\n" + r.format());
    }

    static Stream<Arguments> batches() {
        return Stream.of(Arguments.of(8, 0), Arguments.of(26, 0), Arguments.of(45, 0), Arguments.of(45, 2),
                Arguments.of(80, 0));
    }

    /**
     * Every hidden size of the register-resident SmallRecurrence (and 7, past it), linear and relu, with batches
     * that use its two-strip and one-strip bodies and the scalar remainder columns.
     */
    @ParameterizedTest(name = "hidden {0} {1} batch {2}")
    @MethodSource("smallRecurrences")
    void registerResidentRecurrencesMatchFiniteDifferences(int hidden, Activation f, int batch) {
        SplittableRandom rng = new SplittableRandom(900 + hidden * 10 + f.ordinal() + batch);
        int input = hidden % 2 == 0 ? 1 : 2;   // one input: dW_ih is formed in the dW_hh pass
        RnnModel m = RandomModels.model(rng, f, input, hidden, 2, true, true, 0.5);
        Sequences d = RandomModels.data(rng, batch, 5, input, 2);
        GradientCheckReport r = GradientCheck.check(m, d, 2, 0, RandomModels.h0(rng, batch, hidden), 1e-5, 1e-6, 1e-10);
        assertTrue(r.passed(), () -> "hidden " + hidden + " " + f + " batch " + batch + "\n" + r.format());
    }

    static Stream<Arguments> smallRecurrences() {
        List<Arguments> list = new ArrayList<>();
        for (int hidden = 1; hidden <= 7; hidden++) {
            for (Activation f : new Activation[] {Activation.LINEAR, Activation.RELU}) {
                list.add(Arguments.of(hidden, f, 29));
            }
        }
        list.add(Arguments.of(5, Activation.LINEAR, 21));
        list.add(Arguments.of(5, Activation.RELU, 3));
        return list.stream();
    }

    @Test
    void truncatedGradientDiffersFromFullAndCheckSeesIt() {
        SplittableRandom rng = new SplittableRandom(7);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 2, 3, 2, true, true, 0.8);
        Sequences d = RandomModels.data(rng, 3, 6, 2, 2);
        Bptt.LossAndGradients full = Bptt.lossAndGradients(m, d, 2, 0, null);
        Bptt.LossAndGradients trunc = Bptt.lossAndGradients(m, d, 2, 2, null);
        assertEquals(full.loss(), trunc.loss(), 0.0);
        double diff = 0;
        double[] a = full.gradient().parameterArray();
        double[] b = trunc.gradient().parameterArray();
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertTrue(diff > 1e-4, "truncation changed nothing");
        GradientCheckReport ok = GradientCheck.check(m, d, 2, 2, 0.5, 1e-5);
        assertTrue(ok.passed(), ok::format);
        // Truncation >= T is full BPTT.
        Bptt.LossAndGradients longK = Bptt.lossAndGradients(m, d, 2, 6, null);
        assertEquals(0.0, maxDiff(full.gradient().parameterArray(), longK.gradient().parameterArray()), 0.0);
    }

    @Test
    void aWrongGradientFails() {
        SplittableRandom rng = new SplittableRandom(11);
        RnnModel m = RandomModels.model(rng, Activation.TANH, 2, 3, 2, false, false, 0.6);
        Sequences d = RandomModels.data(rng, 3, 6, 2, 2);
        // The full-BPTT gradient compared with the objective truncated at 1 step must not pass: the
        // reference can tell a wrong gradient from a right one.
        Bptt.LossAndGradients full = Bptt.lossAndGradients(m, d, 1, 0, null);
        TruncatedObjective obj = new TruncatedObjective(m, null, d, 1, 1);
        RnnModel theta = m.copy();
        double[] p = theta.parameterArray();
        double worst = 0;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + 1e-5;
            double plus = obj.value(theta, null);
            p[i] = keep - 1e-5;
            double minus = obj.value(theta, null);
            p[i] = keep;
            double n = (plus - minus) / 2e-5;
            double a = full.gradient().parameterArray()[i];
            worst = Math.max(worst, Math.abs(a - n) / (Math.abs(a) + Math.abs(n) + 1e-300));
        }
        assertFalse(worst <= 1e-6, "the truncated reference must disagree with the full gradient");
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
