package org.teachingrnns.rnn.model;

import org.teachingrnns.rnn.util.Keys;

/** How the student's weights are drawn; see {@link Initialization}. */
public enum InitScheme {
    /** PyTorch's nn.RNN / nn.Linear defaults: U(-1/sqrt(H), 1/sqrt(H)); gain scales W_hh. */
    PYTORCH("pytorch"),
    /** W_hh ~ N(0, gain^2 / H); the rest as PyTorch. */
    NORMAL("normal"),
    /** W_hh = gain * Q, Q a random orthogonal matrix (Saxe et al. 2014); the rest as PyTorch. */
    ORTHOGONAL("orthogonal");

    private final String key;

    InitScheme(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static InitScheme parse(String name) {
        return Keys.parse(InitScheme.class, InitScheme::key, "init", name);
    }

    @Override
    public String toString() {
        return key;
    }
}
