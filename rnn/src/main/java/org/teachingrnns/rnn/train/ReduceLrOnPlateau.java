package org.teachingrnns.rnn.train;

import java.util.Locale;

/**
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau} in mode {@code 'min'}, fed the training loss: when the loss
 * has not improved for more than {@code patience} epochs, the lr is multiplied by {@code factor} (not below
 * {@code min_lr}; a reduction smaller than {@code eps} is skipped), then {@code cooldown} epochs pass before bad
 * epochs count again. Improvement is {@code loss < best * (1 - threshold)} ({@code rel}) or
 * {@code loss < best - threshold} ({@code abs}). Every step follows torch 1.13's {@code step(metrics)}.
 */
public final class ReduceLrOnPlateau implements LrSchedule {

    /** torch's {@code threshold_mode}. */
    public enum ThresholdMode { REL, ABS }

    private final double base;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double lr;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private int reductions;

    /** torch's defaults: factor 0.1, patience 10, threshold 1e-4 rel, cooldown 0, min_lr 0, eps 1e-8. */
    public ReduceLrOnPlateau(double base) {
        this(base, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0.0, 1e-8);
    }

    public ReduceLrOnPlateau(double base, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                             int cooldown, double minLr, double eps) {
        this.base = LrSchedule.checkLr("lr", base);
        if (!(factor >= 0 && factor < 1.0)) {
            throw new IllegalArgumentException("factor must be in [0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("patience and cooldown must be >= 0, got " + patience + ", " + cooldown);
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold) || thresholdMode == null) {
            throw new IllegalArgumentException("threshold must be finite and >= 0 with a mode, got " + threshold);
        }
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = LrSchedule.checkLr("min_lr", minLr);
        this.eps = LrSchedule.checkLr("eps", eps);
        restart();
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void step(double trainLoss) {
        lastEpoch++;
        if (isBetter(trainLoss)) {
            best = trainLoss;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;   // torch ignores bad epochs in cooldown
        }
        if (numBadEpochs > patience) {
            double newLr = Math.max(lr * factor, minLr);
            if (lr - newLr > eps) {
                lr = newLr;
                reductions++;
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
    }

    /** torch's {@code is_better} in mode min (NaN is never better, as in Python). */
    private boolean isBetter(double a) {
        return thresholdMode == ThresholdMode.REL ? a < best * (1. - threshold) : a < best - threshold;
    }

    /** Back to the base lr with torch's {@code _reset()}: best = inf, no bad epochs, no cooldown. */
    @Override
    public void restart() {
        lr = base;
        best = Double.POSITIVE_INFINITY;
        numBadEpochs = 0;
        cooldownCounter = 0;
        lastEpoch = 0;
    }

    @Override
    public int lastEpoch() {
        return lastEpoch;
    }

    /** Reductions applied so far. */
    public int reductions() {
        return reductions;
    }

    /** The lowest loss seen (under the threshold rule), +inf before the first step. */
    public double best() {
        return best;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "plateau(lr=%g, factor=%g, patience=%d, threshold=%g %s, cooldown=%d, "
                + "min_lr=%g, eps=%g)", base, factor, patience, threshold,
                thresholdMode.name().toLowerCase(Locale.ROOT), cooldown, minLr, eps);
    }
}
