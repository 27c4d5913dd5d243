package org.teachingrnns.rnn.identification;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.poly.Polynomial;
import org.teachingrnns.rnn.data.Sequences;

/**
 * Least-squares ARX fit (Ljung, <i>System Identification</i>, 2nd ed., section 4.2 and 7.3): the difference
 * equation
 * <pre>
 *   y_t + a_1 y_{t-1} + ... + a_na y_{t-na} = b_0 x_t + b_1 x_{t-1} + ... + b_nb x_{t-nb}
 * </pre>
 * fitted to every sequence's steps {@code t >= max(washout, na, nb)} (the kept steps, so that the start-up
 * transient does not enter as an equation; the lags reach back into the washout, which is data too). Solved by
 * Householder QR. The poles are the roots of {@code z^na + a_1 z^(na-1) + ... + a_na}.
 *
 * <p>The companion-form IIR teacher of order n is exactly ARX(n, 0) with {@code b_0 = 1}
 * ({@link org.teachingrnns.rnn.teacher.IirTeacher}: {@code y_t + a_1 y_{t-1} + ... + a_n y_{t-n} = x_t}); a linear
 * RNN teacher of hidden size n, {@code H(z) = C (I - A z^-1)^-1 B}, is ARX(n, n - 1). Either way noise-free data
 * give the poles to rounding (up to the conditioning of clustered roots). With noise on the targets the lagged
 * targets are noisy regressors and the fit is biased (the errors-in-variables bias of equation-error methods;
 * Ljung section 8.2), and every extra numerator coefficient adds variance: fit the orders the teacher has.
 * {@link HoKalman} on an {@link FirFit} is unbiased.
 */
public final class ArxFit {

    /**
     * An ARX model.
     *
     * @param a           {@code [1, a_1, ..., a_na]}, the monic AR polynomial (descending powers of z)
     * @param b           {@code [b_0, ..., b_nb]}
     * @param poles       the roots of a
     * @param residualRms root mean square of the equation error over the equations used
     * @param equations   number of equations (rows) of the least-squares problem
     */
    public record Model(double[] a, double[] b, ComplexArray poles, double residualRms, int equations) {
    }

    private ArxFit() {
    }


    public static Model fit(Sequences data, int washout, int na, int nb) {
        return fit(data, washout, na, nb, null);
    }

    /** As {@link #fit(Sequences, int, int, int)}, the least squares on {@code blas} (null: the default). */
    public static Model fit(Sequences data, int washout, int na, int nb, Blas blas) {
        Regression.checkSiso(data, washout);
        if (na < 1 || nb < 0) {
            throw new IllegalArgumentException("orders must be na >= 1, nb >= 0, got " + na + ", " + nb);
        }
        int first = Math.max(washout, Math.max(na, nb));
        int perSequence = Math.max(0, data.time() - first);
        int rows = data.batch() * perSequence;
        int cols = na + nb + 1;
        double[] x = new double[rows * cols];
        double[] y = new double[rows];
        int r = 0;
        for (int s = 0; s < data.batch(); s++) {
            for (int t = first; t < data.time(); t++) {
                int p = r * cols;
                for (int k = 1; k <= na; k++) {
                    x[p++] = -data.target(s, t - k, 0);
                }
                for (int k = 0; k <= nb; k++) {
                    x[p++] = data.input(s, t - k, 0);
                }
                y[r++] = data.target(s, t, 0);
            }
        }
        double[] rms = new double[1];
        double[] theta = Regression.solve(x, y, rows, cols, rms, blas);
        double[] a = new double[na + 1];
        a[0] = 1.0;
        System.arraycopy(theta, 0, a, 1, na);
        double[] b = new double[nb + 1];
        System.arraycopy(theta, na, b, 0, nb + 1);
        return new Model(a, b, Polynomial.roots(a), rms[0], rows);
    }
}
