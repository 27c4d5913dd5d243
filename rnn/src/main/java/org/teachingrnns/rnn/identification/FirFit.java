package org.teachingrnns.rnn.identification;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.data.Sequences;

/**
 * Least-squares estimate of the first L samples of the impulse response, {@code y_t = sum_{k<L} g_k x_{t-k}},
 * from every sequence's kept steps {@code t >= washout}. Every sequence starts at rest (the data model's
 * {@code h_{-1} = 0}), so the inputs before step 0 are zero and, with L equal to the sequence length, the
 * convolution is exact: noise-free data give g to rounding. Noise on the targets enters only the left-hand side,
 * so the estimate is unbiased (unlike {@link ArxFit}).
 */
public final class FirFit {

    /**
     * @param impulseResponse g_0 .. g_{L-1}
     * @param residualRms     root mean square of the residual
     * @param equations       rows of the least-squares problem
     */
    public record Estimate(double[] impulseResponse, double residualRms, int equations) {
    }

    private FirFit() {
    }

    /** @param length L, in [1, time] */
    public static Estimate fit(Sequences data, int washout, int length) {
        return fit(data, washout, length, null);
    }

    /** As {@link #fit(Sequences, int, int)}, the least squares on {@code blas} (null: the default). */
    public static Estimate fit(Sequences data, int washout, int length, Blas blas) {
        Regression.checkSiso(data, washout);
        if (length < 1 || length > data.time()) {
            throw new IllegalArgumentException("impulse-response length must be in [1, " + data.time() + "], got "
                    + length);
        }
        int rows = data.batch() * (data.time() - washout);
        double[] x = new double[rows * length];
        double[] y = new double[rows];
        int r = 0;
        for (int s = 0; s < data.batch(); s++) {
            for (int t = washout; t < data.time(); t++) {
                int p = r * length;
                for (int k = 0; k < length && k <= t; k++) {
                    x[p + k] = data.input(s, t - k, 0);   // x_{t-k} = 0 for t - k < 0: the sequence starts at rest
                }
                y[r++] = data.target(s, t, 0);
            }
        }
        double[] rms = new double[1];
        double[] g = Regression.solve(x, y, rows, length, rms, blas);
        return new Estimate(g, rms[0], rows);
    }
}
