package org.teachingrnns.rnn.train;

/**
 * A first-order optimizer over one flat parameter vector (an {@link org.teachingrnns.rnn.model.RnnModel}'s
 * {@code parameterArray()}), with PyTorch's update rules. State (moments, momentum buffers) is allocated once
 * for the vector's length.
 */
public interface Optimizer {

    /** One update: changes params in place from grad (grad is read, never written). */
    void step(double[] params, double[] grad);

    /**
     * The learning rate of the next {@link #step}; an {@link LrSchedule} sets it between steps, as torch's
     * schedulers write {@code param_group['lr']}.
     */
    double learningRate();

    /** Sets the learning rate of the following steps (state such as moments is kept). */
    void setLearningRate(double lr);

    /** Updates taken so far. */
    int steps();

    /** A short description with the hyper-parameters, for reports. */
    String describe();
}
