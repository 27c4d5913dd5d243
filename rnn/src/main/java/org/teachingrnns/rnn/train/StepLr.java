package org.teachingrnns.rnn.train;

import java.util.Locale;

/**
 * {@code torch.optim.lr_scheduler.StepLR(step_size, gamma)}: the lr is multiplied by gamma every step_size
 * epochs. torch's recursive form (its {@code get_lr}): {@code lr_e = lr_{e-1} * gamma} when
 * {@code e % step_size == 0}, else {@code lr_e = lr_{e-1}}; so after k decays the lr is the k-fold product
 * (((base * gamma) * gamma) ...), which can differ in the last bit from the closed form base * gamma^k.
 */
public final class StepLr implements LrSchedule {

    private final double base;
    private final int stepSize;
    private final double gamma;
    private int lastEpoch;
    private double lr;

    public StepLr(double base, int stepSize, double gamma) {
        this.base = LrSchedule.checkLr("lr", base);
        if (stepSize < 1) {
            throw new IllegalArgumentException("step_size must be >= 1, got " + stepSize);
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, got " + gamma);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
        this.lr = base;
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void step(double trainLoss) {
        lastEpoch++;
        if (lastEpoch % stepSize == 0) {
            lr = lr * gamma;
        }
    }

    /** torch's {@code _get_closed_form_lr} at epoch 0: {@code base * gamma ** 0 = base}. */
    @Override
    public void restart() {
        lastEpoch = 0;
        lr = base;
    }

    @Override
    public int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "step(lr=%g, step_size=%d, gamma=%g)", base, stepSize, gamma);
    }
}
