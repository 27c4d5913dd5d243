package org.teachingrnns.rnn.bptt;

import java.util.Arrays;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.VectorActivation;

/**
 * The {@code scalar} and {@code gemm} engines: the equations as written, one product per line. The input
 * drive of all steps is one product over T*B columns, then one recurrent product per step (a GEMM when hidden
 * and batch are large), then f; backward the readout error of all kept steps is one product, then one
 * recurrent product per step in reverse, then f'. Plain loops or Vector API kernels, by the {@link Products}
 * of the workspace.
 */
final class PerStepRecurrence extends Recurrence {

    /**
     * f and f' in lanes (the gemm engine), or null for {@link Activation}'s scalar loops (the scalar engine, which
     * loads no Vector API class); the same bits either way.
     */
    private final VectorActivation lanes;

    PerStepRecurrence(VectorActivation lanes) {
        this.lanes = lanes;
    }

    @Override
    void forward(BpttWorkspace w, double[] p) {
        Products m = w.products;
        int hid = w.hid;
        int batch = w.batch;
        // Slots 1..T of hs: Z = W_ih X + b_h, every step at once.
        m.nn(hid, w.tb, w.in, p, w.oIh, w.in, w.x, 0, w.tb, false, w.hs, batch, w.ldh);
        if (w.hiddenBias) {
            for (int h = 0; h < hid; h++) {
                double bh = p[w.oBh + h];
                for (int j = h * w.ldh + batch, end = j + w.tb; j < end; j++) {
                    w.hs[j] += bh;
                }
            }
        }
        for (int t = 0; t < w.time; t++) {
            // H_t = f(Z_t + W_hh H_{t-1})
            m.nn(hid, batch, hid, p, w.oHh, hid, w.hs, t * batch, w.ldh, true, w.hs, (t + 1) * batch, w.ldh);
            if (lanes != null) {
                lanes.applyToRows(w.hs, (t + 1) * batch, w.ldh, hid, batch);
            } else if (w.f != Activation.LINEAR) {
                for (int h = 0; h < hid; h++) {
                    w.f.applyInPlace(w.hs, h * w.ldh + (t + 1) * batch, batch);
                }
            }
        }
    }

    @Override
    void backward(BpttWorkspace w, double[] p) {
        Products m = w.products;
        int hid = w.hid;
        int batch = w.batch;
        int tb = w.tb;
        // dH = W_ho^T dY on the kept steps, 0 before the washout.
        for (int h = 0; h < hid; h++) {
            Arrays.fill(w.delta, h * tb, h * tb + w.washout * batch, 0.0);
        }
        m.tn(hid, w.kept, w.out, p, w.oHo, hid, w.y, 0, w.kept, false, w.delta, w.washout * batch, tb);
        for (int t = w.time - 1; t >= 0; t--) {
            // dZ_t = (dH_t + W_hh^T dZ_{t+1}) * f'(H_t)
            if (t < w.time - 1) {
                m.tn(hid, batch, hid, p, w.oHh, hid, w.delta, (t + 1) * batch, tb, true, w.delta, t * batch, tb);
            }
            if (lanes != null) {
                lanes.multiplyByDerivativeRows(w.delta, t * batch, tb, w.hs, (t + 1) * batch, w.ldh,
                        hid, batch);
            } else if (w.f != Activation.LINEAR) {
                for (int h = 0; h < hid; h++) {
                    w.f.multiplyByDerivative(w.delta, h * tb + t * batch, w.hs, h * w.ldh + (t + 1) * batch, batch);
                }
            }
        }
    }
}
