package org.teachingrnns.rnn.bptt;

/**
 * One BPTT engine: how the sequential part of BPTT (the hidden-state recursion and, for full BPTT, the error
 * recursion) runs on the layout of {@link BpttWorkspace}. Each engine computes the equations of
 * {@link ReferenceBptt}; the all-steps products around them (readout, loss, weight gradients, truncated BPTT)
 * are shared and live in the workspace.
 */
abstract class Recurrence {

    /** The forward recursion of {@link ReferenceBptt} for t = 0..T-1 into hs slots 1..T (slot 0 holds h0). */
    abstract void forward(BpttWorkspace w, double[] p);

    /** The full-BPTT recursion of {@link ReferenceBptt} for dz_t, t = T-1..0, into delta, from dY in y. */
    abstract void backward(BpttWorkspace w, double[] p);

    /** The sums over time of dW_hh and dW_ih ({@link ReferenceBptt}) into grad, as two products over all columns. */
    void weightGradients(BpttWorkspace w, double[] grad) {
        w.products.nt(w.hid, w.hid, w.tb, w.delta, 0, w.tb, w.hs, 0, w.ldh, grad, w.oHh, w.hid);
        w.products.nt(w.hid, w.in, w.tb, w.delta, 0, w.tb, w.x, 0, w.tb, grad, w.oIh, w.in);
    }
}
