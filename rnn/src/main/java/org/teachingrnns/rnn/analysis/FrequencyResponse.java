package org.teachingrnns.rnn.analysis;

import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * A frequency response on the unit circle, {@code H(e^{jw})} at frequencies {@code w} (rad/sample), as real and
 * imaginary parts {@code [frequency][output][input]}.
 *
 * <p>With {@code y_t = W_ho h_t}, {@code h_t = W_hh h_{t-1} + W_ih x_t} the transfer function is
 * {@code H(z) = sum_k h_k z^-k = W_ho (I - W_hh z^-1)^-1 W_ih} (no extra delay: the input reaches the output in
 * the step it arrives), which is scipy.signal.freqz(b, a)'s {@code B(e^{-jw}) / A(e^{-jw})} for the companion-form
 * teacher. {@link #ofNetwork} solves that linear system at each frequency for a linear network; a tanh or relu
 * network has no transfer function, and its "frequency response" here is the discrete-time Fourier transform of
 * its measured impulse response ({@link ImpulseResponse}) truncated at a stated length.
 */
public record FrequencyResponse(double[] w, double[][][] re, double[][][] im) {

    public FrequencyResponse {
        checkGrid(w);
        if (re == null || im == null || re.length != w.length || im.length != w.length) {
            throw new IllegalArgumentException("one response matrix per frequency is needed");
        }
    }

    static void checkGrid(double[] w) {
        if (w == null) {
            throw new IllegalArgumentException("frequencies must not be null");
        }
        for (double v : w) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("frequencies must be finite, got " + v);
            }
        }
    }

    /** scipy.signal.freqz's default grid for worN = points: {@code w_k = pi k / points}, k = 0..points-1. */
    public static double[] grid(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("number of frequencies must be >= 1, got " + points);
        }
        double[] w = new double[points];
        for (int k = 0; k < points; k++) {
            w[k] = Math.PI * k / points;
        }
        return w;
    }

    /**
     * The network's frequency response: for a linear network {@code W_ho (I - e^{-jw} W_hh)^-1 W_ih} (complex
     * Gaussian elimination with partial pivoting at each w; infinite or NaN where an eigenvalue lies on the unit
     * circle at angle w); otherwise {@link #ofImpulseResponse} of {@code ImpulseResponse.of(m, impulseLength)}.
     */
    public static FrequencyResponse ofNetwork(RnnModel m, double[] w, int impulseLength) {
        if (m == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        checkGrid(w);
        if (m.activation() != Activation.LINEAR) {
            return ofImpulseResponse(ImpulseResponse.of(m, impulseLength), w);
        }
        int n = m.hiddenSize();
        int in = m.inputSize();
        int out = m.outputSize();
        double[] whh = m.flat(Parameter.W_HH);
        double[] wih = m.flat(Parameter.W_IH);
        double[] who = m.flat(Parameter.W_HO);
        double[][][] re = new double[w.length][out][in];
        double[][][] im = new double[w.length][out][in];
        double[] ar = new double[n * n];
        double[] ai = new double[n * n];
        double[] xr = new double[n * in];
        double[] xi = new double[n * in];
        for (int f = 0; f < w.length; f++) {
            double zr = Math.cos(w[f]);     // z^-1 = e^{-jw}
            double zi = -Math.sin(w[f]);
            for (int p = 0; p < n * n; p++) {
                ar[p] = -zr * whh[p];
                ai[p] = -zi * whh[p];
            }
            for (int i = 0; i < n; i++) {
                ar[i * n + i] += 1.0;
            }
            System.arraycopy(wih, 0, xr, 0, n * in);
            java.util.Arrays.fill(xi, 0.0);
            solve(ar, ai, n, xr, xi, in);
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < in; j++) {
                    double sr = 0.0;
                    double si = 0.0;
                    for (int i = 0; i < n; i++) {
                        sr += who[o * n + i] * xr[i * in + j];
                        si += who[o * n + i] * xi[i * in + j];
                    }
                    re[f][o][j] = sr;
                    im[f][o][j] = si;
                }
            }
        }
        return new FrequencyResponse(w.clone(), re, im);
    }

    /** The DTFT of a finite impulse response {@code [k][output][input]}: {@code sum_k h_k e^{-jwk}}. */
    public static FrequencyResponse ofImpulseResponse(double[][][] h, double[] w) {
        checkGrid(w);
        if (h == null || h.length == 0) {
            throw new IllegalArgumentException("impulse response must have at least one step");
        }
        int out = h[0].length;
        int in = h[0][0].length;
        double[][][] re = new double[w.length][out][in];
        double[][][] im = new double[w.length][out][in];
        for (int f = 0; f < w.length; f++) {
            for (int k = 0; k < h.length; k++) {
                double c = Math.cos(w[f] * k);
                double s = -Math.sin(w[f] * k);
                for (int o = 0; o < out; o++) {
                    for (int j = 0; j < in; j++) {
                        re[f][o][j] += h[k][o][j] * c;
                        im[f][o][j] += h[k][o][j] * s;
                    }
                }
            }
        }
        return new FrequencyResponse(w.clone(), re, im);
    }

    /**
     * Solves {@code A X = B} in place for complex A (n x n, destroyed) and B (n x cols, overwritten by X):
     * Gaussian elimination with partial pivoting by modulus (LAPACK zgesv without blocking).
     */
    static void solve(double[] ar, double[] ai, int n, double[] br, double[] bi, int cols) {
        for (int k = 0; k < n; k++) {
            int piv = k;
            double best = Math.hypot(ar[k * n + k], ai[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.hypot(ar[i * n + k], ai[i * n + k]);
                if (v > best) {
                    best = v;
                    piv = i;
                }
            }
            if (piv != k) {
                swapRows(ar, n, k, piv);
                swapRows(ai, n, k, piv);
                swapRows(br, cols, k, piv);
                swapRows(bi, cols, k, piv);
            }
            double pr = ar[k * n + k];
            double pi = ai[k * n + k];
            double den = pr * pr + pi * pi;
            for (int i = k + 1; i < n; i++) {
                // l = a[i][k] / pivot
                double xr = ar[i * n + k];
                double xi = ai[i * n + k];
                double lr = (xr * pr + xi * pi) / den;
                double li = (xi * pr - xr * pi) / den;
                for (int j = k; j < n; j++) {
                    double ur = ar[k * n + j];
                    double ui = ai[k * n + j];
                    ar[i * n + j] -= lr * ur - li * ui;
                    ai[i * n + j] -= lr * ui + li * ur;
                }
                for (int j = 0; j < cols; j++) {
                    double ur = br[k * cols + j];
                    double ui = bi[k * cols + j];
                    br[i * cols + j] -= lr * ur - li * ui;
                    bi[i * cols + j] -= lr * ui + li * ur;
                }
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            double pr = ar[k * n + k];
            double pi = ai[k * n + k];
            double den = pr * pr + pi * pi;
            for (int j = 0; j < cols; j++) {
                double sr = br[k * cols + j];
                double si = bi[k * cols + j];
                for (int l = k + 1; l < n; l++) {
                    double ur = ar[k * n + l];
                    double ui = ai[k * n + l];
                    double vr = br[l * cols + j];
                    double vi = bi[l * cols + j];
                    sr -= ur * vr - ui * vi;
                    si -= ur * vi + ui * vr;
                }
                br[k * cols + j] = (sr * pr + si * pi) / den;
                bi[k * cols + j] = (si * pr - sr * pi) / den;
            }
        }
    }

    private static void swapRows(double[] a, int cols, int r, int s) {
        for (int j = 0; j < cols; j++) {
            double t = a[r * cols + j];
            a[r * cols + j] = a[s * cols + j];
            a[s * cols + j] = t;
        }
    }

    /** {@code |H|}, {@code [frequency][output][input]}. */
    public double[][][] magnitude() {
        double[][][] m = new double[w.length][][];
        for (int f = 0; f < w.length; f++) {
            m[f] = new double[re[f].length][re[f][0].length];
            for (int o = 0; o < re[f].length; o++) {
                for (int j = 0; j < re[f][o].length; j++) {
                    m[f][o][j] = Math.hypot(re[f][o][j], im[f][o][j]);
                }
            }
        }
        return m;
    }

    /** The phase {@code arg H} in (-pi, pi] (numpy.angle), {@code [frequency][output][input]}. */
    public double[][][] phase() {
        double[][][] p = new double[w.length][][];
        for (int f = 0; f < w.length; f++) {
            p[f] = new double[re[f].length][re[f][0].length];
            for (int o = 0; o < re[f].length; o++) {
                for (int j = 0; j < re[f][o].length; j++) {
                    p[f][o][j] = Math.atan2(im[f][o][j], re[f][o][j]);
                }
            }
        }
        return p;
    }

    /**
     * Relative L2 error of the complex responses, {@code sqrt(sum |H - H_ref|^2 / sum |H_ref|^2)} over the grid and
     * every (output, input) entry; both must be on the same grid.
     */
    public double relativeErrorTo(FrequencyResponse ref) {
        if (ref == null || !java.util.Arrays.equals(w, ref.w)) {
            throw new IllegalArgumentException("frequency responses must be on the same grid");
        }
        double num = 0.0;
        double den = 0.0;
        for (int f = 0; f < w.length; f++) {
            if (re[f].length != ref.re[f].length || re[f][0].length != ref.re[f][0].length) {
                throw new IllegalArgumentException("frequency responses must have the same number of outputs and inputs");
            }
            for (int o = 0; o < re[f].length; o++) {
                for (int j = 0; j < re[f][o].length; j++) {
                    double dr = re[f][o][j] - ref.re[f][o][j];
                    double di = im[f][o][j] - ref.im[f][o][j];
                    num += dr * dr + di * di;
                    den += ref.re[f][o][j] * ref.re[f][o][j] + ref.im[f][o][j] * ref.im[f][o][j];
                }
            }
        }
        return Math.sqrt(num / den);
    }
}
