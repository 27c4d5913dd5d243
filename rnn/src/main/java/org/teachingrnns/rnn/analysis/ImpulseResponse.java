package org.teachingrnns.rnn.analysis;

import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The impulse response of a network, {@code [k][output][input]} for k = 0..length-1: entry (o, j) at step k is
 * output o at time k after a unit impulse on input j at time 0, from the zero state.
 *
 * <p>With the project's convention {@code h_t = f(W_ih x_t + W_hh h_{t-1} + b_h)}, {@code y_t = W_ho h_t + b_o},
 * the impulse reaches the output in the same step, so for a linear network
 * {@code h_k = W_ho W_hh^k W_ih} (the Markov parameters; {@code h_0 = W_ho W_ih}), which is what
 * {@code scipy.signal.lfilter(b, a, [1, 0, 0, ...])} gives for the companion-form IIR teacher. For tanh and relu
 * networks it is measured by simulating the network ({@link Bptt#outputs}) and subtracting the response to zero
 * input, so that biases do not count as response; for a linear network that definition is the formula above.
 */
public final class ImpulseResponse {

    private ImpulseResponse() {
    }

    /** The first {@code length} samples of m's impulse response (see the class comment). */
    public static double[][][] of(RnnModel m, int length) {
        if (m == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (length < 1) {
            throw new IllegalArgumentException("impulse response length must be >= 1, got " + length);
        }
        return m.activation() == Activation.LINEAR ? markov(m, length) : simulated(m, length);
    }

    /** {@code W_ho W_hh^k W_ih}, by carrying {@code S_k = W_hh^k W_ih} (hidden x input) forward. */
    static double[][][] markov(RnnModel m, int length) {
        int n = m.hiddenSize();
        int in = m.inputSize();
        int out = m.outputSize();
        double[] whh = m.flat(Parameter.W_HH);
        double[] who = m.flat(Parameter.W_HO);
        double[] s = m.flat(Parameter.W_IH);
        double[] next = new double[n * in];
        double[][][] h = new double[length][out][in];
        for (int k = 0; k < length; k++) {
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < in; j++) {
                    double acc = 0.0;
                    for (int i = 0; i < n; i++) {
                        acc += who[o * n + i] * s[i * in + j];
                    }
                    h[k][o][j] = acc;
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < in; j++) {
                    double acc = 0.0;
                    for (int l = 0; l < n; l++) {
                        acc += whh[i * n + l] * s[l * in + j];
                    }
                    next[i * in + j] = acc;
                }
            }
            double[] t = s;
            s = next;
            next = t;
        }
        return h;
    }

    /** One sequence per input with a unit impulse at t = 0, one with zero input; the difference. */
    static double[][][] simulated(RnnModel m, int length) {
        int in = m.inputSize();
        int out = m.outputSize();
        double[][][] x = new double[in + 1][length][in];
        for (int j = 0; j < in; j++) {
            x[j][0][j] = 1.0;
        }
        double[][][] y = Bptt.outputs(m, x, null, Compute.scalar());   // a few sequences: plain loops
        double[][][] h = new double[length][out][in];
        for (int k = 0; k < length; k++) {
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < in; j++) {
                    h[k][o][j] = y[j][k][o] - y[in][k][o];
                }
            }
        }
        return h;
    }

    /**
     * Relative L2 error {@code ||a - ref|| / ||ref||} over every step and (output, input) entry; both must have the
     * same shape (teacher and student with the same input and output sizes, over the same length).
     */
    public static double relativeError(double[][][] a, double[][][] ref) {
        if (a == null || ref == null || a.length != ref.length) {
            throw new IllegalArgumentException("impulse responses must have the same length");
        }
        double num = 0.0;
        double den = 0.0;
        for (int k = 0; k < a.length; k++) {
            if (a[k].length != ref[k].length || a[k][0].length != ref[k][0].length) {
                throw new IllegalArgumentException("impulse responses must have the same number of outputs and inputs");
            }
            for (int o = 0; o < a[k].length; o++) {
                for (int j = 0; j < a[k][o].length; j++) {
                    double d = a[k][o][j] - ref[k][o][j];
                    num += d * d;
                    den += ref[k][o][j] * ref[k][o][j];
                }
            }
        }
        return Math.sqrt(num / den);
    }
}
