package org.teachingrnns.rnn.bptt;

import org.teachingrnns.rnn.model.VectorActivation;

/**
 * The {@code fused-step} engine for small RNNs (hidden or batch below {@link Products#BLAS_MIN}): both products
 * of a step in one pass of {@link Kernels#step} over the batch, so the state is read once per step instead of
 * twice (forward {@code W_ih x_t + W_hh H_{t-1} + b_h}, backward {@code W_ho^T dY_t + W_hh^T dZ_{t+1}}).
 */
final class FusedStepRecurrence extends Recurrence {

    /** f and f' in lanes, over the hidden rows of a step at once. */
    private final VectorActivation lanes;

    FusedStepRecurrence(VectorActivation lanes) {
        this.lanes = lanes;
    }

    @Override
    void forward(BpttWorkspace w, double[] p) {
        int batch = w.batch;
        for (int t = 0; t < w.time; t++) {
            // H_t = f(W_ih x_t + W_hh H_{t-1} + b_h)
            Kernels.step(false, w.hid, batch,
                    w.in, p, w.oIh, w.in, w.x, t * batch, w.tb,
                    w.hid, p, w.oHh, w.hid, w.hs, t * batch, w.ldh,
                    w.hiddenBias ? p : null, w.oBh, false, w.hs, (t + 1) * batch, w.ldh);
            lanes.applyToRows(w.hs, (t + 1) * batch, w.ldh, w.hid, batch);
        }
    }

    @Override
    void backward(BpttWorkspace w, double[] p) {
        int batch = w.batch;
        int last = w.time - 1;
        for (int t = last; t >= 0; t--) {
            // dZ_t = (W_ho^T dY_t [t >= washout] + W_hh^T dZ_{t+1} [t < T-1]) * f'(H_t); an absent term has k = 0.
            Kernels.step(true, w.hid, batch,
                    t >= w.washout ? w.out : 0, p, w.oHo, w.hid, w.y, Math.max(0, t - w.washout) * batch, w.kept,
                    t < last ? w.hid : 0, p, w.oHh, w.hid, w.delta, Math.min(t + 1, last) * batch, w.tb,
                    null, 0, false, w.delta, t * batch, w.tb);
            lanes.multiplyByDerivativeRows(w.delta, t * batch, w.tb, w.hs, (t + 1) * batch, w.ldh, w.hid, batch);
        }
    }
}
