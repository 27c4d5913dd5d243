package org.teachingrnns.rnn.train;

import org.teachingrnns.rnn.util.Keys;

/** The optimizers, with PyTorch's update rules. */
public enum OptimizerKind {
    ADAM("adam"),
    SGD("sgd"),
    /** Full-batch L-BFGS (torch.optim.LBFGS): each epoch is one {@code step(closure)}. */
    LBFGS("lbfgs");

    private final String key;

    OptimizerKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static OptimizerKind parse(String name) {
        return Keys.parse(OptimizerKind.class, OptimizerKind::key, "optimizer", name);
    }

    @Override
    public String toString() {
        return key;
    }
}
