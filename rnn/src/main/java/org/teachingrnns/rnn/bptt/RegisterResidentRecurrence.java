package org.teachingrnns.rnn.bptt;

import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.VectorActivation;

/**
 * The {@code register-resident} engine: the generated {@link SmallRecurrence} keeps the hidden state of two
 * vector strips of the batch in registers for the whole sequence (hidden <= {@value SmallRecurrence#MAX_HIDDEN},
 * any activation: tanh through {@link VectorActivation#applyToRows} once per step, its f' 1 - h^2 in registers), and
 * forms dW_hh (and dW_ih for a single input) in one pass.
 */
final class RegisterResidentRecurrence extends Recurrence {

    static boolean supports(int hidden, Activation f) {
        return hidden >= 1 && hidden <= SmallRecurrence.MAX_HIDDEN && f != null;
    }

    private final VectorActivation lanes;
    /** The gradient kernels' lane-sum scratch (this engine belongs to one workspace). */
    private final double[] laneSums = SmallRecurrence.laneScratch();

    RegisterResidentRecurrence(VectorActivation lanes) {
        // The kernels that store the states (an f not applied in registers) apply tanh's f', 1 - h^2.
        if (!lanes.appliedInRegisters() && lanes != VectorActivation.TANH) {
            throw new IllegalArgumentException("the register-resident kernels apply " + lanes
                    + " neither in registers nor as tanh");
        }
        this.lanes = lanes;
    }

    @Override
    void forward(BpttWorkspace w, double[] p) {
        SmallRecurrence.forward(w.hid, w.in, w.batch, w.time, p, w.oIh, w.oHh, w.hiddenBias ? p : null, w.oBh,
                lanes, w.x, w.hs);
    }

    @Override
    void backward(BpttWorkspace w, double[] p) {
        SmallRecurrence.backward(w.hid, w.out, w.batch, w.time, w.washout, p, w.oHo, w.oHh, lanes,
                w.y, w.hs, w.delta);
    }

    @Override
    void weightGradients(BpttWorkspace w, double[] grad) {
        // One pass for dW_hh and, with a single input, dW_ih.
        SmallRecurrence.recurrentGradient(w.hid, w.delta, w.tb, w.hs, w.ldh, grad, w.oHh, w.in == 1 ? w.x : null,
                grad, w.oIh, laneSums);
        if (w.in != 1) {
            w.products.nt(w.hid, w.in, w.tb, w.delta, 0, w.tb, w.x, 0, w.tb, grad, w.oIh, w.in);
        }
    }
}
