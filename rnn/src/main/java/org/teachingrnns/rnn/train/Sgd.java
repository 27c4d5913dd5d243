package org.teachingrnns.rnn.train;

import java.util.Locale;

/**
 * Stochastic gradient descent exactly as {@code torch.optim.SGD}:
 * <pre>
 *   g = grad + weight_decay * param
 *   if momentum != 0:
 *       b = g                                  on the first step
 *       b = momentum b + (1 - dampening) g     after
 *       g = nesterov ? g + momentum b : b
 *   param -= lr g
 * </pre>
 * Defaults are torch's: lr 1e-3, momentum 0, dampening 0, weight decay 0, nesterov off.
 */
public final class Sgd implements Optimizer {

    private double lr;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final double[] buf;
    private int t;

    /** torch's defaults for a parameter vector of this size. */
    public Sgd(int size) {
        this(size, 1e-3, 0.0, 0.0, 0.0, false);
    }

    public Sgd(int size, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        if (!(lr >= 0) || !(momentum >= 0) || !(weightDecay >= 0) || !(dampening >= 0)) {
            throw new IllegalArgumentException("invalid SGD hyper-parameters: lr " + lr + ", momentum " + momentum
                    + ", dampening " + dampening + ", weight_decay " + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.buf = momentum != 0.0 ? new double[size] : null;
    }

    @Override
    public void step(double[] params, double[] grad) {
        if (params.length != grad.length || (buf != null && params.length != buf.length)) {
            throw new IllegalArgumentException("params and grad must have the optimizer's size");
        }
        boolean first = t == 0;
        t++;
        for (int i = 0; i < params.length; i++) {
            double g = weightDecay != 0.0 ? grad[i] + weightDecay * params[i] : grad[i];
            if (buf != null) {
                double b = first ? g : momentum * buf[i] + (1.0 - dampening) * g;
                buf[i] = b;
                g = nesterov ? g + momentum * b : b;
            }
            params[i] -= lr * g;
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
        return String.format(Locale.ROOT, "sgd(lr=%g, momentum=%g, dampening=%g, weight_decay=%g, nesterov=%b)",
                lr, momentum, dampening, weightDecay, nesterov);
    }
}
