package org.teachingrnns.rnn.train;

import org.teachingrnns.rnn.bptt.BpttPass;

/**
 * A differentiable objective over a flat parameter vector: what {@link Lbfgs} minimises (torch's LBFGS
 * {@code closure}, which re-evaluates the loss and leaves the gradient in {@code .grad}).
 */
@FunctionalInterface
public interface Objective {

    /**
     * f(x), with the gradient written into grad (same length as x; x is not modified).
     */
    double valueAndGradient(double[] x, double[] grad);

    /**
     * The training loss of a BPTT workspace, double or float (full or truncated, as the workspace was built), from a zero initial
     * state: {@code ws.lossAndGradient(x, null, grad)}.
     */
    static Objective of(BpttPass ws) {
        if (ws == null) {
            throw new IllegalArgumentException("workspace must not be null");
        }
        return (x, grad) -> ws.lossAndGradient(x, null, grad);
    }
}
