package org.teachingrnns.rnn.bptt;

import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * BPTT written as the equations, in plain loops over one sequence and one step at a time (as min-char-rnn's
 * {@code lossFun}): the documented math of the project, and the oracle every fast engine is tested against.
 * Its own check is the finite-difference {@link GradientCheck} on {@link TruncatedObjective}.
 *
 * <p>For each sequence b (dropped from the notation), steps t = 0..T-1, washout w, N = B (T - w) outputs:
 * <pre>
 *   forward    z_t  = W_ih x_t + W_hh h_{t-1} + b_h          h_{-1} = h0 (0 when not given)
 *              h_t  = f(z_t)
 *              y_t  = W_ho h_t + b_o
 *              L    = (1/N) sum_{b, t >= w} |y_t - target_t|^2      (PyTorch MSELoss 'mean' on the kept steps)
 *   backward   dy_t = (2/N) (y_t - target_t)  for t >= w, else 0
 *              dW_ho += dy_t h_t^T            db_o += dy_t
 *              e_t  = W_ho^T dy_t             the error of loss term t at h_t
 *   full       dz_t = (e_t + W_hh^T dz_{t+1}) * f'(z_t)        t = T-1..0, dz_T = 0
 *   truncated  for each term s >= w: g = e_s; for j = s, s-1, .., max(0, s-k+1): g = g * f'(z_j); dz_j += g;
 *              g = W_hh^T g                   (BPTT(h) of Williams and Peng 1990: the error of term s
 *                                              reaches k pre-activations; the state before them is a constant)
 *   then       dW_hh += dz_t h_{t-1}^T        dW_ih += dz_t x_t^T        db_h += dz_t
 *              dL/dh0 = W_hh^T dz_0
 * </pre>
 * f'(z) is taken from the output h = f(z) ({@link Activation#derivativeFromOutput}). Truncation k = 0 or
 * k >= T is full BPTT.
 */
public final class ReferenceBptt {

    private ReferenceBptt() {
    }

    /**
     * Loss, every gradient, dLoss/dh0 and the last state by the equations above.
     *
     * @param h0 {@code [batch][hidden]}, null for zeros
     */
    public static Bptt.LossAndGradients lossAndGradients(RnnModel m, Sequences d, int washout, int truncation,
                                                         double[][] h0) {
        Bptt.checkModelData(m, d);
        if (washout < 0 || washout >= d.time() || truncation < 0) {
            throw new IllegalArgumentException("need 0 <= washout < time and truncation >= 0, got washout " + washout
                    + ", truncation " + truncation);
        }
        int in = m.inputSize(), hid = m.hiddenSize(), out = m.outputSize(), time = d.time();
        int k = truncation >= time ? 0 : truncation;
        Bptt.packH0(h0, d.batch(), hid);   // validates h0's shape
        Activation f = m.activation();
        double[][] wIh = m.matrix(Parameter.W_IH), wHh = m.matrix(Parameter.W_HH), wHo = m.matrix(Parameter.W_HO);
        double[] bH = m.hasHiddenBias() ? m.vector(Parameter.B_H) : new double[hid];
        double[] bO = m.hasOutputBias() ? m.vector(Parameter.B_O) : new double[out];
        double[][] dWih = new double[hid][in], dWhh = new double[hid][hid], dWho = new double[out][hid];
        double[] dbH = new double[hid], dbO = new double[out];
        double[][] dh0 = new double[d.batch()][hid], last = new double[d.batch()][];
        double n = (double) d.batch() * (time - washout) * out;
        double loss = 0.0;
        for (int b = 0; b < d.batch(); b++) {
            // forward: h[t + 1] = h_t, h[0] = h0; dy[t] = dLoss/dy_t
            double[][] h = new double[time + 1][hid];
            double[][] dy = new double[time][out];
            if (h0 != null) {
                h[0] = h0[b].clone();
            }
            for (int t = 0; t < time; t++) {
                for (int i = 0; i < hid; i++) {
                    double z = bH[i];
                    for (int j = 0; j < in; j++) {
                        z += wIh[i][j] * d.input(b, t, j);
                    }
                    for (int j = 0; j < hid; j++) {
                        z += wHh[i][j] * h[t][j];
                    }
                    h[t + 1][i] = f.apply(z);
                }
                for (int o = 0; t >= washout && o < out; o++) {
                    double y = bO[o];
                    for (int j = 0; j < hid; j++) {
                        y += wHo[o][j] * h[t + 1][j];
                    }
                    double r = y - d.target(b, t, o);
                    loss += r * r;
                    dy[t][o] = 2.0 * r / n;
                }
            }
            last[b] = h[time].clone();
            // backward: the readout, e_t = W_ho^T dy_t, then dz by the full or truncated recursion
            double[][] e = new double[time][hid];
            for (int t = washout; t < time; t++) {
                for (int o = 0; o < out; o++) {
                    dbO[o] += dy[t][o];
                    for (int j = 0; j < hid; j++) {
                        dWho[o][j] += dy[t][o] * h[t + 1][j];
                        e[t][j] += wHo[o][j] * dy[t][o];
                    }
                }
            }
            double[][] dz = new double[time + 1][hid];               // dz[time] = 0
            if (k == 0) {
                for (int t = time - 1; t >= 0; t--) {
                    dz[t] = timesDerivative(f, plus(e[t], transposeTimes(wHh, dz[t + 1])), h[t + 1]);
                }
            } else {
                for (int s = washout; s < time; s++) {
                    double[] g = e[s];
                    for (int j = s; j >= Math.max(0, s - k + 1); j--) {
                        g = timesDerivative(f, g, h[j + 1]);
                        dz[j] = plus(dz[j], g);
                        g = transposeTimes(wHh, g);
                    }
                }
            }
            for (int t = 0; t < time; t++) {
                for (int i = 0; i < hid; i++) {
                    dbH[i] += dz[t][i];
                    for (int j = 0; j < in; j++) {
                        dWih[i][j] += dz[t][i] * d.input(b, t, j);
                    }
                    for (int j = 0; j < hid; j++) {
                        dWhh[i][j] += dz[t][i] * h[t][j];
                    }
                }
            }
            dh0[b] = transposeTimes(wHh, dz[0]);
        }
        RnnModel grad = m.zerosLike();
        set(grad, Parameter.W_IH, dWih);
        set(grad, Parameter.W_HH, dWhh);
        set(grad, Parameter.W_HO, dWho);
        if (m.hasHiddenBias()) {
            set(grad, Parameter.B_H, new double[][] {dbH});
        }
        if (m.hasOutputBias()) {
            set(grad, Parameter.B_O, new double[][] {dbO});
        }
        return new Bptt.LossAndGradients(loss / n, grad, dh0, last);
    }

    /** {@code W^T v}. */
    private static double[] transposeTimes(double[][] w, double[] v) {
        double[] r = new double[w[0].length];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < r.length; j++) {
                r[j] += w[i][j] * v[i];
            }
        }
        return r;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }

    /** {@code g * f'(z)}, elementwise, with f'(z) written through h = f(z). */
    private static double[] timesDerivative(Activation f, double[] g, double[] h) {
        double[] r = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            r[i] = g[i] * f.derivativeFromOutput(h[i]);
        }
        return r;
    }

    /** Bias gradients come as one row; {@link RnnModel#set} indexes them (i, 0). */
    private static void set(RnnModel m, Parameter p, double[][] v) {
        boolean bias = p.isBias();
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v[i].length; j++) {
                if (bias) {
                    m.set(p, j, 0, v[i][j]);
                } else {
                    m.set(p, i, j, v[i][j]);
                }
            }
        }
    }
}
