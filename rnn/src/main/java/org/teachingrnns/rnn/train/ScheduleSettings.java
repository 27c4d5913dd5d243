package org.teachingrnns.rnn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a learning-rate schedule, one place for their defaults (torch's) and validation; a configuration
 * holds this record and {@link #create(double, int)} builds the schedule for a base lr. Only the fields of the chosen
 * kind are read.
 *
 * @param kind           the schedule
 * @param stepSize       StepLR step_size (epochs)
 * @param gamma          StepLR and ExponentialLR gamma
 * @param tMax           CosineAnnealingLR T_max (epochs); 0 means the run's epochs minus the warm-up
 * @param etaMin         CosineAnnealingLR eta_min
 * @param factor         ReduceLROnPlateau factor
 * @param patience       ReduceLROnPlateau patience (epochs)
 * @param threshold      ReduceLROnPlateau threshold
 * @param thresholdMode  ReduceLROnPlateau threshold_mode
 * @param cooldown       ReduceLROnPlateau cooldown (epochs)
 * @param minLr          ReduceLROnPlateau min_lr
 * @param warmupEpochs   linear warm-up epochs, 0 for none ({@link LinearWarmup})
 * @param startFactor    the warm-up's LinearLR start_factor
 */
public record ScheduleSettings(ScheduleKind kind, int stepSize, double gamma, int tMax, double etaMin, double factor,
                               int patience, double threshold, ReduceLrOnPlateau.ThresholdMode thresholdMode,
                               int cooldown, double minLr, int warmupEpochs, double startFactor) {

    /** No schedule; the other fields at torch's defaults (StepLR gamma 0.1, ReduceLROnPlateau's, LinearLR's 1/3). */
    public static final ScheduleSettings NONE = new ScheduleSettings(ScheduleKind.CONSTANT, 1000, 0.1, 0, 0.0, 0.1, 10,
            1e-4, ReduceLrOnPlateau.ThresholdMode.REL, 0, 0.0, 0, 1.0 / 3);

    public ScheduleSettings {
        if (kind == null || thresholdMode == null) {
            throw new IllegalArgumentException("schedule kind and threshold mode must be given");
        }
        check(stepSize >= 1, "step_size must be >= 1, got " + stepSize);
        check(gamma >= 0 && Double.isFinite(gamma), "gamma must be finite and >= 0, got " + gamma);
        check(tMax >= 0, "T_max must be >= 0, got " + tMax);
        check(etaMin >= 0 && Double.isFinite(etaMin), "eta_min must be finite and >= 0, got " + etaMin);
        check(factor >= 0 && factor < 1, "factor must be in [0, 1), got " + factor);
        check(patience >= 0 && cooldown >= 0, "patience and cooldown must be >= 0");
        check(threshold >= 0 && Double.isFinite(threshold), "threshold must be finite and >= 0, got " + threshold);
        check(minLr >= 0 && Double.isFinite(minLr), "min_lr must be finite and >= 0, got " + minLr);
        check(warmupEpochs >= 0, "warm-up epochs must be >= 0, got " + warmupEpochs);
        check(startFactor > 0 && startFactor <= 1, "start_factor must be in (0, 1], got " + startFactor);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The schedule for this base lr and a run of this many epochs (for T_max = 0). A warm-up before a constant lr
     * is LinearLR then the base lr.
     */
    public LrSchedule create(double baseLr, int epochs) {
        LrSchedule main = switch (kind) {
            case CONSTANT -> new ConstantLr(baseLr);
            case STEP -> new StepLr(baseLr, stepSize, gamma);
            case EXPONENTIAL -> new ExponentialLr(baseLr, gamma);
            case COSINE -> new CosineAnnealingLr(baseLr, tMax > 0 ? tMax : Math.max(1, epochs - warmupEpochs), etaMin);
            case PLATEAU -> new ReduceLrOnPlateau(baseLr, factor, patience, threshold, thresholdMode, cooldown, minLr,
                    1e-8);
        };
        return warmupEpochs > 0 ? new LinearWarmup(startFactor, warmupEpochs, main) : main;
    }

    /** For results.json's config: the kind and the fields it reads. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.key());
        switch (kind) {
            case STEP -> {
                m.put("step_size", stepSize);
                m.put("gamma", gamma);
            }
            case EXPONENTIAL -> m.put("gamma", gamma);
            case COSINE -> {
                m.put("t_max", tMax);
                m.put("eta_min", etaMin);
            }
            case PLATEAU -> {
                m.put("factor", factor);
                m.put("patience", patience);
                m.put("threshold", threshold);
                m.put("threshold_mode", thresholdMode.name().toLowerCase(java.util.Locale.ROOT));
                m.put("cooldown", cooldown);
                m.put("min_lr", minLr);
            }
            case CONSTANT -> {
            }
        }
        if (warmupEpochs > 0) {
            m.put("warmup_epochs", warmupEpochs);
            m.put("start_factor", startFactor);
        }
        return m;
    }
}
