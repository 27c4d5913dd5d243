package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

class ImpulseResponseTest {

    @Test
    void tanhNetworkResponseIsMeasuredBySimulationWithoutTheBiasOffset() {
        SplittableRandom rng = new SplittableRandom(9);
        RnnModel lin = AnalysisModels.random(Activation.LINEAR, 2, 4, 1, 0.9, rng);
        RnnModel m = RnnModel.of(Activation.TANH, lin.matrix(Parameter.W_IH), lin.matrix(Parameter.W_HH),
                lin.matrix(Parameter.W_HO), new double[] {0.3, -0.2, 0.1, 0.5}, new double[] {2.0});
        double[][][] h = ImpulseResponse.of(m, 5);
        // Step 0 by hand: y_0(impulse on j) - y_0(no input) = W_ho (tanh(W_ih e_j + b) - tanh(b)).
        for (int j = 0; j < 2; j++) {
            double expect = 0;
            for (int i = 0; i < 4; i++) {
                double b = m.get(Parameter.B_H, i, 0);
                expect += m.get(Parameter.W_HO, 0, i) * (Math.tanh(m.get(Parameter.W_IH, i, j) + b) - Math.tanh(b));
            }
            assertEquals(expect, h[0][0][j], 1e-14);
        }
        // A tiny network (input scaled by 1e-6) is linear to first order around a zero bias: the tanh response
        // approaches the linear W_ho W_hh^k W_ih.
        RnnModel small = lin.withActivation(Activation.TANH);
        RnnModel smallLin = lin.copy();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                small.set(Parameter.W_IH, i, j, 1e-6 * lin.get(Parameter.W_IH, i, j));
                smallLin.set(Parameter.W_IH, i, j, 1e-6 * lin.get(Parameter.W_IH, i, j));
            }
        }
        double err = ImpulseResponse.relativeError(ImpulseResponse.of(small, 20), ImpulseResponse.of(smallLin, 20));
        assertTrue(err < 1e-9, "small-signal tanh vs linear: " + err);
        assertTrue(ImpulseResponse.relativeError(ImpulseResponse.of(lin.withActivation(Activation.TANH), 20),
                ImpulseResponse.of(lin, 20)) > 1e-3, "at unit amplitude tanh is not linear");
        assertThrows(IllegalArgumentException.class, () -> ImpulseResponse.of(m, 0));
    }
}
