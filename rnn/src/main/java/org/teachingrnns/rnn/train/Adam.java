package org.teachingrnns.rnn.train;

import java.util.Locale;

/**
 * Adam (Kingma and Ba 2015) exactly as {@code torch.optim.Adam} (single-tensor path, {@code maximize=False}):
 * <pre>
 *   g      = grad + weight_decay * param                 (L2 added to the gradient, not AdamW)
 *   m      = lerp(m, g, 1 - beta1) = m + (1 - beta1)(g - m)
 *   v      = beta2 v + (1 - beta2) g^2
 *   vmax   = max(vmax, v)                                 (amsgrad only; then v := vmax below)
 *   denom  = sqrt(v) / sqrt(1 - beta2^t) + eps
 *   param -= lr / (1 - beta1^t) * m / denom
 * </pre>
 * Defaults are torch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, amsgrad off.
 */
public final class Adam implements Optimizer {

    private double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final double[] m;
    private final double[] v;
    private final double[] vmax;
    private int t;

    /** torch's defaults for a parameter vector of this size. */
    public Adam(int size) {
        this(size, 1e-3, 0.9, 0.999, 1e-8, 0.0, false);
    }

    /**
     * Adam for a parameter vector of {@code size} elements, with torch.optim.Adam's arguments
     * ({@code betas = (beta1, beta2)}, {@code weight_decay}, {@code amsgrad}).
     *
     * @throws IllegalArgumentException for a negative size, lr, eps or weight decay, or a beta outside [0, 1)
     */
    public Adam(int size, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("invalid Adam hyper-parameters: lr " + lr + ", betas (" + beta1 + ", "
                    + beta2 + "), eps " + eps + ", weight_decay " + weightDecay);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.m = new double[size];
        this.v = new double[size];
        this.vmax = amsgrad ? new double[size] : null;
    }

    @Override
    public void step(double[] params, double[] grad) {
        if (params.length != m.length || grad.length != m.length) {
            throw new IllegalArgumentException("params and grad must have " + m.length + " elements");
        }
        t++;
        double bc1 = 1.0 - Math.pow(beta1, t);
        double bc2 = 1.0 - Math.pow(beta2, t);
        double stepSize = lr / bc1;
        double bc2Sqrt = Math.sqrt(bc2);
        double a1 = 1.0 - beta1;
        double a2 = 1.0 - beta2;
        for (int i = 0; i < params.length; i++) {
            double g = weightDecay != 0.0 ? grad[i] + weightDecay * params[i] : grad[i];
            double mi = m[i] + a1 * (g - m[i]);
            double vi = beta2 * v[i] + a2 * g * g;
            m[i] = mi;
            v[i] = vi;
            if (amsgrad) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = vi;
            }
            double denom = Math.sqrt(vi) / bc2Sqrt + eps;
            params[i] -= stepSize * (mi / denom);
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        this.lr = lr;
    }

    @Override
    public int steps() {
        return t;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "adam(lr=%g, betas=(%g, %g), eps=%g, weight_decay=%g, amsgrad=%b)",
                lr, beta1, beta2, eps, weightDecay, amsgrad);
    }
}
