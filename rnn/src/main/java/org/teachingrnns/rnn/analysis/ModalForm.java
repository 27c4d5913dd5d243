package org.teachingrnns.rnn.analysis;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The modal (eigen) form of the linear part of an RNN, {@code h_t = W_hh h_{t-1} + W_ih x_t},
 * {@code y_t = W_ho h_t}: with {@code W_hh = V diag(lambda) V^{-1}}, right eigenvectors {@code v_i} (columns of
 * V) and {@code u_i^T} the rows of {@code V^{-1}},
 * <pre>
 *   h_k = W_ho W_hh^k W_ih = sum_i c_i b_i^T lambda_i^k,   c_i = W_ho v_i,   b_i^T = u_i^T W_ih,
 *   H(z) = W_ho (I - W_hh z^-1)^-1 W_ih = sum_i c_i b_i^T / (1 - lambda_i z^-1).
 * </pre>
 * The residue of mode i is {@code |c_i| |b_i|} (Euclidean norms of complex vectors; for one input and one output
 * the modulus of the partial-fraction coefficient {@code c_i b_i}): how strongly the mode reaches the output from
 * the input. A spare mode of an over-sized student with residue near 0 is invisible in the input-output map
 * (uncontrollable or unobservable), whereas one with a large residue shapes the response and is a wrong mode.
 *
 * <p>The rows of {@code V^{-1}} come from the left eigenvectors {@code w_i} of numeric's
 * {@link EigenDecomposition} (LAPACK dgeev's {@code w_i^H A = lambda_i w_i^H}): since {@code w_i^H v_j = 0} for
 * {@code j != i}, {@code u_i^T = w_i^H / (w_i^H v_i)}. For a defective or nearly defective W_hh (a repeated
 * eigenvalue with one eigenvector) {@code w_i^H v_i} vanishes and the residues grow without bound: the modal
 * form does not exist there, and {@link #impulseResponse} stops agreeing with the network's.
 *
 * <p>For a tanh or relu network this is the form of its linear part, the network itself for inputs small enough
 * that f stays linear around h = 0 (tanh'(0) = 1) when there is no bias.
 */
public final class ModalForm {

    private final ComplexArray eigenvalues;
    private final int inputs;
    private final int outputs;
    /** c_i = W_ho v_i, [mode][output]. */
    private final double[][] cRe;
    private final double[][] cIm;
    /** b_i^T = u_i^T W_ih, [mode][input]. */
    private final double[][] bRe;
    private final double[][] bIm;
    private final double[] residues;

    private ModalForm(ComplexArray eigenvalues, int inputs, int outputs, double[][] cRe, double[][] cIm,
                      double[][] bRe, double[][] bIm) {
        this.eigenvalues = eigenvalues;
        this.inputs = inputs;
        this.outputs = outputs;
        this.cRe = cRe;
        this.cIm = cIm;
        this.bRe = bRe;
        this.bIm = bIm;
        int n = eigenvalues.length();
        this.residues = new double[n];
        for (int i = 0; i < n; i++) {
            residues[i] = norm(cRe[i], cIm[i]) * norm(bRe[i], bIm[i]);
        }
    }

    /**
     * The modal form of m's (W_ih, W_hh, W_ho); the activation and biases are not used. Modes come in the order
     * of {@link Spectra#eigenvalues(RnnModel)}.
     *
     * @throws org.teachingrnns.numeric.linalg.ConvergenceException when the eigenvalue iteration fails
     */
    public static ModalForm of(RnnModel m) {
        return of(m, null);
    }

    /** As {@link #of(RnnModel)}, the eigen-decomposition's products on {@code blas} (null: the default). */
    public static ModalForm of(RnnModel m, Blas blas) {
        if (m == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        int n = m.hiddenSize();
        int in = m.inputSize();
        int out = m.outputSize();
        EigenDecomposition eig = Spectra.decomposition(true, true, blas);
        if (!eig.decompose(m.flat(Parameter.W_HH), n)) {
            throw new org.teachingrnns.numeric.linalg.ConvergenceException(eig.failure());
        }
        double[] wIh = m.flat(Parameter.W_IH);
        double[] wHo = m.flat(Parameter.W_HO);
        double[][] cRe = new double[n][out];
        double[][] cIm = new double[n][out];
        double[][] bRe = new double[n][in];
        double[][] bIm = new double[n][in];
        for (int i = 0; i < n; i++) {
            ComplexArray v = eig.rightEigenvector(i);
            ComplexArray w = eig.leftEigenvector(i);
            for (int o = 0; o < out; o++) {
                double sr = 0.0;
                double si = 0.0;
                for (int j = 0; j < n; j++) {
                    sr += wHo[o * n + j] * v.re(j);
                    si += wHo[o * n + j] * v.im(j);
                }
                cRe[i][o] = sr;
                cIm[i][o] = si;
            }
            // s = w^H v; u^T = w^H / s.
            double sRe = 0.0;
            double sIm = 0.0;
            for (int j = 0; j < n; j++) {
                // conj(w_j) v_j
                sRe += w.re(j) * v.re(j) + w.im(j) * v.im(j);
                sIm += w.re(j) * v.im(j) - w.im(j) * v.re(j);
            }
            double den = sRe * sRe + sIm * sIm;
            for (int k = 0; k < in; k++) {
                // (w^H W_ih)_k = sum_j conj(w_j) W_ih[j][k]
                double pr = 0.0;
                double pi = 0.0;
                for (int j = 0; j < n; j++) {
                    pr += w.re(j) * wIh[j * in + k];
                    pi -= w.im(j) * wIh[j * in + k];
                }
                // (pr + i pi) / (sRe + i sIm)
                bRe[i][k] = (pr * sRe + pi * sIm) / den;
                bIm[i][k] = (pi * sRe - pr * sIm) / den;
            }
        }
        return new ModalForm(eig.eigenvalues(), in, out, cRe, cIm, bRe, bIm);
    }

    private static double norm(double[] re, double[] im) {
        double s = 0.0;
        for (int k = 0; k < re.length; k++) {
            s += re[k] * re[k] + im[k] * im[k];
        }
        return Math.sqrt(s);
    }

    /** The eigenvalues lambda_i of W_hh (a copy). */
    public ComplexArray eigenvalues() {
        return eigenvalues.copy();
    }

    /** Number of modes (the hidden size). */
    public int size() {
        return eigenvalues.length();
    }

    /** The residues {@code |W_ho v_i| |u_i^T W_ih|}, in mode order (a copy). */
    public double[] residues() {
        return residues.clone();
    }

    /** The largest residue (0 for no modes). */
    public double maxResidue() {
        double r = 0.0;
        for (double v : residues) {
            r = Math.max(r, v);
        }
        return r;
    }

    /**
     * The impulse response from the modal form, {@code h_k = Re sum_i c_i b_i^T lambda_i^k} for k < length, as
     * {@code [k][output][input]} (the imaginary parts cancel over conjugate pairs).
     */
    public double[][][] impulseResponse(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        double[][][] h = new double[length][outputs][inputs];
        for (int i = 0; i < size(); i++) {
            double lr = eigenvalues.re(i);
            double li = eigenvalues.im(i);
            double pr = 1.0;    // lambda_i^k
            double pi = 0.0;
            for (int k = 0; k < length; k++) {
                for (int o = 0; o < outputs; o++) {
                    for (int j = 0; j < inputs; j++) {
                        // residue matrix entry r = c_o b_j, times lambda^k; real part
                        double rr = cRe[i][o] * bRe[i][j] - cIm[i][o] * bIm[i][j];
                        double ri = cRe[i][o] * bIm[i][j] + cIm[i][o] * bRe[i][j];
                        h[k][o][j] += rr * pr - ri * pi;
                    }
                }
                double t = pr * lr - pi * li;
                pi = pr * li + pi * lr;
                pr = t;
            }
        }
        return h;
    }

    /**
     * The frequency response from the modal form, {@code H(e^{jw}) = sum_i c_i b_i^T / (1 - lambda_i e^{-jw})}, at
     * the frequencies w (rad/sample).
     */
    public FrequencyResponse frequencyResponse(double[] w) {
        FrequencyResponse.checkGrid(w);
        double[][][] re = new double[w.length][outputs][inputs];
        double[][][] im = new double[w.length][outputs][inputs];
        for (int f = 0; f < w.length; f++) {
            double zr = Math.cos(w[f]);     // z^-1 = e^{-jw}
            double zi = -Math.sin(w[f]);
            for (int i = 0; i < size(); i++) {
                double lr = eigenvalues.re(i);
                double li = eigenvalues.im(i);
                // d = 1 - lambda z^-1
                double dr = 1.0 - (lr * zr - li * zi);
                double di = -(lr * zi + li * zr);
                double den = dr * dr + di * di;
                for (int o = 0; o < outputs; o++) {
                    for (int j = 0; j < inputs; j++) {
                        double rr = cRe[i][o] * bRe[i][j] - cIm[i][o] * bIm[i][j];
                        double ri = cRe[i][o] * bIm[i][j] + cIm[i][o] * bRe[i][j];
                        re[f][o][j] += (rr * dr + ri * di) / den;
                        im[f][o][j] += (ri * dr - rr * di) / den;
                    }
                }
            }
        }
        return new FrequencyResponse(w.clone(), re, im);
    }
}
