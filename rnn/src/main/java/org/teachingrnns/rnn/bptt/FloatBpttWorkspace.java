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
 * BPTT in float ({@code --dtype float32}): the equations of {@link ReferenceBptt} on the layout of
 * {@link BpttWorkspace} (feature-major {@code [f][t][b]}, h0 in hidden-state slot 0), with data, weights, hidden
 * states, errors and every sum of the forward and backward pass in float, as PyTorch's default dtype computes
 * them. Two recurrences ({@link #engine()}):
 * <ul>
 *   <li>{@link BpttEngine#REGISTER_RESIDENT} for hidden <= {@value FloatSmallRecurrence#MAX_HIDDEN} when the
 *       compute's engines are the Vector API ones: the generated {@link FloatSmallRecurrence}, the float form of
 *       float64's register-resident kernels (the hidden state of two vector strips of the batch in registers for the
 *       whole sequence), forward, full-BPTT backward and dW_hh (with dW_ih for one input); truncated BPTT's dZ goes
 *       term by term as below, as in {@link BpttWorkspace};</li>
 *   <li>else one recurrent product per step ({@link BpttEngine#GEMM}, or {@link BpttEngine#SCALAR} under
 *       {@code --backend scalar}): the all-steps products and the per-step recurrent products go to the compute's
 *       {@code sgemm} when every dimension is at least {@value Products#BLAS_MIN}, else to thin float kernels
 *       ({@link FloatProducts}: Vector API ones when the compute's engines are, plain loops under
 *       {@code --backend scalar}). A forced {@link BpttEngine#FUSED_STEP} runs this one too: the float path has
 *       no fused-step kernel.</li>
 * </ul>
 *
 * <p>The interface is double, as {@link BpttPass}: the parameters given are rounded to float on entry (exact for
 * a model trained in float32, whose weights are float values), the gradient is widened exactly on exit. Only the
 * loss value is accumulated in double (the sum of the float residuals' squares): it is reported, not
 * differentiated. f is {@link Activation#applyFloat} (tanh as {@code Tanh.tanh(float)}, in lanes with the Vector API:
 * the same bits), and f' is {@link Activation#chainDerivativeFloat} (tanh's {@code 1 - h*h} in float, as torch), the
 * one place each is written for float; both recurrences give those bits.
 *
 * <p>Truncated BPTT as in {@link BpttWorkspace}: the error of each loss term is propagated separately through at
 * most k pre-activations. One workspace per thread.
 */
public final class FloatBpttWorkspace implements BpttPass {

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
    private final int tb;       // time * batch
    private final int ldh;      // (time + 1) * batch
    private final int kept;     // (time - washout) * batch
    private final float[] p;    // the parameters, rounded to float
    private final float[] grad; // the gradient in float
    private final float[] x;    // in x tb
    private final float[] target; // out x tb
    private final float[] hs;   // hid x ldh, slot 0 = h0
    private final float[] y;    // out x kept: outputs, then dLoss/dY
    private final float[] delta; // hid x tb: dLoss/dZ
    private final float[] direct; // hid x tb: W_ho^T dY (truncated BPTT only)
    private final float[] g;     // hid x batch (truncated BPTT only)
    private final float[] gNext;
    private final float[] dh0;   // hid x batch
    private final FloatProducts products;
    private final BpttEngine engine;
    private final VectorActivation lanes; // f's lane form for the register-resident kernels, else null
    private final float[] laneSums;       // the register-resident gradient kernels' lane-sum scratch, else null
    private boolean hasData;

    /**
     * A float workspace for models shaped as {@code shape} and data of {@code batch} sequences of {@code time}
     * steps, its products on {@code compute}'s Blas (its dtype is not consulted: this class is float32).
     *
     * @param washout    first time step (0-based) in the loss, {@code 0 <= washout < time}
     * @param truncation BPTT truncation in steps, 0 for full BPTT
     */
    public FloatBpttWorkspace(RnnModel shape, int batch, int time, int washout, int truncation, Compute compute) {
        BpttWorkspace.checkArguments(shape, batch, time, washout, truncation, compute);
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
        this.p = new float[paramCount];
        this.grad = new float[paramCount];
        this.x = new float[Math.multiplyExact(in, tb)];
        this.target = new float[Math.multiplyExact(out, tb)];
        this.hs = new float[Math.multiplyExact(hid, ldh)];
        this.y = new float[Math.multiplyExact(out, kept)];
        this.delta = new float[Math.multiplyExact(hid, tb)];
        this.direct = this.truncation > 0 ? new float[hid * tb] : null;
        this.g = this.truncation > 0 ? new float[hid * batch] : null;
        this.gNext = this.truncation > 0 ? new float[hid * batch] : null;
        this.dh0 = new float[hid * batch];
        this.products = new FloatProducts(compute.blas(), compute.vectorEngines());
        this.engine = engineFor(compute, hid);
        // The Vector API classes are touched only for the register-resident kernels (a scalar run loads none).
        this.lanes = engine == BpttEngine.REGISTER_RESIDENT ? VectorActivation.of(f) : null;
        this.laneSums = lanes != null ? FloatSmallRecurrence.laneScratch() : null;
    }

    /**
     * The recurrence a float32 workspace of this hidden size runs on under {@code compute} (see the class comment):
     * the forced engine where the float path has it, else register-resident for hidden <=
     * {@value FloatSmallRecurrence#MAX_HIDDEN} with the Vector API engines, else per-step.
     *
     * @throws IllegalArgumentException when the register-resident engine is forced on a larger hidden size
     */
    public static BpttEngine engineFor(Compute compute, int hidden) {
        BpttEngine forced = compute.forcedEngine();
        boolean small = hidden >= 1 && hidden <= FloatSmallRecurrence.MAX_HIDDEN;
        if (forced == BpttEngine.REGISTER_RESIDENT && !small) {
            throw new IllegalArgumentException("the register-resident engine needs hidden <= "
                    + FloatSmallRecurrence.MAX_HIDDEN + ", got hidden " + hidden);
        }
        if (!compute.vectorEngines()) {
            return BpttEngine.SCALAR;
        }
        if (forced == BpttEngine.GEMM || forced == BpttEngine.FUSED_STEP) {
            return BpttEngine.GEMM;
        }
        return small ? BpttEngine.REGISTER_RESIDENT : BpttEngine.GEMM;
    }

    /** The recurrence this workspace runs on: register-resident, or per-step (GEMM with the Vector API, else SCALAR). */
    public BpttEngine engine() {
        return engine;
    }

    /** A float workspace for {@code model} and {@code data} on {@code compute}, with the data loaded (rounded to float). */
    public static FloatBpttWorkspace of(RnnModel model, Sequences data, int washout, int truncation, Compute compute) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        Bptt.checkModelData(model, data);
        FloatBpttWorkspace ws = new FloatBpttWorkspace(model, data.batch(), data.time(), washout, truncation, compute);
        ws.setData(data);
        return ws;
    }

    /**
     * Loss, gradient, dLoss/dh0 and last state of the float32 BPTT, widened to double (the float counterpart of
     * {@link Bptt#lossAndGradients(RnnModel, Sequences, int, int, double[][], Compute)}).
     *
     * @param h0 {@code [batch][hidden]}, null for zeros (rounded to float)
     */
    public static Bptt.LossAndGradients lossAndGradients(RnnModel m, Sequences d, int washout, int truncation,
                                                         double[][] h0, Compute compute) {
        FloatBpttWorkspace ws = of(m, d, washout, truncation, compute);
        RnnModel gradient = m.zerosLike();
        double loss = ws.lossAndGradient(m.parameterArray(), Bptt.packH0(h0, d.batch(), m.hiddenSize()),
                gradient.parameterArray());
        return new Bptt.LossAndGradients(loss, gradient, Bptt.unpack(ws.dLossDh0(), m.hiddenSize(), d.batch()),
                ws.lastHidden());
    }

    /** Loads inputs and targets, rounded to float (sizes must match this workspace). */
    public void setData(Sequences data) {
        if (data.batch() != batch || data.time() != time || data.inputSize() != in || data.outputSize() != out) {
            throw new IllegalArgumentException("data has " + data.batch() + " sequences of " + data.time() + " steps, "
                    + data.inputSize() + " inputs, " + data.outputSize() + " outputs; workspace expects " + batch
                    + " of " + time + ", " + in + ", " + out);
        }
        double[] wide = new double[Math.max(x.length, target.length)];
        data.packInputs(wide);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) wide[i];
        }
        data.packTargets(wide);
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) wide[i];
        }
        hasData = true;
    }

    /** The truncation in effect (0 = full BPTT). */
    public int truncation() {
        return truncation;
    }

    // ------------------------------------------------------------------ forward

    /** Rounds params into p, h0 into slot 0, then H_t = f(W_ih X_t + b_h + W_hh H_{t-1}) for every step. */
    private void forward(double[] params, double[] h0) {
        if (params == null || params.length != paramCount) {
            throw new IllegalArgumentException("params must have " + paramCount + " elements for this model shape");
        }
        if (!hasData) {
            throw new IllegalStateException("no data loaded: call setData first");
        }
        if (h0 != null && h0.length != hid * batch) {
            throw new IllegalArgumentException("h0 must have hidden x batch = " + hid * batch + " elements");
        }
        for (int i = 0; i < paramCount; i++) {
            p[i] = (float) params[i];
        }
        for (int h = 0; h < hid; h++) {
            for (int b = 0; b < batch; b++) {
                hs[h * ldh + b] = h0 == null ? 0f : (float) h0[h * batch + b];
            }
        }
        if (lanes != null) {
            FloatSmallRecurrence.forward(hid, in, batch, time, p, oIh, oHh, hiddenBias ? p : null, oBh, lanes, x, hs);
            return;
        }
        // Slots 1..T: Z = W_ih X + b_h, every step at once.
        products.nn(hid, tb, in, p, oIh, in, x, 0, tb, false, hs, batch, ldh);
        if (hiddenBias) {
            for (int h = 0; h < hid; h++) {
                float bh = p[oBh + h];
                for (int j = h * ldh + batch, end = j + tb; j < end; j++) {
                    hs[j] += bh;
                }
            }
        }
        for (int t = 0; t < time; t++) {
            products.nn(hid, batch, hid, p, oHh, hid, hs, t * batch, ldh, true, hs, (t + 1) * batch, ldh);
            if (f != Activation.LINEAR) {
                for (int h = 0; h < hid; h++) {
                    products.activate(f, hs, h * ldh + (t + 1) * batch, batch);
                }
            }
        }
    }

    /** Y = W_ho H + b_o on the kept steps, into y. */
    private void readout() {
        products.nn(out, kept, hid, p, oHo, hid, hs, (washout + 1) * batch, ldh, false, y, 0, kept);
        if (outputBias) {
            for (int o = 0; o < out; o++) {
                float bo = p[oBo + o];
                for (int j = o * kept, end = j + kept; j < end; j++) {
                    y[j] += bo;
                }
            }
        }
    }

    /**
     * The sum of squared float residuals {@code y - target} over the kept steps, in double; with
     * {@code residual}, y becomes dLoss/dY = {@code (2/N) (y - target)} in float (torch's mse_loss_backward).
     */
    private double squaredError(boolean residual) {
        float scale = (float) (2.0 / ((double) kept * out));
        double sum = 0.0;
        for (int o = 0; o < out; o++) {
            int yo = o * kept;
            int to = o * tb + washout * batch;
            for (int j = 0; j < kept; j++) {
                float d = y[yo + j] - target[to + j];
                sum += (double) d * d;
                if (residual) {
                    y[yo + j] = scale * d;
                }
            }
        }
        return sum;
    }

    @Override
    public double loss(double[] params, double[] h0) {
        forward(params, h0);
        readout();
        return squaredError(false) / ((double) kept * out);
    }

    @Override
    public double lossAndGradient(double[] params, double[] h0, double[] gradient) {
        if (gradient == null || gradient.length != paramCount) {
            throw new IllegalArgumentException("grad must have " + paramCount + " elements");
        }
        forward(params, h0);
        readout();
        double loss = squaredError(true) / ((double) kept * out);
        backward();
        for (int i = 0; i < paramCount; i++) {
            gradient[i] = grad[i];
        }
        return loss;
    }

    // ------------------------------------------------------------------ backward

    private void backward() {
        // Readout: dW_ho = dY H_kept^T, db_o = sum of dY.
        products.nt(out, hid, kept, y, 0, kept, hs, (washout + 1) * batch, ldh, grad, oHo, hid);
        if (outputBias) {
            products.rowSums(out, kept, y, 0, kept, grad, oBo);
        }
        if (truncation > 0) {
            truncatedDelta();
        } else if (lanes != null) {
            FloatSmallRecurrence.backward(hid, out, batch, time, washout, p, oHo, oHh, lanes, y, hs, delta);
        } else {
            fullDelta();
        }
        // dW_hh = dZ H_prev^T, dW_ih = dZ X^T, db_h = sum of dZ, dh0 = W_hh^T dZ_0.
        if (lanes != null) {
            // One pass for dW_hh and, with a single input, dW_ih.
            FloatSmallRecurrence.recurrentGradient(hid, delta, tb, hs, ldh, grad, oHh, in == 1 ? x : null, grad, oIh,
                    laneSums);
        } else {
            products.nt(hid, hid, tb, delta, 0, tb, hs, 0, ldh, grad, oHh, hid);
        }
        if (lanes == null || in != 1) {
            products.nt(hid, in, tb, delta, 0, tb, x, 0, tb, grad, oIh, in);
        }
        if (hiddenBias) {
            products.rowSums(hid, tb, delta, 0, tb, grad, oBh);
        }
        products.tn(hid, batch, hid, p, oHh, hid, delta, 0, tb, false, dh0, 0, batch);
    }

    /** dZ_t = (W_ho^T dY_t + W_hh^T dZ_{t+1}) * f'(Z_t), t = T-1..0. */
    private void fullDelta() {
        for (int h = 0; h < hid; h++) {
            Arrays.fill(delta, h * tb, h * tb + washout * batch, 0f);
        }
        products.tn(hid, kept, out, p, oHo, hid, y, 0, kept, false, delta, washout * batch, tb);
        for (int t = time - 1; t >= 0; t--) {
            if (t < time - 1) {
                products.tn(hid, batch, hid, p, oHh, hid, delta, (t + 1) * batch, tb, true, delta, t * batch, tb);
            }
            timesDerivative(delta, tb, t * batch, t);
        }
    }

    /** dZ for BPTT truncated at k steps, as {@link BpttWorkspace}: each loss term's error separately. */
    private void truncatedDelta() {
        int w = washout * batch;
        for (int h = 0; h < hid; h++) {
            Arrays.fill(direct, h * tb, h * tb + w, 0f);
        }
        products.tn(hid, kept, out, p, oHo, hid, y, 0, kept, false, direct, w, tb);
        Arrays.fill(delta, 0f);
        float[] cur = g;
        float[] next = gNext;
        for (int s = washout; s < time; s++) {
            for (int h = 0; h < hid; h++) {
                System.arraycopy(direct, h * tb + s * batch, cur, h * batch, batch);
            }
            int lo = Math.max(0, s - truncation + 1);
            for (int j = s; j >= lo; j--) {
                timesDerivative(cur, batch, 0, j);
                for (int h = 0; h < hid; h++) {
                    int c = h * batch;
                    int d = h * tb + j * batch;
                    for (int b = 0; b < batch; b++) {
                        delta[d + b] += cur[c + b];
                    }
                }
                if (j > lo) {
                    products.tn(hid, batch, hid, p, oHh, hid, cur, 0, batch, false, next, 0, batch);
                    float[] swap = cur;
                    cur = next;
                    next = swap;
                }
            }
        }
    }

    /** {@code a[h][off + b] *= f'(z)} at step t for every unit h (row length ld), f' from h_t = f(z). */
    private void timesDerivative(float[] a, int ld, int off, int t) {
        if (f == Activation.LINEAR) {
            return;
        }
        for (int h = 0; h < hid; h++) {
            int ai = h * ld + off;
            int hi = h * ldh + (t + 1) * batch;
            for (int b = 0; b < batch; b++) {
                a[ai + b] = f.chainDerivativeFloat(a[ai + b], hs[hi + b]);
            }
        }
    }

    // ------------------------------------------------------------------ results of the last pass

    /** dLoss/dh0 of the last {@link #lossAndGradient} pass, {@code hidden x batch}, widened (a new array). */
    public double[] dLossDh0() {
        double[] r = new double[dh0.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = dh0[i];
        }
        return r;
    }

    /** The last hidden state h_{T-1} of the last forward pass, {@code [batch][hidden]}, widened. */
    public double[][] lastHidden() {
        double[][] r = new double[batch][hid];
        for (int h = 0; h < hid; h++) {
            for (int b = 0; b < batch; b++) {
                r[b][h] = hs[h * ldh + time * batch + b];
            }
        }
        return r;
    }
}
