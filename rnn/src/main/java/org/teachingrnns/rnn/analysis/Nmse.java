package org.teachingrnns.rnn.analysis;

import org.teachingrnns.rnn.data.Sequences;

/**
 * Normalised mean squared error: the MSE of the kept steps divided by the variance of the target on the same
 * steps, so that errors compare across teachers whose output scales differ by orders of magnitude.
 *
 * <p>The variance is the population variance (divisor N, numpy's {@code np.var} default) of every target value
 * {@code y[b][t][o]} with {@code t >= washout}, pooled over batch, kept steps and outputs around one common
 * mean: exactly the set of values the loss averages over (PyTorch's {@code MSELoss(reduction='mean')} on the
 * kept steps). An NMSE of 1 is what the best constant predictor reaches; 0 is a perfect fit.
 */
public final class Nmse {

    private Nmse() {
    }

    /**
     * Population variance of the targets {@code [batch][time][output]} on the steps {@code t >= washout}, pooled
     * over batch, kept steps and outputs. Computed in two passes (mean, then mean squared deviation) so that a
     * large common offset does not cancel.
     *
     * @throws IllegalArgumentException when washout is negative or leaves no step
     */
    public static double targetVariance(Sequences data, int washout) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (washout < 0 || washout >= data.time()) {
            throw new IllegalArgumentException("washout must be in [0, time) = [0, " + data.time() + "), got " + washout);
        }
        double sum = 0.0;
        long count = 0;
        for (int b = 0; b < data.batch(); b++) {
            for (int t = washout; t < data.time(); t++) {
                for (int o = 0; o < data.outputSize(); o++) {
                    sum += data.target(b, t, o);
                    count++;
                }
            }
        }
        double mean = sum / count;
        double ss = 0.0;
        for (int b = 0; b < data.batch(); b++) {
            for (int t = washout; t < data.time(); t++) {
                for (int o = 0; o < data.outputSize(); o++) {
                    double d = data.target(b, t, o) - mean;
                    ss += d * d;
                }
            }
        }
        return ss / count;
    }

    /**
     * {@code mse / targetVariance(data, washout)}, where mse is the loss of a model on these data with this
     * washout. NaN when the targets are constant on the kept steps (variance 0) and mse is 0; infinite when only
     * the variance is 0.
     */
    public static double of(double mse, Sequences data, int washout) {
        return mse / targetVariance(data, washout);
    }
}
