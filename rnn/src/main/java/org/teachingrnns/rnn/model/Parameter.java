package org.teachingrnns.rnn.model;

/** The parameters of an {@link RnnModel}, named and shaped as PyTorch's {@code nn.RNN} + {@code nn.Linear}. */
public enum Parameter {
    /** Input-to-hidden weights, hidden x input. */
    W_IH("W_ih"),
    /** Recurrent weights, hidden x hidden. */
    W_HH("W_hh"),
    /** Readout weights, output x hidden. */
    W_HO("W_ho"),
    /** Hidden bias, length hidden (optional). */
    B_H("b_h"),
    /** Output bias, length output (optional). */
    B_O("b_o");

    private final String key;

    Parameter(String key) {
        this.key = key;
    }

    /** The JSON key: {@code W_ih}, {@code W_hh}, {@code W_ho}, {@code b_h}, {@code b_o}. */
    public String key() {
        return key;
    }

    /** True for the bias vectors b_h and b_o. */
    public boolean isBias() {
        return this == B_H || this == B_O;
    }

    /** Parses a key exactly as {@link #key()} spells it. */
    public static Parameter parse(String key) {
        for (Parameter p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + key + "'; valid values: W_ih, W_hh, W_ho, b_h, b_o");
    }

    @Override
    public String toString() {
        return key;
    }
}
