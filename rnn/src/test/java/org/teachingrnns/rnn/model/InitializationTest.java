package org.teachingrnns.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializationTest {

    @Test
    void pytorchBoundsAndGain() {
        RnnModel m = Initialization.initialize(InitScheme.PYTORCH, 1.0, Activation.TANH, 3, 16, 2, true, true,
                new SplittableRandom(1));
        double k = 0.25;
        for (double v : m.parameterArray()) {
            assertTrue(Math.abs(v) <= k, "outside U(-1/sqrt(H), 1/sqrt(H)): " + v);
        }
        RnnModel g = Initialization.initialize(InitScheme.PYTORCH, 2.0, Activation.TANH, 3, 16, 2, true, true,
                new SplittableRandom(1));
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                assertEquals(2.0 * m.get(Parameter.W_HH, i, j), g.get(Parameter.W_HH, i, j), 0.0);
            }
        }
        assertArrayEquals(m.flat(Parameter.W_HO), g.flat(Parameter.W_HO), 0.0);
    }

    @Test
    void sameSeedSameWeights() {
        for (InitScheme s : InitScheme.values()) {
            RnnModel a = Initialization.initialize(s, 1.0, Activation.LINEAR, 1, 5, 1, false, false, new SplittableRandom(9));
            RnnModel b = Initialization.initialize(s, 1.0, Activation.LINEAR, 1, 5, 1, false, false, new SplittableRandom(9));
            assertEquals(a, b);
        }
    }

    @Test
    void orthogonalIsOrthogonalTimesGain() {
        RnnModel m = Initialization.initialize(InitScheme.ORTHOGONAL, 0.9, Activation.LINEAR, 1, 7, 1, false, false,
                new SplittableRandom(3));
        double[][] w = m.matrix(Parameter.W_HH);
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                double d = 0;
                for (int r = 0; r < 7; r++) {
                    d += w[r][i] * w[r][j];
                }
                assertEquals(i == j ? 0.81 : 0.0, d, 1e-13);
            }
        }
    }

    @Test
    void normalHasTheRequestedVariance() {
        RnnModel m = Initialization.initialize(InitScheme.NORMAL, 1.5, Activation.LINEAR, 1, 200, 1, false, false,
                new SplittableRandom(4));
        double ss = 0;
        for (double v : m.flat(Parameter.W_HH)) {
            ss += v * v;
        }
        double var = ss / (200 * 200);
        assertEquals(1.5 * 1.5 / 200, var, 0.05 * 1.5 * 1.5 / 200);
    }
}
