package org.teachingrnns.rnn.train;

/** Told about training progress; called once per epoch, so implementations must be cheap. */
@FunctionalInterface
public interface EpochListener {

    /**
     * @param epoch     1-based epoch just finished
     * @param epochs    epochs planned
     * @param trainLoss the training loss at that epoch (before its update)
     */
    void onEpoch(int epoch, int epochs, double trainLoss);
}
