package org.teachingrnns.rnn.train;

import java.util.Locale;

/**
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR(T_max, eta_min)}. The documented closed form is
 * {@code eta_min + (base - eta_min)(1 + cos(pi e / T_max)) / 2}; torch 1.13 computes it recursively
 * ({@code get_lr}), and that recursion is what this class reproduces:
 * <pre>
 *   e = 0:                              lr = base
 *   (e - 1 - T_max) mod 2 T_max == 0:    lr = lr + (base - eta_min)(1 - cos(pi / T_max)) / 2
 *   otherwise:                          lr = (1 + cos(pi e / T_max)) / (1 + cos(pi (e - 1) / T_max)) (lr - eta_min) + eta_min
 * </pre>
 * Past T_max the lr rises again (the recursion continues the cosine with period 2 T_max), as in torch.
 * {@code mod} is Python's (non-negative). {@link #restart()} is the closed form at 0 (torch's {@code step(0)}),
 * {@code eta_min + (base - eta_min) * 2 / 2}, which can differ from base in the last bit.
 */
public final class CosineAnnealingLr implements LrSchedule {

    private final double base;
    private final int tMax;
    private final double etaMin;
    private int lastEpoch;
    private double lr;

    public CosineAnnealingLr(double base, int tMax, double etaMin) {
        this.base = LrSchedule.checkLr("lr", base);
        if (tMax < 1) {
            throw new IllegalArgumentException("T_max must be >= 1, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = LrSchedule.checkLr("eta_min", etaMin);
        this.lr = base;
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void step(double trainLoss) {
        int e = ++lastEpoch;
        if (Math.floorMod(e - 1 - tMax, 2 * tMax) == 0) {
            lr = lr + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        } else {
            lr = (1 + Math.cos(Math.PI * e / tMax)) / (1 + Math.cos(Math.PI * (e - 1) / tMax)) * (lr - etaMin) + etaMin;
        }
    }

    /** The closed form at the current epoch (torch's {@code _get_closed_form_lr}). */
    double closedForm(int epoch) {
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    public void restart() {
        lastEpoch = 0;
        lr = closedForm(0);
    }

    @Override
    public int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "cosine(lr=%g, T_max=%d, eta_min=%g)", base, tMax, etaMin);
    }
}
