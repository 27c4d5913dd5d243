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
 */
public enum Activation {
    LINEAR("linear") {
        @Override
        public double apply(double z) {
            return z;
        }

        @Override
        public double derivativeFromOutput(double h) {
            return 1.0;
        }

        @Override
        public void applyInPlace(double[] a, int off, int len) {
            // identity
        }

        @Override
        public void multiplyByDerivative(double[] grad, int gOff, double[] h, int hOff, int len) {
            // f' = 1
        }
    },
    TANH("tanh") {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivativeFromOutput(double h) {
            return 1.0 - h * h;
        }

        @Override
        public void applyInPlace(double[] a, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) {
                a[i] = Math.tanh(a[i]);
            }
        }

        @Override
        public void multiplyByDerivative(double[] grad, int gOff, double[] h, int hOff, int len) {
            for (int i = 0; i < len; i++) {
                double v = h[hOff + i];
                grad[gOff + i] *= 1.0 - v * v;
            }
        }
    },
    RELU("relu") {
        @Override
        public double apply(double z) {
            return z > 0.0 ? z : 0.0;
        }

        @Override
        public double derivativeFromOutput(double h) {
            return h > 0.0 ? 1.0 : 0.0;
        }

        @Override
        public void applyInPlace(double[] a, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) {
                a[i] = Math.max(a[i], 0.0);
            }
        }

        @Override
        public void multiplyByDerivative(double[] grad, int gOff, double[] h, int hOff, int len) {
            for (int i = 0; i < len; i++) {
                grad[gOff + i] = h[hOff + i] > 0.0 ? grad[gOff + i] : 0.0;
            }
        }
    };

    private final String key;

    Activation(String key) {
        this.key = key;
    }

    /** The name used on the command line and in JSON: {@code linear}, {@code tanh}, {@code relu}. */
    public String key() {
        return key;
    }

    /** f(z). */
    public abstract double apply(double z);

    /** f'(z) written through h = f(z). */
    public abstract double derivativeFromOutput(double h);

    /** {@code a[i] = f(a[i])} for {@code i in [off, off+len)}. */
    public abstract void applyInPlace(double[] a, int off, int len);

    /** {@code grad[gOff+i] *= f'(z_i)} where {@code h[hOff+i] = f(z_i)}, for {@code i < len}. */
    public abstract void multiplyByDerivative(double[] grad, int gOff, double[] h, int hOff, int len);

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
