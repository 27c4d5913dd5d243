package org.teachingrnns.rnn.train;

import java.util.Locale;

/**
 * {@code torch.optim.lr_scheduler.ExponentialLR(gamma)}: {@code lr_e = lr_{e-1} * gamma} every epoch (torch's
 * recursive form; the closed form base * gamma^e differs from it in the last bits).
 */
public final class ExponentialLr implements LrSchedule {

    private final double base;
    private final double gamma;
    private int lastEpoch;
    private double lr;

    public ExponentialLr(double base, double gamma) {
        this.base = LrSchedule.checkLr("lr", base);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, got " + gamma);
        }
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
        lr = lr * gamma;
    }

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
        return String.format(Locale.ROOT, "exponential(lr=%g, gamma=%g)", base, gamma);
    }
}
