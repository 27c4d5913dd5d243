package org.teachingrnns.rnn.bptt;

import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Backpropagation through time for {@link RnnModel}: the loss as a pure function of (parameters, data, h0)
 * that returns the loss, every gradient, dLoss/dh0 and the last state (as min-char-rnn's {@code lossFun}).
 *
 * <p>Loss: mean squared error over the batch, the time steps {@code t >= washout} (0-based) and the outputs,
 * as PyTorch's {@code MSELoss(reduction='mean')} on the kept steps. The computation is in
 * {@link BpttWorkspace}; these methods allocate one per call. Training loops should hold a workspace. The
 * equations are written out in {@link ReferenceBptt}. Each method takes the {@link Compute} to run on; the
 * overloads without one use {@link Compute#defaults()}.
 */
public final class Bptt {

    private Bptt() {
    }

    /**
     * Loss, gradient, dLoss/dh0 and last hidden state.
     *
     * @param gradient  same shape, biases and activation as the model
     * @param dLossDh0  {@code [batch][hidden]}
     * @param lastHidden h_{T-1}, {@code [batch][hidden]}
     */
    public record LossAndGradients(double loss, RnnModel gradient, double[][] dLossDh0, double[][] lastHidden) {
    }

    /**
     * Loss and all gradients by BPTT.
     *
     * @param washout    first time step in the loss, {@code 0 <= washout < time}
     * @param truncation 0 for full BPTT, else the error of each loss term flows back at most this many steps
     *                   (see {@link BpttWorkspace})
     * @param h0         {@code [batch][hidden]} initial state, null for zeros
     */
    public static LossAndGradients lossAndGradients(RnnModel m, Sequences d, int washout, int truncation, double[][] h0) {
        return lossAndGradients(m, d, washout, truncation, h0, Compute.defaults());
    }

    /** {@link #lossAndGradients(RnnModel, Sequences, int, int, double[][])} on {@code compute}. */
    public static LossAndGradients lossAndGradients(RnnModel m, Sequences d, int washout, int truncation, double[][] h0,
                                                    Compute compute) {
        checkModelData(m, d);
        BpttWorkspace ws = BpttWorkspace.of(m, d, washout, truncation, compute);
        RnnModel grad = m.zerosLike();
        double loss = ws.lossAndGradient(m.parameterArray(), packH0(h0, d.batch(), m.hiddenSize()), grad.parameterArray());
        return new LossAndGradients(loss, grad, unpack(ws.dLossDh0(), m.hiddenSize(), d.batch()), ws.lastHidden());
    }

    /** The loss only (a forward pass). */
    public static double loss(RnnModel m, Sequences d, int washout, double[][] h0) {
        return loss(m, d, washout, h0, Compute.defaults());
    }

    /** The loss only, on {@code compute}. */
    public static double loss(RnnModel m, Sequences d, int washout, double[][] h0, Compute compute) {
        checkModelData(m, d);
        BpttWorkspace ws = BpttWorkspace.of(m, d, washout, 0, compute);
        return ws.loss(m.parameterArray(), packH0(h0, d.batch(), m.hiddenSize()));
    }

    /** Outputs {@code y_t = W_ho h_t + b_o} for every step, {@code [batch][time][output]}. */
    public static double[][][] outputs(RnnModel m, double[][][] inputs, double[][] h0) {
        return outputs(m, inputs, h0, Compute.defaults());
    }

    /** Outputs on {@code compute}. */
    public static double[][][] outputs(RnnModel m, double[][][] inputs, double[][] h0, Compute compute) {
        BpttWorkspace ws = forward(m, inputs, h0, compute);
        return ws.outputs(m.parameterArray());
    }

    /** Hidden states {@code h_t} for every step, {@code [batch][time][hidden]}. */
    public static double[][][] hiddenStates(RnnModel m, double[][][] inputs, double[][] h0) {
        return hiddenStates(m, inputs, h0, Compute.defaults());
    }

    /** Hidden states on {@code compute}. */
    public static double[][][] hiddenStates(RnnModel m, double[][][] inputs, double[][] h0, Compute compute) {
        return forward(m, inputs, h0, compute).hiddenStates();
    }

    private static BpttWorkspace forward(RnnModel m, double[][][] inputs, double[][] h0, Compute compute) {
        if (m == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (inputs == null || inputs.length == 0 || inputs[0] == null || inputs[0].length == 0) {
            throw new IllegalArgumentException("inputs must hold at least one sequence of at least one step");
        }
        BpttWorkspace ws = new BpttWorkspace(m, inputs.length, inputs[0].length, 0, 0, compute);
        ws.setInputs(inputs);
        ws.forward(m.parameterArray(), packH0(h0, inputs.length, m.hiddenSize()));
        return ws;
    }

    static void checkModelData(RnnModel m, Sequences d) {
        if (m == null || d == null) {
            throw new IllegalArgumentException("model and data must not be null");
        }
        if (d.inputSize() != m.inputSize()) {
            throw new IllegalArgumentException("data has " + d.inputSize() + " input features, model input size is "
                    + m.inputSize());
        }
        if (d.outputSize() != m.outputSize()) {
            throw new IllegalArgumentException("data has " + d.outputSize() + " target features, model output size is "
                    + m.outputSize());
        }
    }

    /** {@code [batch][hidden]} to the workspace's {@code [hidden][batch]}, null stays null. */
    static double[] packH0(double[][] h0, int batch, int hidden) {
        if (h0 == null) {
            return null;
        }
        if (h0.length != batch) {
            throw new IllegalArgumentException("h0 must have one row per sequence (" + batch + "), got " + h0.length);
        }
        double[] p = new double[hidden * batch];
        for (int b = 0; b < batch; b++) {
            if (h0[b] == null || h0[b].length != hidden) {
                throw new IllegalArgumentException("h0[" + b + "] must have hidden = " + hidden + " entries");
            }
            for (int h = 0; h < hidden; h++) {
                p[h * batch + b] = h0[b][h];
            }
        }
        return p;
    }

    static double[][] unpack(double[] hb, int hidden, int batch) {
        double[][] r = new double[batch][hidden];
        for (int h = 0; h < hidden; h++) {
            for (int b = 0; b < batch; b++) {
                r[b][h] = hb[h * batch + b];
            }
        }
        return r;
    }
}
