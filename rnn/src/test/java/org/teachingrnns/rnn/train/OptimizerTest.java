package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Adam, SGD and clipping against values written out from torch's documented update rules. */
class OptimizerTest {

    @Test
    void adamFirstStepMovesByLrTimesSignOfTheGradient() {
        // Step 1: m = (1-b1) g, v = (1-b2) g^2, so m/(1-b1) / (sqrt(v/(1-b2)) + eps) = g / (|g| + eps).
        Adam adam = new Adam(3, 0.1, 0.9, 0.999, 1e-8, 0.0, false);
        double[] p = {1.0, -2.0, 0.5};
        double[] g = {0.5, -3.0, 1e-3};
        adam.step(p, g);
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), p[0], 1e-15);
        assertEquals(-2.0 + 0.1 * 3.0 / (3.0 + 1e-8), p[1], 1e-15);
        assertEquals(0.5 - 0.1 * 1e-3 / (1e-3 + 1e-8), p[2], 1e-15);
        assertEquals(1, adam.steps());
    }

    @Test
    void adamSecondStepFollowsTheBiasCorrectedMoments() {
        double lr = 0.05;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-3;
        Adam adam = new Adam(1, lr, b1, b2, eps, 0.0, false);
        double[] p = {1.0};
        adam.step(p, new double[] {0.5});
        adam.step(p, new double[] {-1.0});
        double m1 = 0.2 * 0.5;
        double v1 = 0.01 * 0.25;
        double p1 = 1.0 - lr / (1 - b1) * m1 / (Math.sqrt(v1) / Math.sqrt(1 - b2) + eps);
        double m2 = b1 * m1 + 0.2 * -1.0;
        double v2 = b2 * v1 + 0.01 * 1.0;
        double p2 = p1 - lr / (1 - b1 * b1) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - b2 * b2) + eps);
        assertEquals(p2, p[0], 1e-15);
    }

    @Test
    void adamWeightDecayIsAddedToTheGradient() {
        // torch.optim.Adam (not AdamW): g = grad + wd * p; with grad 0 the first step is -lr * sign(p).
        Adam adam = new Adam(2, 0.01, 0.9, 0.999, 0.0, 0.1, false);
        double[] p = {2.0, -4.0};
        adam.step(p, new double[] {0.0, 0.0});
        assertArrayEquals(new double[] {1.99, -3.99}, p, 1e-15);
    }

    @Test
    void amsgradUsesTheLargestSecondMoment() {
        double lr = 0.1;
        Adam ams = new Adam(1, lr, 0.9, 0.999, 0.0, 0.0, true);
        Adam plain = new Adam(1, lr, 0.9, 0.999, 0.0, 0.0, false);
        double[] pa = {0.0};
        double[] pp = {0.0};
        ams.step(pa, new double[] {1.0});
        plain.step(pp, new double[] {1.0});
        ams.step(pa, new double[] {0.0});
        plain.step(pp, new double[] {0.0});
        // After step 1: m = 0.1, v = vmax = 0.001, p = -0.1. Step 2 with g = 0: m = 0.09, v = 0.000999,
        // vmax stays 0.001, bias corrections 1 - 0.81 and 1 - 0.998001.
        double bc1 = 1 - 0.81;
        double bc2 = 1 - 0.999 * 0.999;
        assertEquals(-0.1 - lr / bc1 * 0.09 / (Math.sqrt(0.001) / Math.sqrt(bc2)), pa[0], 1e-14);
        assertEquals(-0.1 - lr / bc1 * 0.09 / (Math.sqrt(0.000999) / Math.sqrt(bc2)), pp[0], 1e-14);
    }

    @Test
    void sgdMomentumNesterovDampeningAndWeightDecay() {
        double[] p = {1.0};
        Sgd plain = new Sgd(1, 0.1, 0.0, 0.0, 0.0, false);
        plain.step(p, new double[] {2.0});
        assertEquals(0.8, p[0], 1e-15);

        p = new double[] {1.0};
        Sgd momentum = new Sgd(1, 0.1, 0.9, 0.0, 0.0, false);
        momentum.step(p, new double[] {1.0});  // buf = 1
        momentum.step(p, new double[] {1.0});  // buf = 0.9 + 1 = 1.9
        assertEquals(1.0 - 0.1 - 0.19, p[0], 1e-15);

        p = new double[] {1.0};
        Sgd nesterov = new Sgd(1, 0.1, 0.9, 0.0, 0.0, true);
        nesterov.step(p, new double[] {1.0});  // buf = 1, g = 1 + 0.9
        nesterov.step(p, new double[] {1.0});  // buf = 1.9, g = 1 + 0.9 * 1.9
        assertEquals(1.0 - 0.19 - 0.271, p[0], 1e-15);

        p = new double[] {1.0};
        Sgd damped = new Sgd(1, 0.1, 0.9, 0.5, 0.0, false);
        damped.step(p, new double[] {1.0});    // first buf = g (no dampening on the first step)
        damped.step(p, new double[] {1.0});    // buf = 0.9 + 0.5
        assertEquals(1.0 - 0.1 - 0.14, p[0], 1e-15);

        p = new double[] {1.0};
        Sgd decay = new Sgd(1, 0.1, 0.0, 0.0, 0.1, false);
        decay.step(p, new double[] {0.0});
        assertEquals(0.99, p[0], 1e-15);

        assertThrows(IllegalArgumentException.class, () -> new Sgd(1, 0.1, 0.0, 0.0, 0.0, true));
    }

    @Test
    void clipGradNormAsTorch() {
        double[] g = {3.0, 4.0};
        double total = GradientClipping.clipGradNorm(g, 1.0);
        assertEquals(5.0, total, 1e-15);
        assertArrayEquals(new double[] {3.0 / (5.0 + 1e-6), 4.0 / (5.0 + 1e-6)}, g, 1e-15);
        double[] h = {3.0, 4.0};
        GradientClipping.clipGradNorm(h, 10.0);
        assertArrayEquals(new double[] {3.0, 4.0}, h, 0.0);
        assertEquals(Math.sqrt(2) * 1e200, GradientClipping.norm(new double[] {1e200, 1e200}), 1e186);
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(h, 0.0));
    }
}
