package org.teachingrnns.rnn.train;

import java.util.Locale;

/** No schedule: the learning rate stays at its initial value (torch without a scheduler). */
public final class ConstantLr implements LrSchedule {

    private final double lr;
    private int lastEpoch;

    public ConstantLr(double lr) {
        this.lr = LrSchedule.checkLr("lr", lr);
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void step(double trainLoss) {
        lastEpoch++;
    }

    @Override
    public void restart() {
        lastEpoch = 0;
    }

    @Override
    public int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "constant(lr=%g)", lr);
    }
}
