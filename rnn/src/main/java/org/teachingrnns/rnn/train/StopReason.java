package org.teachingrnns.rnn.train;

/** Why {@link Trainer} stopped; {@link #key()} is results.json's {@code stop_reason}. */
public enum StopReason {
    /** All the epochs (and L-BFGS steps) asked for ran. */
    EPOCHS("epochs"),
    /** The training loss reached the plan's target ({@code --target-nmse}). */
    TARGET_NMSE("target_nmse"),
    /** No new lowest training loss for the plan's patience. */
    PATIENCE("patience"),
    /** A loss, gradient or weight became non-finite. */
    DIVERGED("diverged"),
    /** An L-BFGS step returned without moving the weights (torch's tolerances were met). */
    LBFGS_CONVERGED("lbfgs_converged");

    private final String key;

    StopReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
