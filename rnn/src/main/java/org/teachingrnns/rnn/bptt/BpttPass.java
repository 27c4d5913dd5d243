package org.teachingrnns.rnn.bptt;

import org.teachingrnns.numeric.Fingerprint;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * What training needs of a BPTT workspace: the loss, and the loss with its gradient, at a flat parameter vector
 * (the layout of {@link RnnModel#parameterArray()}) for the data loaded. {@link BpttWorkspace} computes in double,
 * {@link FloatBpttWorkspace} in float; both take and return doubles, so the trainer and the optimizers are the
 * same for both.
 */
public interface BpttPass {

    /** The loss for params and h0 ({@code hidden x batch}, element {@code [h][b]}; null for zeros): a forward pass. */
    double loss(double[] params, double[] h0);

    /** Loss and gradient: dLoss/dparams into {@code grad} (same layout as params, overwritten). */
    double lossAndGradient(double[] params, double[] h0, double[] grad);

    /**
     * Names the code of the BPTT engines ({@link Fingerprint} of their classes' files), so that timings of an epoch
     * (auto's epoch trial) are measured again when that code changes.
     */
    static String codeFingerprint() {
        return Fingerprint.ofClasses(BpttWorkspace.class, FloatBpttWorkspace.class, Kernels.class, FloatVectorKernels.class,
                VectorProducts.class, FloatProducts.class, PerStepRecurrence.class, FusedStepRecurrence.class,
                RegisterResidentRecurrence.class, SmallRecurrence.class, FloatSmallRecurrence.class);
    }

    /**
     * The workspace for {@code model} and {@code data} in {@code dtype} on {@code compute}, with the data loaded:
     * a {@link BpttWorkspace} for float64, a {@link FloatBpttWorkspace} for float32.
     */
    static BpttPass of(RnnModel model, Sequences data, int washout, int truncation, Compute compute, Dtype dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        return dtype == Dtype.FLOAT32
                ? FloatBpttWorkspace.of(model, data, washout, truncation, compute)
                : BpttWorkspace.of(model, data, washout, truncation, compute);
    }
}
