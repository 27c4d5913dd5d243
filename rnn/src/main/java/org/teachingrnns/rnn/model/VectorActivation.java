package org.teachingrnns.rnn.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * The lane-wise (Vector API) form of an {@link Activation}'s f and f', for kernels that keep hidden states in
 * vector registers (the generated {@code SmallRecurrence}). Every lane gets exactly what {@code Activation}'s
 * array methods give one element, bit for bit: {@link #apply} is {@link Activation#applyInPlace} (relu is
 * {@code Math.max(z, 0.0)}: -0.0 becomes 0.0 and NaN stays NaN, as {@code torch.relu}) and
 * {@link #multiplyByDerivative} (through {@link #derivativeMask}) is {@link Activation#multiplyByDerivative} (relu
 * passes the gradient where the output is {@code > 0}, as PyTorch's {@code threshold_backward}; a NaN or zero
 * output stops it).
 * {@code VectorActivationTest} checks both against the scalar methods.
 *
 * <p>Only the piecewise-linear activations have a lane-wise form: the Vector API's {@code TANH} is not
 * {@link Math#tanh} bit for bit, so {@link #of} rejects tanh, which stays on the array path.
 *
 * <p>The per-activation bodies are at most 6 bytes of bytecode ({@code MaxTrivialSize}) on purpose: the generated
 * kernels call them once per state vector and time step, C2 inlines a method that small even into methods past its
 * {@code NodeCountInliningCutoff} (as those kernels are), and a call it did not inline would box every vector
 * argument and result. A 20-byte relu f' ({@code compare} and {@code blend} in one method) was refused there for
 * some of the twelve vectors of hidden 6 ({@code -XX:+PrintInlining}); hence f' as a mask, applied by the caller.
 */
public enum VectorActivation {
    LINEAR(Activation.LINEAR) {
        @Override
        public DoubleVector apply(DoubleVector z) {
            return z;
        }

        @Override
        public VectorMask<Double> derivativeMask(DoubleVector zero, DoubleVector h) {
            return null;
        }
    },
    RELU(Activation.RELU) {
        @Override
        public DoubleVector apply(DoubleVector z) {
            return z.max(0.0);
        }

        @Override
        public VectorMask<Double> derivativeMask(DoubleVector zero, DoubleVector h) {
            return zero.lt(h);
        }
    };

    private final Activation activation;

    VectorActivation(Activation activation) {
        this.activation = activation;
    }

    /** The lane-wise form of f: linear or relu; tanh has none. */
    public static VectorActivation of(Activation f) {
        for (VectorActivation v : values()) {
            if (v.activation == f) {
                return v;
            }
        }
        throw new IllegalArgumentException("activation " + f + " has no lane-wise form (linear and relu do)");
    }

    /** Whether f has a lane-wise form (linear and relu, not tanh). */
    public static boolean exists(Activation f) {
        return f == Activation.LINEAR || f == Activation.RELU;
    }

    /** The scalar activation this is the lane-wise form of. */
    public Activation activation() {
        return activation;
    }

    /** f(z) in every lane of z, as {@link Activation#applyInPlace}. */
    public abstract DoubleVector apply(DoubleVector z);

    /**
     * f' of a piecewise-linear activation is 0 or 1 in each lane: the lanes where it is 1, given the outputs
     * {@code h = f(z)} and a zero vector of their species, or {@code null} when it is 1 in every lane. A kernel
     * multiplies by f' exactly as {@link #multiplyByDerivative} does: {@code zero.blend(grad, mask)}, which gives
     * +0.0 where a product by 0 would give -0.0 or NaN.
     */
    public abstract VectorMask<Double> derivativeMask(DoubleVector zero, DoubleVector h);

    /** {@code grad * f'(z)} in every lane, where {@code h = f(z)}, as {@link Activation#multiplyByDerivative}. */
    public DoubleVector multiplyByDerivative(DoubleVector grad, DoubleVector h) {
        DoubleVector zero = DoubleVector.zero(grad.species());
        VectorMask<Double> passes = derivativeMask(zero, h);
        return passes == null ? grad : zero.blend(grad, passes);
    }
}
