package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.teachingrnns.rnn.train.OptimizerKind;

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
 */
public record OptimizerConfig(OptimizerKind kind, double lr, double beta1, double beta2, double eps, double weightDecay,
                              boolean amsgrad, double momentum, double dampening, boolean nesterov) {

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
                .nesterov(s.bool("nesterov", base.nesterov)));
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

        public OptimizerConfig build() {
            return new OptimizerConfig(kind, lr, beta1, beta2, eps, weightDecay, amsgrad, momentum, dampening, nesterov);
        }
    }
}
