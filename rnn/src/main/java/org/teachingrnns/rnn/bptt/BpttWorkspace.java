package org.teachingrnns.rnn.bptt;

import java.util.Arrays;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Everything one BPTT pass needs for a fixed (model shape, data shape, washout, truncation), allocated once
 * and reused, so a training epoch allocates nothing.
 *
 * <p>Layout: every sequence quantity is a feature-major matrix {@code features x (time*batch)}, element
 * {@code [f][t][b]}. The batch is the contiguous inner dimension, so for a small RNN (hidden 5, batch 80) each
 * per-step operation is a handful of axpys over 80 contiguous doubles; for a large RNN the per-step product
 * {@code W_hh H_{t-1}} is one GEMM (hidden x batch x hidden), and the input, readout and weight-gradient
 * products are single GEMMs over all {@code time*batch} columns at once:
 * <pre>
 *   Z      = W_ih X + b_h                  (hidden x T*B, one GEMM)
 *   H_t    = f(Z_t + W_hh H_{t-1})          (per step, H_{-1} = h0)
 *   Y      = W_ho H_kept + b_o              (output x (T-washout)*B, one GEMM)
 *   dY     = 2 (Y - target) / N             (N = batch * kept steps * outputs: MSELoss 'mean')
 *   dH     = W_ho^T dY  on kept steps, 0 before the washout
 *   dZ_t   = (dH_t + W_hh^T dZ_{t+1}) * f'(H_t)    (per step, in reverse)
 *   dW_hh  = dZ H_prev^T, dW_ih = dZ X^T, db_h = rows of dZ summed, dh0 = W_hh^T dZ_0
 * </pre>
 * The hidden states are stored with one extra leading time slot holding h0, so {@code H_prev} is a
 * contiguous block of columns and dW_hh is one product.
 *
 * <p>Three execution paths, chosen once per workspace, all computing these equations:
 * <ul>
 *   <li>hidden <= {@value SmallRecurrence#MAX_HIDDEN}, linear or relu, full BPTT: {@link SmallRecurrence} keeps the state
 *       of two vector strips of the batch in registers for the whole sequence (the default experiment);</li>
 *   <li>other small RNNs (hidden or batch below {@value Kernels#BLAS_MIN}): {@code Kernels.step} fuses the input (or
 *       readout) product with the recurrent one, step by step;</li>
 *   <li>larger RNNs: one {@link Blas} GEMM per step plus the all-steps GEMMs above.</li>
 * </ul>
 *
 * <p>Truncated BPTT with k steps (Williams and Peng 1990, BPTT(h)): the error of the loss term at time s
 * flows back through the pre-activations of steps s, s-1, ..., s-k+1 and no further (when s-k+1 <= 0 the
 * chain reaches h0). Each term is propagated separately, O(T k) per-step products; all parameter gradients
 * then follow from the accumulated dZ exactly as for full BPTT. k = 0 (or k >= T) is full BPTT.
 *
 * <p>A workspace is mutable scratch space: use one per thread (experiments run in parallel each hold their own).
 */
public final class BpttWorkspace {

    /**
     * System property: when true, small RNNs use the generic step kernel instead of the register-resident
     * {@link SmallRecurrence} (for tests comparing the two and for benchmarks).
     */
    public static final String GENERIC_PROPERTY = "teachingrnns.bptt.generic";

    private final Blas blas = Blas.get();
    private final Activation f;
    private final int in;
    private final int hid;
    private final int out;
    private final int batch;
    private final int time;
    private final int washout;
    private final int truncation;
    private final boolean hiddenBias;
    private final boolean outputBias;
    private final int oIh;
    private final int oHh;
    private final int oHo;
    private final int oBh;
    private final int oBo;
    private final int paramCount;

    private final int tb;        // time * batch
    private final int ldh;       // (time + 1) * batch: leading dimension of hs
    private final int kept;      // (time - washout) * batch: columns of the readout
    private final double[] x;    // in x tb
    private final double[] target; // out x tb, null until data is set
    private final double[] hs;   // hid x ldh, slot 0 = h0
    private final double[] y;    // out x kept: outputs, then dLoss/dY
    private final double[] delta; // hid x tb: dLoss/dZ
    private final double[] direct; // hid x tb: W_ho^T dY (truncated BPTT only)
    private final double[] g;     // hid x batch scratch (truncated BPTT only)
    private final double[] gNext;
    private final double[] dh0;   // hid x batch
    private final boolean small;  // per-step products by Kernels.step (fused), else through Blas
    private final boolean registerResident; // SmallRecurrence: state in registers (hidden <= 6, linear or relu)
    private boolean hasInputs;

    /**
     * A workspace for models shaped as {@code shape} (sizes, biases and activation) and data of
     * {@code batch} sequences of {@code time} steps.
     *
     * @param washout    first time step (0-based) that counts in the loss, {@code 0 <= washout < time}
     * @param truncation BPTT truncation in steps, 0 for full BPTT
     */
    public BpttWorkspace(RnnModel shape, int batch, int time, int washout, int truncation) {
        if (shape == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (batch <= 0 || time <= 0) {
            throw new IllegalArgumentException("batch and time must be positive, got batch " + batch + ", time " + time);
        }
        if (washout < 0 || washout >= time) {
            throw new IllegalArgumentException("washout must be in [0, time) = [0, " + time + "), got " + washout);
        }
        if (truncation < 0) {
            throw new IllegalArgumentException("truncation must be >= 0 (0 = full BPTT), got " + truncation);
        }
        long cells = (long) shape.hiddenSize() * (time + 1) * batch;
        if (cells > Integer.MAX_VALUE - 16L) {
            throw new IllegalArgumentException("hidden x (time+1) x batch = " + cells + " does not fit one array");
        }
        this.f = shape.activation();
        this.in = shape.inputSize();
        this.hid = shape.hiddenSize();
        this.out = shape.outputSize();
        this.batch = batch;
        this.time = time;
        this.washout = washout;
        this.truncation = truncation >= time ? 0 : truncation;
        this.hiddenBias = shape.hasHiddenBias();
        this.outputBias = shape.hasOutputBias();
        this.oIh = shape.offset(Parameter.W_IH);
        this.oHh = shape.offset(Parameter.W_HH);
        this.oHo = shape.offset(Parameter.W_HO);
        this.oBh = shape.offset(Parameter.B_H);
        this.oBo = shape.offset(Parameter.B_O);
        this.paramCount = shape.parameterCount();
        this.tb = time * batch;
        this.ldh = (time + 1) * batch;
        this.kept = (time - washout) * batch;
        this.x = new double[Math.multiplyExact(in, tb)];
        this.target = new double[Math.multiplyExact(out, tb)];
        this.hs = new double[Math.multiplyExact(hid, ldh)];
        this.y = new double[Math.multiplyExact(out, kept)];
        this.delta = new double[Math.multiplyExact(hid, tb)];
        this.direct = this.truncation > 0 ? new double[hid * tb] : null;
        this.g = this.truncation > 0 ? new double[hid * batch] : null;
        this.gNext = this.truncation > 0 ? new double[hid * batch] : null;
        this.dh0 = new double[hid * batch];
        this.small = !Kernels.useBlas(hid, batch, hid);
        this.registerResident = small && hid <= SmallRecurrence.MAX_HIDDEN && f != Activation.TANH
                && !Boolean.getBoolean(GENERIC_PROPERTY);
    }

    /** A workspace for {@code model} and {@code data}, with the data already loaded. */
    public static BpttWorkspace of(RnnModel model, Sequences data, int washout, int truncation) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        BpttWorkspace ws = new BpttWorkspace(model, data.batch(), data.time(), washout, truncation);
        ws.setData(data);
        return ws;
    }

    /** Loads inputs and targets (sizes must match this workspace). */
    public void setData(Sequences data) {
        checkShape(data.batch(), data.time(), data.inputSize());
        if (data.outputSize() != out) {
            throw new IllegalArgumentException("targets have " + data.outputSize() + " outputs, model has " + out);
        }
        data.packInputs(x);
        data.packTargets(target);
        hasInputs = true;
    }

    /** Loads inputs only ({@code [batch][time][input]}); the loss is then undefined but outputs work. */
    public void setInputs(double[][][] inputs) {
        if (inputs == null || inputs.length != batch) {
            throw new IllegalArgumentException("inputs must hold " + batch + " sequences");
        }
        for (int b = 0; b < batch; b++) {
            if (inputs[b] == null || inputs[b].length != time) {
                throw new IllegalArgumentException("inputs[" + b + "] must have " + time + " time steps");
            }
            for (int t = 0; t < time; t++) {
                if (inputs[b][t] == null || inputs[b][t].length != in) {
                    throw new IllegalArgumentException("inputs[" + b + "][" + t + "] must have " + in + " features");
                }
                for (int i = 0; i < in; i++) {
                    x[i * tb + t * batch + b] = inputs[b][t][i];
                }
            }
        }
        Arrays.fill(target, Double.NaN);
        hasInputs = true;
    }

    private void checkShape(int b, int t, int i) {
        if (b != batch || t != time) {
            throw new IllegalArgumentException("data has " + b + " sequences of " + t + " steps, workspace expects "
                    + batch + " of " + time);
        }
        if (i != in) {
            throw new IllegalArgumentException("inputs have " + i + " features, model has input size " + in);
        }
    }

    public int batch() {
        return batch;
    }

    public int time() {
        return time;
    }

    public int washout() {
        return washout;
    }

    /** The truncation in effect (0 = full; a requested truncation >= time is full BPTT). */
    public int truncation() {
        return truncation;
    }

    /**
     * Floating-point operations of one {@link #lossAndGradient} pass (multiply and add counted separately;
     * activations and the elementwise loss not counted), for GFLOP/s reports.
     */
    public long flopsPerPass() {
        long h = hid;
        long fwd = 2L * h * in * tb + 2L * h * h * tb + 2L * out * h * kept;
        long bwd = 2L * out * h * kept * 2;                               // dW_ho, W_ho^T dY
        long rec = truncation == 0 ? (long) (time - 1) * batch
                : recurrentBackSteps() * (long) batch;
        bwd += 2L * h * h * rec;                                          // W_hh^T dZ per step
        bwd += 2L * h * h * tb + 2L * h * in * tb + 2L * h * h * batch;   // dW_hh, dW_ih, dh0
        return fwd + bwd;
    }

    private long recurrentBackSteps() {
        long steps = 0;
        for (int s = washout; s < time; s++) {
            steps += s - Math.max(0, s - truncation + 1);
        }
        return steps;
    }

    // ------------------------------------------------------------------ forward

    /**
     * Runs the hidden-state recursion for parameters {@code params} (layout of {@link RnnModel#parameterArray()}
     * for this shape) from {@code h0} ({@code hidden x batch}, element {@code [h][b]}; null for zeros).
     */
    public void forward(double[] params, double[] h0) {
        checkParams(params);
        if (!hasInputs) {
            throw new IllegalStateException("no data loaded: call setData or setInputs first");
        }
        if (h0 != null && h0.length != hid * batch) {
            throw new IllegalArgumentException("h0 must have hidden x batch = " + hid * batch + " elements");
        }
        for (int h = 0; h < hid; h++) {
            if (h0 == null) {
                Arrays.fill(hs, h * ldh, h * ldh + batch, 0.0);
            } else {
                System.arraycopy(h0, h * batch, hs, h * ldh, batch);
            }
        }
        if (registerResident) {
            SmallRecurrence.forward(hid, in, batch, time, params, oIh, oHh, hiddenBias ? params : null, oBh,
                    f == Activation.RELU, x, hs);
            return;
        }
        if (!small) {
            // Input drive for all steps at once (one GEMM): slots 1..T of hs = W_ih X (+ b_h).
            Kernels.nn(blas, hid, tb, in, params, oIh, in, x, 0, tb, false, hs, batch, ldh);
            if (hiddenBias) {
                for (int h = 0; h < hid; h++) {
                    double bh = params[oBh + h];
                    int row = h * ldh + batch;
                    for (int j = 0; j < tb; j++) {
                        hs[row + j] += bh;
                    }
                }
            }
        }
        for (int t = 0; t < time; t++) {
            // H_t = f(W_ih x_t + b_h + W_hh H_{t-1})
            if (small) {
                Kernels.step(false, hid, batch, in, params, oIh, in, x, t * batch, tb,
                        hid, params, oHh, hid, hs, t * batch, ldh,
                        hiddenBias ? params : null, oBh, false, hs, (t + 1) * batch, ldh);
            } else {
                Kernels.nn(blas, hid, batch, hid, params, oHh, hid, hs, t * batch, ldh, true, hs, (t + 1) * batch, ldh);
            }
            if (f != Activation.LINEAR) {
                for (int h = 0; h < hid; h++) {
                    f.applyInPlace(hs, h * ldh + (t + 1) * batch, batch);
                }
            }
        }
    }

    /** Y = W_ho H + b_o on the kept steps, into y (out x kept). Needs {@link #forward} first. */
    private void readout(double[] params) {
        Kernels.nn(blas, out, kept, hid, params, oHo, hid, hs, (washout + 1) * batch, ldh, false, y, 0, kept);
        if (outputBias) {
            for (int o = 0; o < out; o++) {
                double bo = params[oBo + o];
                for (int j = o * kept, end = j + kept; j < end; j++) {
                    y[j] += bo;
                }
            }
        }
    }

    /** The loss for params and h0 (forward pass only). */
    public double loss(double[] params, double[] h0) {
        forward(params, h0);
        readout(params);
        double sum = 0.0;
        for (int o = 0; o < out; o++) {
            sum += Kernels.squaredErrorAndResidual(kept, y, o * kept, target, o * tb + washout * batch, Double.NaN);
        }
        return sum / ((double) kept * out);
    }

    /**
     * Loss and gradient: forward, then backward. Writes dLoss/dparams into {@code grad} (same layout as
     * params, overwritten) and keeps dLoss/dh0 for {@link #dLossDh0()}.
     *
     * @return the loss (MSE over batch, kept steps and outputs)
     */
    public double lossAndGradient(double[] params, double[] h0, double[] grad) {
        if (grad == null || grad.length != paramCount) {
            throw new IllegalArgumentException("grad must have " + paramCount + " elements");
        }
        forward(params, h0);
        readout(params);
        // dY = 2 (Y - target) / N, in place in y.
        double n = (double) kept * out;
        double scale = 2.0 / n;
        double sum = 0.0;
        for (int o = 0; o < out; o++) {
            sum += Kernels.squaredErrorAndResidual(kept, y, o * kept, target, o * tb + washout * batch, scale);
        }
        double loss = sum / n;
        backward(params, grad);
        return loss;
    }

    // ------------------------------------------------------------------ backward (mirrors forward in reverse)

    private void backward(double[] params, double[] grad) {
        // Readout: dW_ho = dY H_kept^T, db_o = sum of dY.
        Kernels.nt(blas, out, hid, kept, y, 0, kept, hs, (washout + 1) * batch, ldh, false, grad, oHo, hid);
        if (outputBias) {
            Kernels.rowSums(out, kept, y, 0, kept, grad, oBo);
        }
        int w = washout * batch;
        if (truncation == 0 && registerResident) {
            SmallRecurrence.backward(hid, out, batch, time, washout, params, oHo, oHh, f == Activation.RELU, y, hs, delta);
        } else if (truncation == 0) {
            // dH = W_ho^T dY on kept steps, 0 before; then dZ_t = (dH_t + W_hh^T dZ_{t+1}) f'(H_t).
            if (!small) {
                for (int h = 0; h < hid; h++) {
                    Arrays.fill(delta, h * tb, h * tb + w, 0.0);
                }
                Kernels.tn(blas, hid, kept, out, params, oHo, hid, y, 0, kept, false, delta, w, tb);
            }
            for (int t = time - 1; t >= 0; t--) {
                if (small) {
                    // Both products in one pass: W_ho^T dY_t (kept steps only) + W_hh^T dZ_{t+1} (not at T-1).
                    Kernels.step(true, hid, batch, t >= washout ? out : 0, params, oHo, hid, y,
                            Math.max(0, t - washout) * batch, kept,
                            t < time - 1 ? hid : 0, params, oHh, hid, delta, Math.min(t + 1, time - 1) * batch, tb,
                            null, 0, false, delta, t * batch, tb);
                } else if (t < time - 1) {
                    Kernels.tn(blas, hid, batch, hid, params, oHh, hid, delta, (t + 1) * batch, tb, true,
                            delta, t * batch, tb);
                }
                if (f != Activation.LINEAR) {
                    for (int h = 0; h < hid; h++) {
                        f.multiplyByDerivative(delta, h * tb + t * batch, hs, h * ldh + (t + 1) * batch, batch);
                    }
                }
            }
        } else {
            truncatedDelta(params);
        }
        // Parameter gradients from dZ: dW_hh = dZ H_prev^T, dW_ih = dZ X^T, db_h = sum of dZ.
        if (registerResident) {
            // One pass for dW_hh and, with a single input, dW_ih.
            SmallRecurrence.recurrentGradient(hid, delta, tb, hs, ldh, grad, oHh, in == 1 ? x : null, grad, oIh);
        } else {
            Kernels.nt(blas, hid, hid, tb, delta, 0, tb, hs, 0, ldh, false, grad, oHh, hid);
        }
        if (!registerResident || in != 1) {
            Kernels.nt(blas, hid, in, tb, delta, 0, tb, x, 0, tb, false, grad, oIh, in);
        }
        if (hiddenBias) {
            Kernels.rowSums(hid, tb, delta, 0, tb, grad, oBh);
        }
        // dh0 = W_hh^T dZ_0
        Kernels.tn(blas, hid, batch, hid, params, oHh, hid, delta, 0, tb, false, dh0, 0, batch);
    }

    /** dZ for BPTT truncated at k steps: each loss term's error goes back through at most k pre-activations. */
    private void truncatedDelta(double[] params) {
        int w = washout * batch;
        for (int h = 0; h < hid; h++) {
            Arrays.fill(direct, h * tb, h * tb + w, 0.0);
        }
        Kernels.tn(blas, hid, kept, out, params, oHo, hid, y, 0, kept, false, direct, w, tb);
        Arrays.fill(delta, 0.0);
        double[] cur = g;
        double[] next = gNext;
        for (int s = washout; s < time; s++) {
            for (int h = 0; h < hid; h++) {
                System.arraycopy(direct, h * tb + s * batch, cur, h * batch, batch);
            }
            int lo = Math.max(0, s - truncation + 1);
            for (int j = s; j >= lo; j--) {
                for (int h = 0; h < hid; h++) {
                    f.multiplyByDerivative(cur, h * batch, hs, h * ldh + (j + 1) * batch, batch);
                    Kernels.axpy(batch, 1.0, cur, h * batch, delta, h * tb + j * batch);
                }
                if (j > lo) {
                    Kernels.tn(blas, hid, batch, hid, params, oHh, hid, cur, 0, batch, false, next, 0, batch);
                    double[] swap = cur;
                    cur = next;
                    next = swap;
                }
            }
        }
    }

    private void checkParams(double[] params) {
        if (params == null || params.length != paramCount) {
            throw new IllegalArgumentException("params must have " + paramCount + " elements for this model shape");
        }
    }

    // ------------------------------------------------------------------ results of the last pass

    /** dLoss/dh0 of the last {@link #lossAndGradient} pass, {@code hidden x batch} (live array). */
    public double[] dLossDh0() {
        return dh0;
    }

    /** Hidden state h_t[h] of sequence b after the last forward pass (t = -1 is h0). */
    public double hidden(int b, int t, int h) {
        return hs[h * ldh + (t + 1) * batch + b];
    }

    /** Hidden states of the last forward pass, {@code [batch][time][hidden]}. */
    public double[][][] hiddenStates() {
        double[][][] r = new double[batch][time][hid];
        for (int h = 0; h < hid; h++) {
            for (int t = 0; t < time; t++) {
                int row = h * ldh + (t + 1) * batch;
                for (int b = 0; b < batch; b++) {
                    r[b][t][h] = hs[row + b];
                }
            }
        }
        return r;
    }

    /** Outputs W_ho h_t + b_o for every kept step of the last forward pass, {@code [batch][time - washout][out]}. */
    public double[][][] outputs(double[] params) {
        checkParams(params);
        readout(params);
        int steps = time - washout;
        double[][][] r = new double[batch][steps][out];
        for (int o = 0; o < out; o++) {
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    r[b][t][o] = y[o * kept + t * batch + b];
                }
            }
        }
        return r;
    }

    /** The last hidden state h_{T-1} of the last forward pass, {@code [batch][hidden]}. */
    public double[][] lastHidden() {
        double[][] r = new double[batch][hid];
        int col = time * batch;
        for (int h = 0; h < hid; h++) {
            for (int b = 0; b < batch; b++) {
                r[b][h] = hs[h * ldh + col + b];
            }
        }
        return r;
    }
}
