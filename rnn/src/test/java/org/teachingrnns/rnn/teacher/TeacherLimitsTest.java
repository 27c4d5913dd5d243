package org.teachingrnns.rnn.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/** Teachers that cannot teach: unformable pole polynomials, absurd orders, overflowing outputs. */
class TeacherLimitsTest {

    @Test
    void poleDisplacementIsTheSizeOfAKnownCoefficientPerturbation() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(8);
            ComplexArray p = IirTeacher.drawPoles(n, trial % 2 == 0, 0.9, rng);
            double[] a = IirTeacher.transferFunction(p).a().clone();
            for (double d : IirTeacher.poleDisplacement(p, a)) {
                assertTrue(d < 1e-12, "an exactly formed low-order polynomial keeps its poles: " + d);
            }
            // Perturb the constant coefficient by e: a(p_k) becomes e, so the estimate is e / |a'(p_k)|.
            double e = 1e-6;
            a[n] += e;
            double[] moved = IirTeacher.poleDisplacement(p, a);
            for (int k = 0; k < n; k++) {
                double deriv = 1;
                for (int j = 0; j < n; j++) {
                    if (j != k) {
                        deriv *= Math.hypot(p.re(k) - p.re(j), p.im(k) - p.im(j));
                    }
                }
                assertEquals(e / deriv, moved[k], 1e-6 * e / deriv + 1e-14);
            }
        }
    }

    @Test
    void ordersThatCannotBeFormedAreRefusedAndLowOrdersPass() {
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> IirTeacher.draw(Integer.MAX_VALUE, false, 1.0, Activation.LINEAR, new SplittableRandom(1)));
        assertTrue(big.getMessage().contains("cannot be formed"), big.getMessage());
        IllegalArgumentException inaccurate = assertThrows(IllegalArgumentException.class,
                () -> IirTeacher.draw(500, false, 1.0, Activation.LINEAR, new SplittableRandom(1)));
        assertTrue(inaccurate.getMessage().contains("cannot be formed accurately"), inaccurate.getMessage());
        for (long seed = 1; seed <= 20; seed++) {
            IirTeacher.draw(50, false, 1.0, Activation.LINEAR, new SplittableRandom(seed));
        }
        // A repeated pole is formed exactly: not refused.
        IirTeacher.fromPoles(ComplexArray.of(new double[] {0.5, 0.5}, new double[] {0, 0}), Activation.LINEAR);
    }

    @Test
    void overflowingOutputsAreRefused() {
        RnnModel m = RnnModel.of(Activation.LINEAR, new double[][] {{1}}, new double[][] {{1e10}}, new double[][] {{1}}, null, null);
        Teacher t = Teacher.ofModel(m);
        double[][][] x = new double[2][40][1];
        for (double[][] s : x) {
            for (double[] step : s) {
                step[0] = 1;
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.respond(x));
        assertTrue(e.getMessage().startsWith("the teacher's outputs overflow (not finite at sequence 0, step "), e.getMessage());
        double[][][] shortX = new double[1][3][1];
        assertEquals(3, t.respond(shortX)[0].length, "short enough: finite, accepted");
    }
}
