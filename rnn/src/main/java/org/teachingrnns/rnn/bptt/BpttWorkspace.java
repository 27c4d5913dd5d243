package org.teachingrnns.rnn.bptt;

import java.util.Arrays;
import org.teachingrnns.rnn.compute.BpttEngine;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.model.VectorActivation;

/**
 * Everything one BPTT pass needs for a fixed (model shape, data shape, washout, truncation), allocated once
 * and reused, so a training epoch allocates nothing. It computes the equations of {@link ReferenceBptt} (where
 * they are written out) on a layout made for speed.
 *
 * <p>Layout: every sequence quantity is a feature-major matrix {@code features x (time*batch)}, element
 * {@code [f][t][b]}. The batch is the contiguous inner dimension, so for a small RNN (hidden 5, batch 80) each
 * per-step operation is a handful of axpys over 80 contiguous doubles; for a large RNN the per-step recurrent
 * product is one GEMM (hidden x batch x hidden). Only the two recursions (the hidden states forward, dZ
 * backward) go step by step, in the engine ({@link Recurrence}); the readout, its error, and the sums over time
 * of the weight gradients are single products over all {@code time*batch} columns at once, here. The hidden
 * states are stored with one extra leading time slot holding h0, so the previous states of all steps are one
 * contiguous block of columns and dW_hh is one product.
 *
 * <p>The sequential part runs on one {@link BpttEngine}, taken from the {@link Compute} given: the one it forces,
 * else {@link BpttEngine#SCALAR} for a scalar compute, else {@link BpttEngine#REGISTER_RESIDENT} for hidden <=
 * {@value SmallRecurrence#MAX_HIDDEN}, {@link BpttEngine#FUSED_STEP} while hidden or batch is
 * below {@value Products#BLAS_MIN}, and {@link BpttEngine#GEMM} beyond. The all-steps products go to the
 * compute's Blas when every dimension is at least {@value Products#BLAS_MIN}, else to thin kernels (plain loops
 * for the scalar engine, the Vector API for the others).
 *
 * <p>Truncated BPTT with k steps (Williams and Peng 1990, BPTT(h)): the error of the loss term at time s
 * flows back through the pre-activations of steps s, s-1, ..., s-k+1 and no further (when s-k+1 <= 0 the
 * chain reaches h0). Each term is propagated separately, O(T k) per-step products; all parameter gradients
 * then follow from the accumulated dZ exactly as for full BPTT. k = 0 (or k >= T) is full BPTT.
 *
 * <p>A workspace is mutable scratch space: use one per thread (experiments run in parallel each hold their own).
 */
public final class BpttWorkspace implements BpttPass {

    final Activation f;
    final int in;
    final int hid;
    final int out;
    final int batch;
    final int time;
    final int washout;
    private final int truncation;
    final boolean hiddenBias;
    private final boolean outputBias;
    final int oIh;
    final int oHh;
    final int oHo;
    final int oBh;
    private final int oBo;
    private final int paramCount;

    final int tb;        // time * batch
    final int ldh;       // (time + 1) * batch: leading dimension of hs
    final int kept;      // (time - washout) * batch: columns of the readout
    final double[] x;    // in x tb
    private final double[] target; // out x tb
    final double[] hs;   // hid x ldh, slot 0 = h0
    final double[] y;    // out x kept: outputs, then dLoss/dY
    final double[] delta; // hid x tb: dLoss/dZ
    private final double[] direct; // hid x tb: W_ho^T dY (truncated BPTT only)
    private final double[] g;     // hid x batch scratch (truncated BPTT only)
    private final double[] gNext;
    private final double[] dh0;   // hid x batch
    private final BpttEngine engine;
    final Products products;
    private final Recurrence recurrence;
    private boolean hasInputs;

    /**
     * A workspace for models shaped as {@code shape} (sizes, biases and activation) and data of
     * {@code batch} sequences of {@code time} steps, on the default compute ({@link Compute#defaults()}).
     *
     * @param washout    first time step (0-based) that counts in the loss, {@code 0 <= washout < time}
     * @param truncation BPTT truncation in steps, 0 for full BPTT
     */
    public BpttWorkspace(RnnModel shape, int batch, int time, int washout, int truncation) {
        this(shape, batch, time, washout, truncation, Compute.defaults());
    }

    /**
     * A workspace for models shaped as {@code shape} and data of {@code batch} sequences of {@code time} steps,
     * whose products and engine come from {@code compute}.
     *
     * @param washout    first time step (0-based) that counts in the loss, {@code 0 <= washout < time}
     * @param truncation BPTT truncation in steps, 0 for full BPTT
     * @throws IllegalArgumentException when the compute forces an engine that cannot run this shape
     */
    public BpttWorkspace(RnnModel shape, int batch, int time, int washout, int truncation, Compute compute) {
        checkArguments(shape, batch, time, washout, truncation, compute);
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
        this.engine = engineFor(compute, hid, batch, f);
        // The Vector API classes are only touched here when the engine needs them (a JVM without the module
        // never loads them).
        this.products = engine.usesVectorApi() ? new VectorProducts(compute.blas()) : new ScalarProducts(compute.blas());
        this.recurrence = switch (engine) {
            case SCALAR -> new PerStepRecurrence(null);
            case GEMM -> new PerStepRecurrence(VectorActivation.of(f));
            case FUSED_STEP -> new FusedStepRecurrence(VectorActivation.of(f));
            case REGISTER_RESIDENT -> new RegisterResidentRecurrence(VectorActivation.of(f));
        };
    }

