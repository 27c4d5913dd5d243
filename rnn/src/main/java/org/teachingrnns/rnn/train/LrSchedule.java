package org.teachingrnns.rnn.train;

/**
 * A learning-rate schedule with the semantics of {@code torch.optim.lr_scheduler}: a stateful object whose
 * {@link #lr()} is the learning rate of the next optimizer step, advanced once per epoch by {@link #step}
 * <em>after</em> that epoch's optimizer step (torch's order: {@code optimizer.step(); scheduler.step()}).
 *
 * <p>A training loop uses it as
 * <pre>
 *   for each epoch:
 *       loss = lossAndGradient(params, grad)
 *       optimizer.setLearningRate(schedule.lr())
 *       optimizer.step(params, grad)
 *       schedule.step(loss)          // the loss is read by ReduceLROnPlateau only
 * </pre>
 * so the lr of epoch e (1-based) is the scheduler's lr after e - 1 steps, exactly what torch's optimizer reads
 * in epoch e. Implementations reproduce torch 1.13's recursive ("chainable") formulas operation for operation,
 * not the closed forms the documentation shows, because those are what torch actually produces.
 */
public interface LrSchedule {

    /** The learning rate of the next optimizer step (torch: {@code optimizer.param_groups[0]['lr']}). */
    double lr();

    /**
     * Advances one epoch (torch: {@code scheduler.step()}, or {@code scheduler.step(loss)} for
     * ReduceLROnPlateau).
     *
     * @param trainLoss the training loss of the epoch just finished (ignored by the epoch-driven schedules)
     */
    void step(double trainLoss);

    /**
     * Back to epoch 0 at the schedule's start: torch's {@code scheduler.step(0)}, which evaluates the closed
     * form at epoch 0. {@link LinearWarmup} calls it at its milestone, as {@code SequentialLR} does.
     */
    void restart();

    /** Epochs (steps) taken since construction or the last {@link #restart()}: torch's {@code last_epoch}. */
    int lastEpoch();

    /** A short description with the hyper-parameters, for reports. */
    String describe();

    /** A constant learning rate: no scheduler. */
    static LrSchedule constant(double lr) {
        return new ConstantLr(lr);
    }

    /** Checks a learning rate at the public edge. */
    static double checkLr(String what, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + lr);
        }
        return lr;
    }
}
