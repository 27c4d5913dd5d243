package org.teachingrnns.rnn.identification;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.numeric.linalg.HouseholderQr;
import org.teachingrnns.numeric.linalg.SingularValueDecomposition;

/**
 * Ho-Kalman realisation (Ho and Kalman 1966), in the form of the Eigensystem Realization Algorithm (Juang and
 * Pappa, J. Guidance 8, 1985), of a single-input single-output impulse response {@code g_k = C A^k B}
 * (k >= 0, the RNN's {@code y_t = C h_t}, {@code h_t = A h_{t-1} + B x_t}):
 * <ol>
 *   <li>the Hankel matrix {@code H(i, j) = g_{i+j}}, rows x cols, which factors as {@code O R} (observability
 *       times controllability) and has rank n for an order-n system;</li>
 *   <li>its SVD {@code H = U S V^T} truncated to n: {@code O = U_n S_n^{1/2}};</li>
 *   <li>the shift structure of O: with O1 its first rows - 1 rows and O2 its last rows - 1,
 *       {@code O2 = O1 A}, so {@code A = O1^+ O2} (least squares by Householder QR);</li>
 *   <li>the poles are the eigenvalues of A (similarity-invariant, so the basis of the realisation is irrelevant).</li>
 * </ol>
 * The singular values are returned too: their drop after the n-th says how well the data determine the order.
 */
public final class HoKalman {

    /**
     * A realisation.
     *
     * @param a              the n x n state matrix, row-major
     * @param poles          its eigenvalues
     * @param singularValues all singular values of the Hankel matrix, descending
     * @param rows           Hankel rows
     * @param cols           Hankel columns
     */
    public record Realization(double[] a, ComplexArray poles, double[] singularValues, int rows, int cols) {
    }

    private HoKalman() {
    }

    /** The realisation of order n from g, with the largest square-ish Hankel matrix g allows (rows = len / 2). */
    public static Realization realize(double[] g, int order) {
        return realize(g, order, (Blas) null);
    }

    /** As {@link #realize(double[], int)}, the QR and eigenvalues on {@code blas} (null: the default). */
    public static Realization realize(double[] g, int order, Blas blas) {
        if (g == null) {
            throw new IllegalArgumentException("impulse response must not be null");
        }
        int rows = g.length / 2;
        return realize(g, order, rows, g.length - rows, blas);
    }

    /**
     * @param rows Hankel rows, >= order + 1 (O1 needs order rows)
     * @param cols Hankel columns, >= order; rows + cols - 1 <= g.length
     */
    public static Realization realize(double[] g, int order, int rows, int cols) {
        return realize(g, order, rows, cols, null);
    }

    /** As {@link #realize(double[], int, int, int)}, the QR and eigenvalues on {@code blas} (null: the default). */
    public static Realization realize(double[] g, int order, int rows, int cols, Blas blas) {
        if (g == null || order < 1 || rows < order + 1 || cols < order || rows + cols - 1 > g.length) {
            throw new IllegalArgumentException("a Hankel matrix of " + rows + " x " + cols + " for order " + order
                    + " needs rows >= order + 1, cols >= order and rows + cols - 1 <= " + (g == null ? 0 : g.length)
                    + " impulse-response samples");
        }
        double[] h = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                h[i * cols + j] = g[i + j];
            }
        }
        SingularValueDecomposition svd = SingularValueDecomposition.of(h, rows, cols);
        double[] s = svd.singularValues();
        double[] u = svd.u();
        int k = svd.rank();
        if (!(s[order - 1] > 0)) {
            throw new IllegalArgumentException("the Hankel matrix has rank below " + order
                    + ": the impulse response does not determine an order-" + order + " system");
        }
        // O = U_n S_n^{1/2}, rows x n.
        double[] o = new double[rows * order];
        for (int i = 0; i < rows; i++) {
            for (int q = 0; q < order; q++) {
                o[i * order + q] = u[i * k + q] * Math.sqrt(s[q]);
            }
        }
        // A = O1^+ O2: one least-squares solve per column of O2.
        HouseholderQr qr = Regression.qr(blas);
        qr.decompose(o, rows - 1, order);   // O1: the first rows - 1 rows of O
        double[] a = new double[order * order];
        double[] col = new double[rows - 1];
        for (int q = 0; q < order; q++) {
            for (int i = 0; i < rows - 1; i++) {
                col[i] = o[(i + 1) * order + q];
            }
            double[] x = qr.solve(col);
            for (int i = 0; i < order; i++) {
                a[i * order + q] = x[i];
            }
        }
        return new Realization(a, blas == null ? EigenDecomposition.eigenvalues(a, order)
                : EigenDecomposition.eigenvalues(a, order, blas), s, rows, cols);
    }
}
