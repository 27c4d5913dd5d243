package org.teachingrnns.rnn.identification;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.linalg.Cholesky;
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

    /**
     * As {@link #fit(Sequences, int, int)}, with {@code blas} for the QR fallback (null: the default).
     *
     * <p>The normal equations {@code G g = X^T y} are formed from the shift structure of X without building it:
     * row {@code (s, t)} of X is {@code x_s(t), x_s(t-1), ..., x_s(t-L+1)}, so
     * {@code G(j+1, k+1) = G(j, k) + sum_s x_s(w-1-j) x_s(w-1-k) - sum_s x_s(T-1-j) x_s(T-1-k)} (w the washout, T the
     * length, x zero before step 0): the first row costs {@code O(S T L)}, every other element O(S), where the QR of
     * the rows x L matrix costs {@code 2 rows L^2} (8000 x 150 in the default experiment: 360 MFLOP, most of a
     * default run's fixed cost before this). G is solved by Cholesky with one step of iterative refinement on the
     * residual (the corrected semi-normal equations, Bjorck, "Stability analysis of the method of seminormal
     * equations for linear least squares problems", LAA 88/89, 1987), which gives QR's accuracy while X is well
     * conditioned, as it is for white-noise input. When Cholesky fails or its pivots show
     * {@code cond(G) > }{@value #MAX_GRAM_CONDITION}, the fit falls back to Householder QR of X.
     */
    public static Estimate fit(Sequences data, int washout, int length, Blas blas) {
        check(data, washout, length);
        Estimate normal = normalEquations(data, washout, length);
        return normal != null ? normal : qr(data, washout, length, blas);
    }

    /**
     * Above this lower bound on cond(G) = cond(X)^2 the normal equations lose more than about half the digits a QR
     * keeps even after refinement (CSNE is as accurate as QR for cond(X) up to about {@code 1/sqrt(eps)}).
     */
    static final double MAX_GRAM_CONDITION = 1e8;

    private static void check(Sequences data, int washout, int length) {
        Regression.checkSiso(data, washout);
        if (length < 1 || length > data.time()) {
            throw new IllegalArgumentException("impulse-response length must be in [1, " + data.time() + "], got "
                    + length);
        }
        Regression.checkEquations((long) data.batch() * (data.time() - washout), length);
    }

    /** The estimate by the structured normal equations, or null when G is not well enough conditioned. */
    static Estimate normalEquations(Sequences data, int washout, int length) {
        int batch = data.batch();
        int time = data.time();
        int len = length;
        double[][] x = new double[batch][];
        double[][] y = new double[batch][];
        for (int s = 0; s < batch; s++) {
            x[s] = new double[time];
            y[s] = new double[time];
            for (int t = 0; t < time; t++) {
                x[s][t] = data.input(s, t, 0);
                y[s][t] = data.target(s, t, 0);
            }
        }
        // The first row of G is X^T (X's column 0), and column 0 of X is the input itself.
        double[] gram = new double[len * len];
        System.arraycopy(project(x, x, washout, len), 0, gram, 0, len);
        double[] rhs = project(x, y, washout, len);
        // G(j+1, k+1) = G(j, k) + sum_s x_s(w-1-j) x_s(w-1-k) - sum_s x_s(T-1-j) x_s(T-1-k), for k >= j (upper), then
        // mirrored: the shift recursion along each diagonal.
        for (int j = 0; j + 1 < len; j++) {
            for (int k = j; k + 1 < len; k++) {
                int b = washout - 1 - k;
                int d = time - 1 - k;
                double add = b >= 0 ? crossSum(x, washout - 1 - j, b) : 0;
                double sub = d >= 0 ? crossSum(x, time - 1 - j, d) : 0;
                gram[(j + 1) * len + k + 1] = gram[j * len + k] + add - sub;
            }
        }
        for (int j = 0; j < len; j++) {
            for (int k = j + 1; k < len; k++) {
                gram[k * len + j] = gram[j * len + k];
            }
        }
        Cholesky chol = Cholesky.factor(gram, len);
        if (chol == null || !(chol.conditionLowerBound() <= MAX_GRAM_CONDITION)) {
            return null;
        }
        double[] g = chol.solve(rhs);
        // One refinement step: r = y - X g, then g += G^{-1} X^T r.
        double[] correction = chol.solve(project(x, residuals(x, y, washout, g), washout, len));
        for (int k = 0; k < len; k++) {
            g[k] += correction[k];
        }
        double[][] r = residuals(x, y, washout, g);
        double ss = 0;
        for (double[] rs : r) {
            for (int t = washout; t < rs.length; t++) {
                ss += rs[t] * rs[t];
            }
        }
        long rows = (long) batch * (time - washout);
        return new Estimate(g, Math.sqrt(ss / rows), (int) rows);
    }

    /**
     * {@code X^T v} for a right-hand side v on the kept steps ({@code v[s][t]}, t >= washout): element k is
     * {@code sum_s sum_t v_s(t) x_s(t-k)}, x zero before step 0. Gives X^T y, X^T r and G's first row (v = x).
     */
    private static double[] project(double[][] x, double[][] v, int washout, int len) {
        double[] out = new double[len];
        for (int s = 0; s < x.length; s++) {
            double[] u = x[s];
            for (int t = washout; t < u.length; t++) {
                addShifted(out, v[s][t], u, t, Math.min(len - 1, t));
            }
        }
        return out;
    }

    // The innermost loops below are methods of their own, called once per (sequence, step) or per element of G:
    // run once per process, a loop nested in one long method runs interpreted until on-stack replacement (whose
    // thresholds the launcher raises), while a small method called thousands of times is compiled after a few
    // hundred calls. Same operations in the same order: the same bits.

    /** {@code out[k] += vt * u[t - k]} for k = 0..kmax. */
    private static void addShifted(double[] out, double vt, double[] u, int t, int kmax) {
        for (int k = 0; k <= kmax; k++) {
            out[k] += vt * u[t - k];
        }
    }

    /** {@code sum_k g[k] u[t - k]} for k = 0..kmax, in that order. */
    private static double convolved(double[] g, double[] u, int t, int kmax) {
        double pred = 0;
        for (int k = 0; k <= kmax; k++) {
            pred += g[k] * u[t - k];
        }
        return pred;
    }

    /** {@code sum_s x_s(i) x_s(j)} over the sequences, in order. */
    private static double crossSum(double[][] x, int i, int j) {
        double sum = 0;
        for (double[] u : x) {
            sum += u[i] * u[j];
        }
        return sum;
    }

    /** The residual {@code r = y - X g} on the kept steps (each prediction a convolution of the input with g). */
    private static double[][] residuals(double[][] x, double[][] y, int washout, double[] g) {
        int len = g.length;
        double[][] r = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            double[] u = x[s];
            r[s] = new double[u.length];
            for (int t = washout; t < u.length; t++) {
                r[s][t] = y[s][t] - convolved(g, u, t, Math.min(len - 1, t));
            }
        }
        return r;
    }

    /** The estimate by Householder QR of the explicit rows x L matrix (the fallback, and the reference in tests). */
    static Estimate qr(Sequences data, int washout, int length, Blas blas) {
        check(data, washout, length);
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
