package org.teachingrnns.rnn.compute;

/**
 * The ways BPTT can run its recurrence, all computing the equations of
 * {@link org.teachingrnns.rnn.bptt.ReferenceBptt} on the workspace layout of
 * {@link org.teachingrnns.rnn.bptt.BpttWorkspace}. A {@link Compute} chooses one per workspace (by model and
 * batch shape) unless one is forced with {@link Compute#withEngine}, which the tests do to compare each with the
 * reference.
 */
public enum BpttEngine {

    /**
     * Plain Java loops only (no Vector API class is loaded): the input drive for all steps at once, then one
     * recurrent product per step; products with every dimension >= 16 go to the compute's {@code Blas}.
     */
    SCALAR("scalar", false),

    /**
     * The same shape as {@link #SCALAR} with the Vector API products: one GEMM per step through the compute's
     * {@code Blas} when hidden and batch are >= 16, thin register-blocked kernels below that.
     */
    GEMM("gemm", true),

    /**
     * One Vector API kernel per step that forms both products of the step in one pass over the batch:
     * {@code W_ih x_t + W_hh h_{t-1} + b_h} forward, {@code W_ho^T dY_t + W_hh^T dZ_{t+1}} backward.
     */
    FUSED_STEP("fused-step", true),

    /**
     * The generated {@code SmallRecurrence}: the hidden state of two vector strips of the batch stays in
     * registers for the whole sequence (hidden <= 6; linear and relu applied in registers, tanh on the stored
     * states once per step). In float32, its float twin {@code FloatSmallRecurrence}.
     */
    REGISTER_RESIDENT("register-resident", true);

    private final String key;
    private final boolean vectorApi;

    BpttEngine(String key, boolean vectorApi) {
        this.key = key;
        this.vectorApi = vectorApi;
    }

    /** The name in descriptions and test reports. */
    public String key() {
        return key;
    }

    /** Whether the engine's kernels are written on {@code jdk.incubator.vector} (the module must be present). */
    public boolean usesVectorApi() {
        return vectorApi;
    }

    @Override
    public String toString() {
        return key;
    }
}
