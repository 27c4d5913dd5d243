package org.teachingrnns.rnn.train;

import java.util.Locale;

/**
 * Linear warm-up in front of another schedule, with the semantics of
 * {@code SequentialLR(optimizer, [LinearLR(optimizer, start_factor, 1.0, total_iters=N), main], milestones=[N])}
 * (not {@code ChainedScheduler}, which would multiply the two schedules' factors in every epoch):
 * <ul>
 *   <li>epochs 0 .. N-1 (steps taken): LinearLR's recursive form, {@code lr_0 = base * start_factor},
 *       {@code lr_k = lr_{k-1} (1 + (1 - start) / (N start + (k - 1)(1 - start)))};</li>
 *   <li>at the milestone N the main schedule restarts at its epoch 0 (torch's {@code main.step(0)}, the closed
 *       form: the base lr), then steps on its own, its epoch k - N.</li>
 * </ul>
 * The main schedule's base lr is the warm-up's target. For {@link ReduceLrOnPlateau}, which torch 1.13 cannot put
 * in a SequentialLR, the same composition is defined the same way: it restarts at the milestone (base lr, best =
 * inf) and sees the losses of the epochs after it ({@code bench/scripts/torch_reference.py} composes torch's
 * LinearLR and ReduceLROnPlateau so).
 */
public final class LinearWarmup implements LrSchedule {

    private final double startFactor;
    private final int warmupEpochs;
    private final LrSchedule main;
    private final double base;
    private int lastEpoch;
    private double lr;

    /**
     * @param startFactor  the first epoch's lr as a fraction of the base lr, in (0, 1] (torch's start_factor)
     * @param warmupEpochs N >= 1, the milestone
     * @param main         the schedule after the warm-up, freshly constructed (its lr is the base lr)
     */
    public LinearWarmup(double startFactor, int warmupEpochs, LrSchedule main) {
        if (!(startFactor > 0 && startFactor <= 1.0)) {
            throw new IllegalArgumentException("start_factor must be in (0, 1], got " + startFactor);
        }
        if (warmupEpochs < 1) {
            throw new IllegalArgumentException("warm-up epochs must be >= 1, got " + warmupEpochs);
        }
        if (main == null || main.lastEpoch() != 0) {
            throw new IllegalArgumentException("the main schedule must be given, before its first step");
        }
        this.startFactor = startFactor;
        this.warmupEpochs = warmupEpochs;
        this.main = main;
        this.base = main.lr();
        restart();
    }

    @Override
    public double lr() {
        return lastEpoch < warmupEpochs ? lr : main.lr();
    }

    @Override
    public void step(double trainLoss) {
        lastEpoch++;
        if (lastEpoch < warmupEpochs) {
            // LinearLR.get_lr with end_factor 1.0, term for term (Python evaluates total_iters * start_factor first).
            lr = lr * (1. + (1.0 - startFactor) / (warmupEpochs * startFactor + (lastEpoch - 1) * (1.0 - startFactor)));
        } else if (lastEpoch == warmupEpochs) {
            main.restart();
        } else {
            main.step(trainLoss);
        }
    }

    @Override
    public void restart() {
        lastEpoch = 0;
        lr = base * startFactor;
    }

    @Override
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The schedule after the warm-up. */
    public LrSchedule main() {
        return main;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "warmup(start_factor=%g, epochs=%d) then %s", startFactor, warmupEpochs,
                main.describe());
    }
}
