package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.teachingrnns.rnn.train.Lbfgs;
import org.teachingrnns.rnn.train.OptimizerKind;
import org.teachingrnns.rnn.train.ReduceLrOnPlateau;
import org.teachingrnns.rnn.train.ScheduleKind;
import org.teachingrnns.rnn.train.ScheduleSettings;

/**
 * The optimiser and its hyperparameters, with torch.optim's meanings (Adam, SGD). Validated on construction;
 * each message names the flag of the setting. Defaults (the field initialisers of {@link Builder}): Adam with
 * lr 0.01 and torch's betas and epsilon.
 *
 * @param kind        {@code --optimizer}: adam or sgd (default adam)
 * @param lr          {@code --lr}: learning rate (default 0.01)
 * @param beta1       {@code --beta1}: Adam beta1 (default 0.9)
 * @param beta2       {@code --beta2}: Adam beta2 (default 0.999)
 * @param eps         {@code --adam-eps}: Adam epsilon (default 1e-8)
 * @param weightDecay {@code --weight-decay}: L2 weight decay added to the gradient (default 0.0)
 * @param amsgrad     {@code --amsgrad}: Adam, the AMSGrad variant (default false)
 * @param momentum    {@code --momentum}: SGD momentum (default 0.0)
 * @param dampening   {@code --dampening}: SGD dampening (default 0.0)
 * @param nesterov    {@code --nesterov}: SGD Nesterov momentum (default false)
 * @param schedule    {@code --schedule}: the learning-rate schedule of the epochs (torch.optim.lr_scheduler's),
 *                    constant (= none), step, exponential, cosine or plateau (ReduceLROnPlateau on the training loss,
 *                    threshold mode 'rel'); the next eleven are its parameters as in {@link ScheduleSettings}, whose
 *                    defaults (torch's) they take: {@code --step-size}, {@code --gamma}, {@code --t-max},
 *                    {@code --eta-min}, {@code --plateau-factor}, {@code --plateau-patience},
 *                    {@code --plateau-threshold}, {@code --plateau-cooldown}, {@code --min-lr}, {@code --warmup},
 *                    {@code --warmup-start-factor}
 * @param stepSize    see schedule
 * @param gamma       see schedule
 * @param tMax        see schedule
 * @param etaMin      see schedule
 * @param plateauFactor see schedule
 * @param plateauPatience see schedule
 * @param plateauThreshold see schedule
 * @param plateauCooldown see schedule
 * @param minLr       see schedule
 * @param warmup      see schedule
 * @param warmupStartFactor see schedule
 * @param thenLbfgs   {@code --then-lbfgs}: L-BFGS steps (each one torch {@code step(closure)}) after the Adam or SGD
 *                    epochs, 0 = none (default 0); with {@code --optimizer lbfgs} they are further steps of the
 *                    same L-BFGS
 * @param lbfgsLr     {@code --lbfgs-lr}, and the next five: torch.optim.LBFGS's lr, history_size, max_iter,
 *                    tolerance_grad, tolerance_change, line_search_fn, with its defaults ({@link LbfgsSettings})
 * @param lbfgsHistory see lbfgsLr
 * @param lbfgsMaxIter see lbfgsLr
 * @param toleranceGrad see lbfgsLr
 * @param toleranceChange see lbfgsLr
 * @param lineSearch  see lbfgsLr
 */
