package org.teachingrnns.rnn.model;

import java.util.SplittableRandom;
import org.teachingrnns.numeric.linalg.HouseholderQr;

/**
 * Weight initialisation of a student RNN, drawn from one {@link SplittableRandom} in a fixed order
 * (W_ih, W_hh, b_h, W_ho, b_o), so a seed gives bit-identical weights.
 *
 * <ul>
 *   <li>Input weights, biases and readout always follow PyTorch's defaults: {@code nn.RNN} draws every weight
 *       and bias from U(-1/sqrt(H), 1/sqrt(H)); {@code nn.Linear} (the readout) uses kaiming_uniform with
 *       a = sqrt(5), which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = H, and the same bound for its
 *       bias. (nn.RNN has two hidden biases b_ih + b_hh; the single b_h here is drawn once from the same
 *       uniform.)</li>
 *   <li>The recurrent matrix, the object of study, follows the scheme, scaled by the gain g:
 *       {@link InitScheme#PYTORCH} g U(-1/sqrt(H), 1/sqrt(H)); {@link InitScheme#NORMAL} N(0, g^2/H);
 *       {@link InitScheme#ORTHOGONAL} g Q with Q Haar-random orthogonal (Saxe, McClelland and Ganguli 2014,
 *       "Exact solutions to the nonlinear dynamics of learning in deep linear networks"): the Q factor of a
 *       Gaussian matrix with diag(R) >= 0, the sign correction that makes Q Haar-distributed (Mezzadri 2007).</li>
 * </ul>
 */
public final class Initialization {

    private Initialization() {
    }

    /** A new model drawn as described above. */
    public static RnnModel initialize(InitScheme scheme, double gain, Activation f, int input, int hidden, int output,
                                      boolean hiddenBias, boolean outputBias, SplittableRandom rng) {
        if (scheme == null || rng == null) {
            throw new IllegalArgumentException("scheme and random generator must be given");
        }
        if (!(gain >= 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("gain must be finite and >= 0, got " + gain);
        }
        RnnModel m = RnnModel.zeros(f, input, hidden, output, hiddenBias, outputBias);
        double[] p = m.parameterArray();
        double k = 1.0 / Math.sqrt(hidden);
        uniform(p, m.offset(Parameter.W_IH), m.size(Parameter.W_IH), k, rng);
        int oHh = m.offset(Parameter.W_HH);
        int nHh = m.size(Parameter.W_HH);
        switch (scheme) {
            case PYTORCH -> {
                uniform(p, oHh, nHh, k, rng);
                scale(p, oHh, nHh, gain);
            }
            case NORMAL -> {
                for (int i = 0; i < nHh; i++) {
                    p[oHh + i] = gain * k * rng.nextGaussian();
                }
            }
            case ORTHOGONAL -> {
                double[] q = randomOrthogonal(hidden, rng);
                for (int i = 0; i < nHh; i++) {
                    p[oHh + i] = gain * q[i];
                }
            }
        }
        uniform(p, m.offset(Parameter.B_H), m.size(Parameter.B_H), k, rng);
        uniform(p, m.offset(Parameter.W_HO), m.size(Parameter.W_HO), k, rng);
        uniform(p, m.offset(Parameter.B_O), m.size(Parameter.B_O), k, rng);
        return m;
    }

    private static void uniform(double[] p, int off, int n, double bound, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            p[off + i] = -bound + 2.0 * bound * rng.nextDouble();
        }
    }

    private static void scale(double[] p, int off, int n, double s) {
        for (int i = 0; i < n; i++) {
            p[off + i] *= s;
        }
    }

    /**
     * An n x n Haar-random orthogonal matrix, row-major: the Q of a Householder QR (numeric's
     * {@link HouseholderQr}, LAPACK dgeqr2/dorg2r) of a standard Gaussian matrix, with the signs chosen so that
     * diag(R) >= 0, the correction that makes Q Haar-distributed (Mezzadri 2007).
     */
    public static double[] randomOrthogonal(int n, SplittableRandom rng) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        HouseholderQr qr = new HouseholderQr(true);
        qr.decompose(a, n, n);
        return qr.getFullQ();
    }
}
