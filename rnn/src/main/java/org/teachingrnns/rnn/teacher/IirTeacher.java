package org.teachingrnns.rnn.teacher;

import java.util.SplittableRandom;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.signal.Signal;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The IIR-filter teacher of the reference notebook: an all-pole filter of order N with random poles, zeros at
 * the origin and gain 1, {@code H(z) = z^N / prod_k (z - p_k) = 1 / (1 + a_1 z^-1 + ... + a_N z^-N)}, so
 * {@code y[n] = x[n] - a_1 y[n-1] - ... - a_N y[n-N]}.
 *
 * <p>As an RNN it is the companion (controllable canonical) form with state
 * {@code h_t = (y_t, y_{t-1}, ..., y_{t-N+1})}: W_hh has first row {@code -a[1:]} and ones below the diagonal,
 * W_ih = e1, W_ho = e1^T, no biases; the eigenvalues of W_hh are the poles. With a linear activation it
 * reproduces {@code lfilter(b, a, x)} from zero state exactly (up to rounding); with tanh it is the nonlinear
 * teacher.
 */
public final class IirTeacher {

    private IirTeacher() {
    }

    /**
     * Draws N poles as the notebook does, scaled by maxRadius.
     * <ul>
     *   <li>Complex (default): floor(N/2) conjugate pairs {@code r e^{+-i theta}} with {@code r = sqrt(U1)} and
     *       {@code theta = 2 pi U2} (U uniform on [0, 1)): uniform in the unit disk. When N is odd, one real pole
     *       {@code U} in [0, 1), positive as in the notebook.</li>
     *   <li>realPolesOnly: N real poles uniform on (-1, 1), {@code 2U - 1} (this project's choice: the
     *       uniform law on the real diameter of the disk).</li>
     * </ul>
     * All moduli are then multiplied by maxRadius. The order is p1, conj(p1), p2, conj(p2), ..., real poles.
     */
    public static ComplexArray drawPoles(int order, boolean realPolesOnly, double maxRadius, SplittableRandom rng) {
        if (order < 1) {
            throw new IllegalArgumentException("order must be >= 1, got " + order);
        }
        if (!(maxRadius > 0) || Double.isInfinite(maxRadius)) {
            throw new IllegalArgumentException("max radius must be positive, got " + maxRadius);
        }
        double[] re = new double[order];
        double[] im = new double[order];
        if (realPolesOnly) {
            for (int k = 0; k < order; k++) {
                re[k] = maxRadius * (2.0 * rng.nextDouble() - 1.0);
            }
        } else {
            int k = 0;
            for (int pair = 0; pair < order / 2; pair++) {
                double r = maxRadius * Math.sqrt(rng.nextDouble());
                double theta = 2.0 * Math.PI * rng.nextDouble();
                re[k] = r * Math.cos(theta);
                im[k] = r * Math.sin(theta);
                re[k + 1] = re[k];
                im[k + 1] = -im[k];
                k += 2;
            }
            if (order % 2 == 1) {
                re[k] = maxRadius * rng.nextDouble();
            }
        }
        return ComplexArray.of(re, im);
    }

    /** b/a of the all-pole filter with these poles: {@code zpk2tf(N zeros at the origin, poles, 1)}. */
    public static Signal.TransferFunction transferFunction(ComplexArray poles) {
        return Signal.zpk2tf(ComplexArray.zeros(poles.length()), poles, 1.0);
    }

    /** The companion-form RNN of a monic denominator {@code a = [1, a_1, ..., a_N]}. */
    public static RnnModel companionModel(double[] a, Activation f) {
        if (a == null || a.length < 2 || a[0] != 1.0) {
            throw new IllegalArgumentException("a must be monic, [1, a_1, ..., a_N] with N >= 1");
        }
        int n = a.length - 1;
        RnnModel m = RnnModel.zeros(f, 1, n, 1, false, false);
        for (int j = 0; j < n; j++) {
            m.set(Parameter.W_HH, 0, j, -a[j + 1]);
        }
        for (int i = 1; i < n; i++) {
            m.set(Parameter.W_HH, i, i - 1, 1.0);
        }
        m.set(Parameter.W_IH, 0, 0, 1.0);
        m.set(Parameter.W_HO, 0, 0, 1.0);
        return m;
    }

    /** A teacher with freshly drawn poles; linear teachers carry their filter (data by lfilter). */
    public static Teacher draw(int order, boolean realPolesOnly, double maxRadius, Activation f, SplittableRandom rng) {
        ComplexArray poles = drawPoles(order, realPolesOnly, maxRadius, rng);
        return fromPoles(poles, f);
    }

    /** The teacher with the given poles (closed under conjugation). */
    public static Teacher fromPoles(ComplexArray poles, Activation f) {
        Signal.TransferFunction tf = transferFunction(poles);
        RnnModel model = companionModel(tf.a(), f);
        return new Teacher(model, poles.copy(), f == Activation.LINEAR ? tf : null);
    }
}
