package org.teachingrnns.rnn.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The hidden-state nonlinearity {@code f} of {@code h_t = f(W_ih x_t + W_hh h_{t-1} + b_h)}: the one place
 * where f and f' are written.
 *
 * <p>The derivative is expressed through the output {@code h = f(z)} (as in min-char-rnn's {@code 1 - h*h}),
 * so the forward pass keeps only the hidden states and the backward pass needs nothing else. For relu,
 * f'(0) = 0, as PyTorch's {@code threshold_backward} (gradient passes where the output is {@code > 0}).
 *
 * <p>tanh is {@link Tanh#tanh}, not {@link Math#tanh}: the Vector API engines apply it lane-wise
 * ({@link VectorActivation}) with the same bits, which {@code Math.tanh} has no form for.
 */
public enum Activation {
    LINEAR("linear") {
        @Override
        public double apply(double z) {
            return z;
        }

        @Override
        public double chainDerivative(double grad, double h) {
            return grad;
        }

        // The identity needs no pass over the arrays.
        @Override
        public void applyInPlace(double[] a, int off, int len) {
        }

        @Override
        public void multiplyByDerivative(double[] grad, int gOff, double[] h, int hOff, int len) {
        }
    },
    TANH("tanh") {
        /** The project's {@link Tanh#tanh} (within 3 ulps), which has a lane-wise form with the same bits. */
        @Override
        public double apply(double z) {
            return Tanh.tanh(z);
        }

        @Override
        public double chainDerivative(double grad, double h) {
            return grad * (1.0 - h * h);
        }
    },
    RELU("relu") {
        /** max(z, 0): NaN stays NaN, as torch.relu. */
        @Override
        public double apply(double z) {
            return Math.max(z, 0.0);
        }

        /** The gradient passes where the output is positive and is 0 elsewhere, even where it is not finite. */
        @Override
        public double chainDerivative(double grad, double h) {
            return h > 0.0 ? grad : 0.0;
        }
    };

    private final String key;

    Activation(String key) {
        this.key = key;
    }

    /**
     * f in float, for float32 training: what {@link #apply} is in double, with {@link Tanh#tanh(float)} for tanh
     * (within 2 float ulps of the correctly rounded value) and relu as {@code Math.max(z, 0f)} (NaN stays NaN, -0
     * becomes 0). {@code VectorActivation.applyFloatToRow} gives the same bits in lanes.
     */
    public float applyFloat(float z) {
        return switch (this) {
            case LINEAR -> z;
            case RELU -> Math.max(z, 0f);
            case TANH -> Tanh.tanh(z);
        };
    }

    /**
     * {@code grad * f'(z)} in float, through {@code h = f(z)}, for float32 training: linear and relu pass or select as
     * {@link #chainDerivative} does (exact in any precision), tanh's {@code grad * (1 - h*h)} with each operation
     * rounded to float, as torch's {@code tanh_backward} computes it on float32 tensors. The float lanes of
     * {@code VectorActivation} and the float register-resident kernels give the same bits.
     */
    public float chainDerivativeFloat(float grad, float h) {
        return switch (this) {
            case LINEAR -> grad;
            case RELU -> h > 0f ? grad : 0f;
            case TANH -> grad * (1f - h * h);
        };
    }

    /** The name used on the command line and in JSON: {@code linear}, {@code tanh}, {@code relu}. */
    public String key() {
        return key;
    }

    /** f(z). */
    public abstract double apply(double z);

    /**
     * {@code grad * f'(z)} written through {@code h = f(z)}: the one place f' is written. relu selects rather than
     * multiplies (torch's {@code threshold_backward}), so a non-finite gradient where the unit is off gives 0.
     */
    public abstract double chainDerivative(double grad, double h);

    /** f'(z) written through h = f(z). */
    public final double derivativeFromOutput(double h) {
        return chainDerivative(1.0, h);
    }

    /** {@code a[i] = f(a[i])} for {@code i in [off, off+len)}. */
    public void applyInPlace(double[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = apply(a[i]);
        }
    }

    /** {@code grad[gOff+i] *= f'(z_i)} where {@code h[hOff+i] = f(z_i)}, for {@code i < len}. */
    public void multiplyByDerivative(double[] grad, int gOff, double[] h, int hOff, int len) {
        for (int i = 0; i < len; i++) {
            grad[gOff + i] = chainDerivative(grad[gOff + i], h[hOff + i]);
        }
    }

    /** Parses a key, case-insensitively; unknown names get a message listing the valid ones. */
    public static Activation parse(String name) {
        if (name != null) {
            String k = name.trim().toLowerCase(Locale.ROOT);
            for (Activation a : values()) {
                if (a.key.equals(k)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; valid values: "
                + Arrays.stream(values()).map(Activation::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key;
    }
}