public record OptimizerConfig(OptimizerKind kind, double lr, double beta1, double beta2, double eps, double weightDecay,
                              boolean amsgrad, double momentum, double dampening, boolean nesterov,
                              ScheduleKind schedule, int stepSize, double gamma, int tMax, double etaMin,
                              double plateauFactor, int plateauPatience, double plateauThreshold, int plateauCooldown,
                              double minLr, int warmup, double warmupStartFactor, int thenLbfgs, double lbfgsLr,
                              int lbfgsHistory, int lbfgsMaxIter, double toleranceGrad, double toleranceChange,
                              Lbfgs.LineSearch lineSearch) {

    /** The reference notebook's optimiser. */
    public static final OptimizerConfig DEFAULTS = new Builder().build();

    public OptimizerConfig {
        Require.notNull("--optimizer", kind);
        Require.positiveFinite("--lr", lr);
        Require.halfOpen("--beta1", beta1, 0, 1);
        Require.halfOpen("--beta2", beta2, 0, 1);
        Require.nonNegativeFinite("--adam-eps", eps);
        Require.nonNegativeFinite("--weight-decay", weightDecay);
        Require.nonNegativeFinite("--momentum", momentum);
        Require.closed("--dampening", dampening, 0, 1);
        // torch.optim.SGD raises "Nesterov momentum requires a momentum and zero dampening".
        Require.that(!nesterov || (momentum > 0 && dampening == 0),
                "--nesterov needs --momentum > 0 and --dampening 0 (as torch.optim.SGD)");
        Require.notNull("--schedule", schedule);
        try {
            scheduleOf(schedule, stepSize, gamma, tMax, etaMin, plateauFactor, plateauPatience, plateauThreshold,
                    plateauCooldown, minLr, warmup, warmupStartFactor);
        } catch (IllegalArgumentException e) {
            // ScheduleSettings names torch's parameters; say which flags they are.
            throw new IllegalArgumentException("--schedule settings: " + e.getMessage()
                    + " (flags --step-size, --gamma, --t-max, --eta-min, --plateau-*, --min-lr, --warmup*)", e);
        }
        Require.nonNegative("--then-lbfgs", thenLbfgs);
        new LbfgsSettings(lbfgsLr, lbfgsHistory, lbfgsMaxIter, toleranceGrad, toleranceChange, lineSearch);
    }

    private static ScheduleSettings scheduleOf(ScheduleKind kind, int stepSize, double gamma, int tMax, double etaMin,
                                               double factor, int patience, double threshold, int cooldown,
                                               double minLr, int warmup, double startFactor) {
        return new ScheduleSettings(kind, stepSize, gamma, tMax, etaMin, factor, patience, threshold,
                ReduceLrOnPlateau.ThresholdMode.REL, cooldown, minLr, warmup, startFactor);
    }

    /** The schedule settings of these fields. */
    public ScheduleSettings scheduleSettings() {
        return scheduleOf(schedule, stepSize, gamma, tMax, etaMin, plateauFactor, plateauPatience, plateauThreshold,
                plateauCooldown, minLr, warmup, warmupStartFactor);
    }

    /** The L-BFGS settings of these fields. */
    public LbfgsSettings lbfgsSettings() {
        return new LbfgsSettings(lbfgsLr, lbfgsHistory, lbfgsMaxIter, toleranceGrad, toleranceChange, lineSearch);
    }

    /**
     * torch.optim.LBFGS's hyper-parameters; max_eval is torch's default {@code max_iter * 5 // 4}.
     *
     * @param lr              {@code --lbfgs-lr} (default 1.0)
     * @param history         {@code --lbfgs-history}: history_size (default 100)
     * @param maxIter         {@code --lbfgs-max-iter}: max_iter per step (default 20)
     * @param toleranceGrad   {@code --tolerance-grad} (default 1e-7)
     * @param toleranceChange {@code --tolerance-change} (default 1e-9)
     * @param lineSearch      {@code --line-search}: strong_wolfe or none (default none)
     */
    public record LbfgsSettings(double lr, int history, int maxIter, double toleranceGrad, double toleranceChange,
                                Lbfgs.LineSearch lineSearch) {
        /** torch.optim.LBFGS's defaults. */
        public static final LbfgsSettings DEFAULTS = new LbfgsSettings(1.0, 100, 20, 1e-7, 1e-9, Lbfgs.LineSearch.NONE);

        public LbfgsSettings {
            Require.positiveFinite("--lbfgs-lr", lr);
            Require.positive("--lbfgs-history", history);
            Require.positive("--lbfgs-max-iter", maxIter);
            Require.nonNegativeFinite("--tolerance-grad", toleranceGrad);
            Require.nonNegativeFinite("--tolerance-change", toleranceChange);
            Require.notNull("--line-search", lineSearch);
        }

        /** A fresh optimiser for a parameter vector of this size. */
        public Lbfgs create(int size) {
            return new Lbfgs(size, lr, maxIter, maxIter * 5 / 4, toleranceGrad, toleranceChange, history, lineSearch);
        }

        /** strong_wolfe or none. */
        public static Lbfgs.LineSearch parseLineSearch(String s) {
            for (Lbfgs.LineSearch l : Lbfgs.LineSearch.values()) {
                if (l.toString().equals(s.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_'))) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown line search '" + s + "'; known: strong_wolfe, none");
        }
    }

    /** This optimiser with the settings the operator changes, e.g. {@code o.with(b -> b.lr(0.003))}. */
    public OptimizerConfig with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    void putInto(Map<String, Object> m) {
        m.put("optimizer", kind.key());
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        m.put("amsgrad", amsgrad);
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("nesterov", nesterov);
        m.put("schedule", schedule.key());
        m.put("step_size", stepSize);
        m.put("gamma", gamma);
        m.put("t_max", tMax);
        m.put("eta_min", etaMin);
        m.put("plateau_factor", plateauFactor);
        m.put("plateau_patience", plateauPatience);
        m.put("plateau_threshold", plateauThreshold);
        m.put("plateau_cooldown", plateauCooldown);
        m.put("min_lr", minLr);
        m.put("warmup", warmup);
        m.put("warmup_start_factor", warmupStartFactor);
        m.put("then_lbfgs", thenLbfgs);
        m.put("lbfgs_lr", lbfgsLr);
        m.put("lbfgs_history", lbfgsHistory);
        m.put("lbfgs_max_iter", lbfgsMaxIter);
        m.put("tolerance_grad", toleranceGrad);
        m.put("tolerance_change", toleranceChange);
        m.put("line_search", lineSearch.toString());
    }

    static OptimizerConfig from(SettingsMap s, OptimizerConfig base) {
        return base.with(b -> b.kind(s.get("optimizer", OptimizerKind::parse, base.kind))
                .lr(s.real("lr", base.lr))
                .beta1(s.real("beta1", base.beta1))
                .beta2(s.real("beta2", base.beta2))
                .eps(s.real("eps", base.eps))
                .weightDecay(s.real("weight_decay", base.weightDecay))
                .amsgrad(s.bool("amsgrad", base.amsgrad))
                .momentum(s.real("momentum", base.momentum))
                .dampening(s.real("dampening", base.dampening))
                .nesterov(s.bool("nesterov", base.nesterov))
                .schedule(s.get("schedule", OptimizerConfig::parseSchedule, base.schedule))
                .stepSize(s.integer("step_size", base.stepSize))
                .gamma(s.real("gamma", base.gamma))
                .tMax(s.integer("t_max", base.tMax))
                .etaMin(s.real("eta_min", base.etaMin))
                .plateauFactor(s.real("plateau_factor", base.plateauFactor))
                .plateauPatience(s.integer("plateau_patience", base.plateauPatience))
                .plateauThreshold(s.real("plateau_threshold", base.plateauThreshold))
                .plateauCooldown(s.integer("plateau_cooldown", base.plateauCooldown))
                .minLr(s.real("min_lr", base.minLr))
                .warmup(s.integer("warmup", base.warmup))
                .warmupStartFactor(s.real("warmup_start_factor", base.warmupStartFactor))
                .lbfgsLr(s.real("lbfgs_lr", base.lbfgsLr))
                .lbfgsHistory(s.integer("lbfgs_history", base.lbfgsHistory))
                .lbfgsMaxIter(s.integer("lbfgs_max_iter", base.lbfgsMaxIter))
                .toleranceGrad(s.real("tolerance_grad", base.toleranceGrad))
                .toleranceChange(s.real("tolerance_change", base.toleranceChange))
                .lineSearch(s.get("line_search", LbfgsSettings::parseLineSearch, base.lineSearch))
                .thenLbfgs(s.integer("then_lbfgs", base.thenLbfgs)));
    }

    /** {@code none} (no schedule) or a {@link ScheduleKind} key. */
    public static ScheduleKind parseSchedule(String s) {
        return "none".equalsIgnoreCase(s.trim()) ? ScheduleKind.CONSTANT : ScheduleKind.parse(s);
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults (torch.optim.Adam's). */
    public static final class Builder {
        private OptimizerKind kind = OptimizerKind.ADAM;
        private double lr = 0.01;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay = 0.0;
        private boolean amsgrad = false;
        private double momentum = 0.0;
        private double dampening = 0.0;
        private boolean nesterov = false;
        private ScheduleKind schedule = ScheduleSettings.NONE.kind();
        private int stepSize = ScheduleSettings.NONE.stepSize();
        private double gamma = ScheduleSettings.NONE.gamma();
        private int tMax = ScheduleSettings.NONE.tMax();
        private double etaMin = ScheduleSettings.NONE.etaMin();
        private double plateauFactor = ScheduleSettings.NONE.factor();
        private int plateauPatience = ScheduleSettings.NONE.patience();
        private double plateauThreshold = ScheduleSettings.NONE.threshold();
        private int plateauCooldown = ScheduleSettings.NONE.cooldown();
        private double minLr = ScheduleSettings.NONE.minLr();
        private int warmup = ScheduleSettings.NONE.warmupEpochs();
        private double warmupStartFactor = ScheduleSettings.NONE.startFactor();
        private double lbfgsLr = LbfgsSettings.DEFAULTS.lr();
        private int lbfgsHistory = LbfgsSettings.DEFAULTS.history();
        private int lbfgsMaxIter = LbfgsSettings.DEFAULTS.maxIter();
        private double toleranceGrad = LbfgsSettings.DEFAULTS.toleranceGrad();
        private double toleranceChange = LbfgsSettings.DEFAULTS.toleranceChange();
        private Lbfgs.LineSearch lineSearch = LbfgsSettings.DEFAULTS.lineSearch();
        private int thenLbfgs = 0;

        Builder() {
        }

        Builder(OptimizerConfig c) {
            kind = c.kind;
            lr = c.lr;
            beta1 = c.beta1;
            beta2 = c.beta2;
            eps = c.eps;
            weightDecay = c.weightDecay;
            amsgrad = c.amsgrad;
            momentum = c.momentum;
            dampening = c.dampening;
            nesterov = c.nesterov;
            schedule = c.schedule;
            stepSize = c.stepSize;
            gamma = c.gamma;
            tMax = c.tMax;
            etaMin = c.etaMin;
            plateauFactor = c.plateauFactor;
            plateauPatience = c.plateauPatience;
            plateauThreshold = c.plateauThreshold;
            plateauCooldown = c.plateauCooldown;
            minLr = c.minLr;
            warmup = c.warmup;
            warmupStartFactor = c.warmupStartFactor;
            lbfgsLr = c.lbfgsLr;
            lbfgsHistory = c.lbfgsHistory;
            lbfgsMaxIter = c.lbfgsMaxIter;
            toleranceGrad = c.toleranceGrad;
            toleranceChange = c.toleranceChange;
            lineSearch = c.lineSearch;
            thenLbfgs = c.thenLbfgs;
        }

        public Builder kind(OptimizerKind v) { kind = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder beta1(double v) { beta1 = v; return this; }
        public Builder beta2(double v) { beta2 = v; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder amsgrad(boolean v) { amsgrad = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder dampening(double v) { dampening = v; return this; }
        public Builder nesterov(boolean v) { nesterov = v; return this; }
        public Builder schedule(ScheduleKind v) { schedule = v; return this; }
        public Builder stepSize(int v) { stepSize = v; return this; }
        public Builder gamma(double v) { gamma = v; return this; }
        public Builder tMax(int v) { tMax = v; return this; }
        public Builder etaMin(double v) { etaMin = v; return this; }
        public Builder plateauFactor(double v) { plateauFactor = v; return this; }
        public Builder plateauPatience(int v) { plateauPatience = v; return this; }
        public Builder plateauThreshold(double v) { plateauThreshold = v; return this; }
        public Builder plateauCooldown(int v) { plateauCooldown = v; return this; }
        public Builder minLr(double v) { minLr = v; return this; }
        public Builder warmup(int v) { warmup = v; return this; }
        public Builder warmupStartFactor(double v) { warmupStartFactor = v; return this; }
        public Builder lbfgsLr(double v) { lbfgsLr = v; return this; }
        public Builder lbfgsHistory(int v) { lbfgsHistory = v; return this; }
        public Builder lbfgsMaxIter(int v) { lbfgsMaxIter = v; return this; }
        public Builder toleranceGrad(double v) { toleranceGrad = v; return this; }
        public Builder toleranceChange(double v) { toleranceChange = v; return this; }
        public Builder lineSearch(Lbfgs.LineSearch v) { lineSearch = v; return this; }
        public Builder thenLbfgs(int v) { thenLbfgs = v; return this; }

        public OptimizerConfig build() {
            return new OptimizerConfig(kind, lr, beta1, beta2, eps, weightDecay, amsgrad, momentum, dampening, nesterov,
                    schedule, stepSize, gamma, tMax, etaMin, plateauFactor, plateauPatience, plateauThreshold,
                    plateauCooldown, minLr, warmup, warmupStartFactor, thenLbfgs, lbfgsLr, lbfgsHistory, lbfgsMaxIter,
                    toleranceGrad, toleranceChange, lineSearch);
        }
    }
}
