package org.teachingrnns.rnn.bptt;

import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The objective whose exact gradient truncated BPTT computes, written directly (nested loops, one sequence
 * and one loss term at a time, none of {@link BpttWorkspace}'s layout), as the independent reference of
 * {@link GradientCheck}.
 *
 * <p>For truncation k, the loss term at time s is evaluated by starting from the state
 * {@code hbar_{s-k}} of a <em>base</em> forward pass (parameters and h0 held fixed) and running steps
 * {@code s-k+1 .. s} with the parameters being differentiated; when {@code s-k+1 <= 0} the run starts from
 * the differentiated h0 at step 0. At the base point the value equals the loss, and its derivative is the
 * truncated gradient: the error of term s reaches only the last k pre-activations. k = 0 is the full loss.
 */
final class TruncatedObjective {

    private final RnnModel base;
    private final Sequences data;
    private final int washout;
    private final int truncation;
    private final double[][][] baseStates; // [batch][time+1][hidden], slot 0 = h0

    TruncatedObjective(RnnModel base, double[][] baseH0, Sequences data, int washout, int truncation) {
        this.base = base.copy();
        this.data = data;
        this.washout = washout;
        this.truncation = truncation >= data.time() ? 0 : truncation;
        this.baseStates = states(this.base, baseH0);
    }

    private double[][][] states(RnnModel m, double[][] h0) {
        int hid = m.hiddenSize();
        double[][][] s = new double[data.batch()][data.time() + 1][];
        for (int b = 0; b < data.batch(); b++) {
            s[b][0] = h0 == null ? new double[hid] : h0[b].clone();
            for (int t = 0; t < data.time(); t++) {
                s[b][t + 1] = step(m, s[b][t], b, t);
            }
        }
        return s;
    }

    /** h_t = f(W_ih x_t + W_hh h_{t-1} + b_h) for sequence b. */
    private double[] step(RnnModel m, double[] prev, int b, int t) {
        int hid = m.hiddenSize();
        Activation f = m.activation();
        double[] h = new double[hid];
        for (int i = 0; i < hid; i++) {
            double z = m.hasHiddenBias() ? m.get(Parameter.B_H, i, 0) : 0.0;
            for (int j = 0; j < m.inputSize(); j++) {
                z += m.get(Parameter.W_IH, i, j) * data.input(b, t, j);
            }
            for (int j = 0; j < hid; j++) {
                z += m.get(Parameter.W_HH, i, j) * prev[j];
            }
            h[i] = f.apply(z);
        }
        return h;
    }

    /** J(theta, h0): the truncated objective at parameters theta and initial state h0 ({@code [batch][hidden]}, null = 0). */
    double value(RnnModel theta, double[][] h0) {
        int hid = theta.hiddenSize();
        double sum = 0.0;
        for (int b = 0; b < data.batch(); b++) {
            double[] full = null;
            if (truncation == 0) {
                full = h0 == null ? new double[hid] : h0[b].clone();
            }
            for (int s = 0; s < data.time(); s++) {
                double[] h;
                if (truncation == 0) {
                    full = step(theta, full, b, s);
                    h = full;
                } else {
                    if (s < washout) {
                        continue;
                    }
                    int lo = s - truncation + 1;
                    double[] state;
                    if (lo <= 0) {
                        lo = 0;
                        state = h0 == null ? new double[hid] : h0[b].clone();
                    } else {
                        state = baseStates[b][lo];      // hbar_{lo-1}, held fixed
                    }
                    for (int t = lo; t <= s; t++) {
                        state = step(theta, state, b, t);
                    }
                    h = state;
                }
                if (s < washout) {
                    continue;
                }
                for (int o = 0; o < theta.outputSize(); o++) {
                    double yv = theta.hasOutputBias() ? theta.get(Parameter.B_O, o, 0) : 0.0;
                    for (int j = 0; j < hid; j++) {
                        yv += theta.get(Parameter.W_HO, o, j) * h[j];
                    }
                    double d = yv - data.target(b, s, o);
                    sum += d * d;
                }
            }
        }
        return sum / ((double) data.batch() * (data.time() - washout) * theta.outputSize());
    }
}
