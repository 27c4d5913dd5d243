package org.teachingrnns.rnn.train;

/**
 * What {@link Trainer} does besides the optimiser's steps: the learning-rate schedule of the epochs, L-BFGS
 * steps after them, keep-best, and the stopping rules.
 *
 * @param schedule   sets the optimiser's lr before each epoch's step, stepped after it (torch's order); not applied
 *                   to the L-BFGS steps after the epochs
 * @param lbfgs      the L-BFGS of the L-BFGS epochs and steps, or null when there are none
 * @param lbfgsSteps L-BFGS steps after the epochs (each one {@link Lbfgs#step}), 0 for none
 * @param keepBest   keep the weights of the lowest training loss rather than the last
 * @param targetLoss stop once the training loss is at or below this (a negative value: never)
 * @param patience   stop after this many epochs without a new lowest training loss, 0 = never
 */
public record TrainingPlan(LrSchedule schedule, Lbfgs lbfgs, int lbfgsSteps, boolean keepBest, double targetLoss,
                           int patience) {

    public TrainingPlan {
        if (schedule == null || lbfgsSteps < 0 || patience < 0 || Double.isNaN(targetLoss)) {
            throw new IllegalArgumentException("invalid training plan: schedule " + schedule + ", L-BFGS steps "
                    + lbfgsSteps + ", target loss " + targetLoss + ", patience " + patience);
        }
    }

    /** A constant learning rate, no L-BFGS, no keep-best, no stopping rule: the epochs as asked. */
    public static TrainingPlan plain(double lr) {
        return new TrainingPlan(LrSchedule.constant(lr), null, 0, false, Double.NEGATIVE_INFINITY, 0);
    }
}
