package org.teachingrnns.rnn.compute;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The floating-point type training runs in ({@code --dtype}), with PyTorch's names. {@link #FLOAT64} is the
 * default and runs everything in double. {@link #FLOAT32} trains as PyTorch's default dtype does: data, weights,
 * forward pass and BPTT in float ({@code org.teachingrnns.rnn.bptt.FloatBpttWorkspace}), and the weights are
 * float values after every update ({@link #round}; {@code org.teachingrnns.rnn.train.Trainer}). The model classes stay double: a float32 model is a double
 * array whose every element is a float, which widens exactly, so the analysis of a trained float32 student runs
 * in double on exactly the weights training produced.
 */
public enum Dtype {
    FLOAT64("float64"),
    FLOAT32("float32");

    private final String key;

    Dtype(String key) {
        this.key = key;
    }

    /** {@code float64} or {@code float32}: the flag value and the results.json {@code dtype}. */
    public String key() {
        return key;
    }

    /**
     * Rounds every element of {@code a} to this type in place (round to nearest even, as a cast to float):
     * nothing for float64. Values beyond float's range become infinite, which the trainer's divergence check
     * then sees, as a float32 overflow in PyTorch would.
     */
    public void round(double[] a) {
        if (this == FLOAT32) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) a[i];
            }
        }
    }

    /** Parses {@code float64} or {@code float32} (case-insensitive); anything else names the valid values. */
    public static Dtype parse(String name) {
        if (name != null) {
            String k = name.trim().toLowerCase(Locale.ROOT);
            for (Dtype d : values()) {
                if (d.key.equals(k)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "'; valid values: "
                + Arrays.stream(values()).map(Dtype::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key;
    }
}