    /** The engine a workspace of this shape runs on under {@code compute} (see the class comment). */
    public static BpttEngine engineFor(Compute compute, int hidden, int batch, Activation f) {
        BpttEngine forced = compute.forcedEngine();
        if (forced != null) {
            if (forced == BpttEngine.REGISTER_RESIDENT && !RegisterResidentRecurrence.supports(hidden, f)) {
                throw new IllegalArgumentException("the register-resident engine needs hidden <= "
                        + SmallRecurrence.MAX_HIDDEN + ", got hidden " + hidden);
            }
            return forced;
        }
        if (!compute.vectorEngines()) {
            return BpttEngine.SCALAR;
        }
        if (RegisterResidentRecurrence.supports(hidden, f)) {
            return BpttEngine.REGISTER_RESIDENT;
        }
        return Products.useBlas(hidden, batch, hidden) ? BpttEngine.GEMM : BpttEngine.FUSED_STEP;
    }

    /** The engine this workspace runs on. */
    public BpttEngine engine() {
        return engine;
    }

    /** The checks of a workspace's shape, shared with {@link FloatBpttWorkspace}, at the public edge. */
    static void checkArguments(RnnModel shape, int batch, int time, int washout, int truncation, Compute compute) {
        if (shape == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (compute == null) {
            throw new IllegalArgumentException("compute must not be null");
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
    }

    /** A workspace for {@code model} and {@code data} on {@code compute}, with the data already loaded. */
    public static BpttWorkspace of(RnnModel model, Sequences data, int washout, int truncation, Compute compute) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        BpttWorkspace ws = new BpttWorkspace(model, data.batch(), data.time(), washout, truncation, compute);
        ws.setData(data);
        return ws;
    }

    /** A workspace for {@code model} and {@code data} on the default compute, with the data already loaded. */
    public static BpttWorkspace of(RnnModel model, Sequences data, int washout, int truncation) {
        return of(model, data, washout, truncation, Compute.defaults());
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
        return flopsPerPass(in, hid, out, batch, time, washout, truncation);
    }

    /**
     * {@link #flopsPerPass()} of a workspace of these sizes (whatever its dtype: {@link FloatBpttWorkspace} does the
     * same products).
     */
    public static long flopsPerPass(int in, int hid, int out, int batch, int time, int washout, int truncation) {
        long h = hid;
        long tb = (long) time * batch;
        long kept = (long) (time - washout) * batch;
        long fwd = 2L * h * in * tb + 2L * h * h * tb + 2L * out * h * kept;
        long bwd = 2L * out * h * kept * 2;                               // dW_ho, W_ho^T dY
        long rec = truncation == 0 ? (long) (time - 1) * batch
                : recurrentBackSteps(time, washout, truncation) * (long) batch;
        bwd += 2L * h * h * rec;                                          // W_hh^T dZ per step
        bwd += 2L * h * h * tb + 2L * h * in * tb + 2L * h * h * batch;   // dW_hh, dW_ih, dh0
        return fwd + bwd;
    }

    private static long recurrentBackSteps(int time, int washout, int truncation) {
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
        recurrence.forward(this, params);
    }

    /** Y = W_ho H + b_o on the kept steps, into y (out x kept). Needs {@link #forward} first. */
    private void readout(double[] params) {
        products.nn(out, kept, hid, params, oHo, hid, hs, (washout + 1) * batch, ldh, false, y, 0, kept);
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
            sum += products.squaredErrorAndResidual(kept, y, o * kept, target, o * tb + washout * batch, Double.NaN);
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
            sum += products.squaredErrorAndResidual(kept, y, o * kept, target, o * tb + washout * batch, scale);
        }
        double loss = sum / n;
        backward(params, grad);
        return loss;
    }

    // ------------------------------------------------------------------ backward (mirrors forward in reverse)

    private void backward(double[] params, double[] grad) {
        // Readout: dW_ho = dY H_kept^T, db_o = sum of dY.
        products.nt(out, hid, kept, y, 0, kept, hs, (washout + 1) * batch, ldh, grad, oHo, hid);
        if (outputBias) {
            products.rowSums(out, kept, y, 0, kept, grad, oBo);
        }
        // dZ: the engine's recursion for full BPTT; truncated BPTT term by term.
        if (truncation == 0) {
            recurrence.backward(this, params);
        } else {
            truncatedDelta(params);
        }
        // Parameter gradients from dZ: dW_hh = dZ H_prev^T, dW_ih = dZ X^T, db_h = sum of dZ.
        recurrence.weightGradients(this, grad);
        if (hiddenBias) {
            products.rowSums(hid, tb, delta, 0, tb, grad, oBh);
        }
        // dh0 = W_hh^T dZ_0
        products.tn(hid, batch, hid, params, oHh, hid, delta, 0, tb, false, dh0, 0, batch);
    }

    /** dZ for BPTT truncated at k steps: each loss term's error goes back through at most k pre-activations. */
    private void truncatedDelta(double[] params) {
        int w = washout * batch;
        for (int h = 0; h < hid; h++) {
            Arrays.fill(direct, h * tb, h * tb + w, 0.0);
        }
        products.tn(hid, kept, out, params, oHo, hid, y, 0, kept, false, direct, w, tb);
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
                    axpy(batch, cur, h * batch, delta, h * tb + j * batch);
                }
                if (j > lo) {
                    products.tn(hid, batch, hid, params, oHh, hid, cur, 0, batch, false, next, 0, batch);
                    double[] swap = cur;
                    cur = next;
                    next = swap;
                }
            }
        }
    }

    /** {@code y[yOff..yOff+n) += x[xOff..xOff+n)}. */
    private static void axpy(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += x[xOff + j];
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
