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

    /**
     * Orders above this are refused before the polynomial is formed: {@code prod (z - p_k)} expanded in double
     * precision no longer has the drawn poles as its roots. Measured with {@link #poleDisplacement} on draws of
     * the default law (seeds 1-3): at order 300 the estimated displacement reached 164 times a pole's distance
     * to the unit circle and the filter's output 3e35 after 2000 steps, at order 500 every draw failed (outputs
     * 1e32 to 1e228), while at order 100 or less every draw kept its poles to under 1% of that distance. Forming
     * the polynomial is O(N^2) (order 100000 took minutes), so the cap also bounds the time.
     */
    public static final int MAX_ORDER = 1000;

    /** A formed filter is refused when some pole may have moved by this fraction of its distance to the unit circle. */
    static final double MAX_RELATIVE_DISPLACEMENT = 0.01;

    /**
     * b/a of the all-pole filter with these poles: {@code zpk2tf(N zeros at the origin, poles, 1)}.
     *
     * @throws IllegalArgumentException when the order exceeds {@link #MAX_ORDER}, or when rounding in the expanded
     *                                  coefficients may move a pole by more than 1% of its distance to the unit
     *                                  circle ({@link #poleDisplacement}): the filter would not be the one asked for
     *                                  (and is often unstable although every pole lies inside the disk)
     */
    public static Signal.TransferFunction transferFunction(ComplexArray poles) {
        int n = poles.length();
        checkOrder(n);
        Signal.TransferFunction tf = Signal.zpk2tf(ComplexArray.zeros(n), poles, 1.0);
        double[] moved = poleDisplacement(poles, tf.a());
        for (int k = 0; k < n; k++) {
            double margin = Math.max(Math.abs(1.0 - poles.abs(k)), 1e-3 * Math.max(1.0, poles.abs(k)));
            if (!(moved[k] <= MAX_RELATIVE_DISPLACEMENT * margin)) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "an IIR teacher of order %d cannot be formed accurately: rounding in the coefficients of its pole "
                                + "polynomial may move pole %d (|p| = %.6g) by %.3g, more than 1%% of its distance %.3g to the "
                                + "unit circle; use a lower --order (at most about 100 is safe), or --teacher random",
                        n, k, poles.abs(k), moved[k], Math.abs(1.0 - poles.abs(k))));
            }
        }
        return tf;
    }

    /** Refuses an order above {@link #MAX_ORDER} at once (before anything of its size is allocated). */
    public static void checkOrder(int order) {
        if (order > MAX_ORDER) {
            throw new IllegalArgumentException("an IIR teacher of order " + order + " cannot be formed in double precision "
                    + "(its pole polynomial loses the poles well below order " + MAX_ORDER + "); use --order " + MAX_ORDER
                    + " or less (at most about 100 is safe), or --teacher random, which needs no polynomial");
        }
    }

    /**
     * The first-order estimate of how far each root of the computed polynomial {@code a} lies from the pole it was
     * formed from: {@code |a(p_k)| / |prod_{j != k} (p_k - p_j)|} (Newton's correction; the residual of a root
     * perturbed by dp is a'(p) dp, Wilkinson, Rounding Errors in Algebraic Processes, ch. 2). The residual is
     * evaluated by Horner's rule on the computed coefficients, so it measures the rounding that happened, not a
     * worst case; the derivative is summed in logarithms so that no product overflows. A repeated pole (derivative
     * 0, where the first-order estimate does not apply) gets 0.
     */
    static double[] poleDisplacement(ComplexArray poles, double[] a) {
        int n = poles.length();
        double[] moved = new double[n];
        for (int k = 0; k < n; k++) {
            double zr = poles.re(k);
            double zi = poles.im(k);
            double vr = 0;
            double vi = 0;
            for (double c : a) {
                double nr = vr * zr - vi * zi + c;
                vi = vr * zi + vi * zr;
                vr = nr;
            }
            double logDerivative = 0;
            for (int j = 0; j < n; j++) {
                if (j != k) {
                    logDerivative += Math.log(Math.hypot(zr - poles.re(j), zi - poles.im(j)));
                }
            }
            double residual = Math.hypot(vr, vi);
            moved[k] = residual == 0 || logDerivative == Double.NEGATIVE_INFINITY ? 0.0
                    : Math.exp(Math.log(residual) - logDerivative);
        }
        return moved;
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
        checkOrder(order);  // before drawing: nothing is allocated for an absurd order
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
