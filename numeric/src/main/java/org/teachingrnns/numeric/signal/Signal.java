package org.teachingrnns.numeric.signal;

import java.util.Arrays;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.poly.Polynomial;

/**
 * Linear filters with scipy.signal's conventions: a transfer function is a numerator {@code b} and a
 * denominator {@code a}, both in descending powers (of s, or of z; for a discrete filter, equivalently
 * ascending powers of z^-1, the order {@link #lfilter} reads them in):
 * {@code H(z) = (b[0] + b[1] z^-1 + ... ) / (a[0] + a[1] z^-1 + ...)}.
 */
public final class Signal {

    private Signal() {
    }

    /** A transfer function, numerator and denominator in descending powers (scipy's (b, a)). */
    public record TransferFunction(double[] b, double[] a) {
        public TransferFunction {
            if (b == null || a == null) {
                throw new IllegalArgumentException("b and a must not be null");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TransferFunction t && Arrays.equals(b, t.b) && Arrays.equals(a, t.a);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(b) + Arrays.hashCode(a);
        }

        @Override
        public String toString() {
            return "TransferFunction[b=" + Arrays.toString(b) + ", a=" + Arrays.toString(a) + "]";
        }
    }

    /** Zeros, poles and gain (scipy's (z, p, k)). */
    public record Zpk(ComplexArray zeros, ComplexArray poles, double gain) {
    }

    /**
     * A single-input single-output state-space system {@code x' = A x + B u, y = C x + D u} (or the
     * discrete-time update {@code x[t+1] = A x[t] + B u[t]}), A row-major n x n, B and C of length n.
     */
    public record StateSpace(int n, double[] a, double[] b, double[] c, double d) {
        public StateSpace {
            if (n < 0 || a == null || b == null || c == null || a.length != n * n || b.length != n || c.length != n) {
                throw new IllegalArgumentException("state-space arrays do not match n = " + n);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StateSpace s && n == s.n && Arrays.equals(a, s.a) && Arrays.equals(b, s.b)
                    && Arrays.equals(c, s.c) && Double.compare(d, s.d) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(a) * 31 + Arrays.hashCode(c) + Double.hashCode(d) + n;
        }

        @Override
        public String toString() {
            return "StateSpace[n=" + n + ", a=" + Arrays.toString(a) + ", b=" + Arrays.toString(b) + ", c="
                    + Arrays.toString(c) + ", d=" + d + "]";
        }
    }

    /** Output {@code y} and final filter state {@code zf} of {@link #lfilter(double[], double[], double[], double[])}. */
    public record Filtered(double[] y, double[] zf) {
    }

    /** Frequencies (rad/sample) and the complex response there, from {@link #freqz(double[], double[], int)}. */
    public record FrequencyResponse(double[] w, ComplexArray h) {
    }

    // ------------------------------------------------------------------ conversions

    /**
     * scipy.signal.zpk2tf for SISO: {@code b = k * poly(zeros)}, {@code a = poly(poles)}. Zeros and poles must
     * each be closed under conjugation (see {@link Polynomial#fromRoots}).
     */
    public static TransferFunction zpk2tf(ComplexArray zeros, ComplexArray poles, double gain) {
        if (!Double.isFinite(gain)) {
            throw new IllegalArgumentException("gain must be finite, got " + gain);
        }
        double[] b = Polynomial.fromRoots(zeros);
        for (int i = 0; i < b.length; i++) {
            b[i] *= gain;
        }
        return new TransferFunction(b, Polynomial.fromRoots(poles));
    }

    /**
     * scipy.signal.tf2zpk: normalises as scipy.signal.normalize (leading zeros of a dropped, both divided by
     * a[0], leading numerator coefficients below 1e-14 dropped), then {@code k = b[0]},
     * zeros = roots(b / k), poles = roots(a). An all-zero numerator gives gain 0 and no zeros.
     */
    public static Zpk tf2zpk(double[] b, double[] a) {
        double[][] ba = normalize(b, a);
        double[] bn = ba[0];
        double[] an = ba[1];
        double k = bn[0];
        if (k == 0.0) {
            // Only possible for a numerator of zeros (scipy divides by it and returns NaN zeros).
            return new Zpk(ComplexArray.zeros(0), Polynomial.roots(an), 0.0);
        }
        double[] monic = new double[bn.length];
        for (int i = 0; i < monic.length; i++) {
            monic[i] = bn[i] / k;
        }
        return new Zpk(Polynomial.roots(monic), Polynomial.roots(an), k);
    }

    /**
     * scipy.signal.tf2ss for SISO, controller canonical (companion) form: with b, a normalised by a[0]
     * (leading zeros of a dropped), K = len(a), b left-padded with zeros to length K, n = K - 1 and
     * <pre>
     *   A = [-a[1] -a[2] ... -a[K-1]; 1 0 ... 0; 0 1 ... 0; ...]   (first row -a[1:], ones on the subdiagonal)
     *   B = e1 = (1, 0, ..., 0)^T
     *   C = b[1:] - b[0] a[1:]
     *   D = b[0]
     * </pre>
     * Numerator and denominator are first normalised as scipy.signal.normalize does. A pure gain (K = 1)
     * comes back as scipy returns it: n = 1 with A = B = C = 0 and D = b[0].
     *
     * @throws IllegalArgumentException for an improper transfer function (more numerator than denominator
     *     coefficients after normalisation), as scipy's ValueError
     */
    public static StateSpace tf2ss(double[] b, double[] a) {
        double[][] ba = normalize(b, a);
        double[] num = ba[0];
        double[] den = ba[1];
        int first = 0;
        int m = num.length;
        int kk = den.length;
        if (m > kk) {
            throw new IllegalArgumentException("improper transfer function: the numerator has " + m
                    + " coefficients, the denominator only " + kk);
        }
        double[] padded = new double[kk];
        System.arraycopy(num, first, padded, kk - m, m);
        if (kk == 1) {
            // A pure gain: scipy returns A = B = C = [[0]] and D = [[b0]], a 1-state system that never moves.
            return new StateSpace(1, new double[1], new double[1], new double[1], padded[0]);
        }
        int n = kk - 1;
        double[] am = new double[n * n];
        double[] bm = new double[n];
        double[] cm = new double[n];
        for (int j = 0; j < n; j++) {
            am[j] = -den[j + 1];
            cm[j] = padded[j + 1] - padded[0] * den[j + 1];
        }
        for (int i = 1; i < n; i++) {
            am[i * n + i - 1] = 1.0;
        }
        if (n > 0) {
            bm[0] = 1.0;
        }
        return new StateSpace(n, am, bm, cm, padded[0]);
    }

    /**
     * scipy.signal.normalize for SISO: drops leading zeros of a (all zero is an error) and divides both by
     * the new a[0]; then drops leading numerator coefficients that are zero to scipy's tolerance
     * ({@code numpy.allclose(0, b_i, atol=1e-14)}, where scipy warns BadCoefficients), keeping at least
     * one. Returns copies {b, a}.
     */
    private static double[][] normalize(double[] b, double[] a) {
        checkFinite("b", b);
        checkFinite("a", a);
        if (b.length == 0) {
            throw new IllegalArgumentException("b must have at least one coefficient");
        }
        int first = 0;
        while (first < a.length && a[first] == 0.0) {
            first++;
        }
        if (first == a.length) {
            throw new IllegalArgumentException("denominator a must have at least one nonzero coefficient");
        }
        double a0 = a[first];
        double[] an = new double[a.length - first];
        for (int i = 0; i < an.length; i++) {
            an[i] = a[first + i] / a0;
        }
        an[0] = 1.0;
        int lead = 0;
        while (lead < b.length - 1 && Math.abs(b[lead] / a0) <= NEGLIGIBLE_LEADING) {
            lead++;
        }
        double[] bn = new double[b.length - lead];
        for (int i = 0; i < bn.length; i++) {
            bn[i] = b[lead + i] / a0;
        }
        return new double[][] {bn, an};
    }

    /** |x| <= atol + rtol |x| with numpy.allclose's rtol = 1e-5 and scipy's atol = 1e-14. */
    private static final double NEGLIGIBLE_LEADING = 1e-14 / (1.0 - 1e-5);

    private static void checkFinite(String name, double[] v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v[i]);
            }
        }
    }

    // ------------------------------------------------------------------ filtering

    /** scipy.signal.lfilter(b, a, x) with zero initial state. */
    public static double[] lfilter(double[] b, double[] a, double[] x) {
        checkFilter(b, a);
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        int k = Math.max(a.length, b.length);
        double[] y = new double[x.length];
        lfilter(b, a, x, 0, y, 0, x.length, new double[Math.max(0, k - 1)]);
        return y;
    }

    /**
     * scipy.signal.lfilter(b, a, x, zi=zi): returns y and the final state zf. {@code zi} has length
     * {@code max(len(a), len(b)) - 1} and is not modified.
     */
    public static Filtered lfilter(double[] b, double[] a, double[] x, double[] zi) {
        checkFilter(b, a);
        if (x == null || zi == null) {
            throw new IllegalArgumentException("x and zi must not be null");
        }
        int k = Math.max(a.length, b.length);
        if (zi.length != k - 1) {
            throw new IllegalArgumentException("zi must have length max(len(a), len(b)) - 1 = " + (k - 1)
                    + ", got " + zi.length);
        }
        double[] z = zi.clone();
        double[] y = new double[x.length];
        lfilter(b, a, x, 0, y, 0, x.length, z);
        return new Filtered(y, z);
    }

    /**
     * The allocation-free core: filters {@code x[xOff..xOff+len-1]} into {@code y[yOff..]}, starting from and
     * updating the state {@code z} (length max(len(a), len(b)) - 1) in place. Direct form II transposed,
     * b and a normalised by a[0] on the fly, the recurrence of scipy's lfilter.c:
     * <pre>
     *   y[t]   = z[0] + b[0] x[t]
     *   z[i]   = z[i+1] + b[i+1] x[t] - a[i+1] y[t]     (i = 0..K-3)
     *   z[K-2] = b[K-1] x[t] - a[K-1] y[t]
     * </pre>
     * with b and a zero-padded to a common length K. {@code x} and {@code y} may be the same array.
     */
    public static void lfilter(double[] b, double[] a, double[] x, int xOff, double[] y, int yOff, int len,
                               double[] z) {
        checkFilter(b, a);
        int k = Math.max(a.length, b.length);
        if (z == null || z.length != k - 1) {
            throw new IllegalArgumentException("state z must have length max(len(a), len(b)) - 1 = " + (k - 1));
        }
        if (len < 0 || xOff < 0 || yOff < 0 || (long) xOff + len > x.length || (long) yOff + len > y.length) {
            throw new IllegalArgumentException("range of " + len + " samples at x[" + xOff + "], y[" + yOff
                    + "] exceeds the arrays (" + x.length + ", " + y.length + ")");
        }
        double a0 = a[0];
        // Normalised, zero-padded coefficients (small: allocate once per call, not per sample).
        double[] bn = new double[k];
        double[] an = new double[k];
        for (int i = 0; i < b.length; i++) {
            bn[i] = b[i] / a0;
        }
        for (int i = 1; i < a.length; i++) {
            an[i] = a[i] / a0;
        }
        if (k == 1) {
            double g = bn[0];
            for (int t = 0; t < len; t++) {
                y[yOff + t] = g * x[xOff + t];
            }
            return;
        }
        for (int t = 0; t < len; t++) {
            double xt = x[xOff + t];
            double yt = z[0] + bn[0] * xt;
            for (int i = 0; i < k - 2; i++) {
                z[i] = z[i + 1] + bn[i + 1] * xt - an[i + 1] * yt;
            }
            z[k - 2] = bn[k - 1] * xt - an[k - 1] * yt;
            y[yOff + t] = yt;
        }
    }

    private static void checkFilter(double[] b, double[] a) {
        checkFinite("b", b);
        checkFinite("a", a);
        if (b.length == 0 || a.length == 0) {
            throw new IllegalArgumentException("b and a must each have at least one coefficient");
        }
        if (a[0] == 0.0) {
            throw new IllegalArgumentException("a[0] must be nonzero (lfilter normalises by it)");
        }
    }

    /** The first n samples of the impulse response: lfilter(b, a, [1, 0, 0, ...]). */
    public static double[] impulseResponse(double[] b, double[] a, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("number of samples must be >= 0, got " + n);
        }
        double[] x = new double[n];
        if (n > 0) {
            x[0] = 1.0;
        }
        return lfilter(b, a, x);
    }

    /** The first n samples of the step response: lfilter(b, a, [1, 1, 1, ...]). */
    public static double[] stepResponse(double[] b, double[] a, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("number of samples must be >= 0, got " + n);
        }
        double[] x = new double[n];
        Arrays.fill(x, 1.0);
        return lfilter(b, a, x);
    }

    // ------------------------------------------------------------------ frequency response

    /**
     * scipy.signal.freqz(b, a, worN=w): {@code H(e^{jw}) = B(e^{-jw}) / A(e^{-jw})} with
     * {@code B(q) = sum_k b[k] q^k}, at the given frequencies in rad/sample.
     */
    public static ComplexArray freqz(double[] b, double[] a, double[] w) {
        checkFinite("b", b);
        checkFinite("a", a);
        if (w == null) {
            throw new IllegalArgumentException("w must not be null");
        }
        if (b.length == 0 || a.length == 0) {
            throw new IllegalArgumentException("b and a must each have at least one coefficient");
        }
        ComplexArray h = ComplexArray.zeros(w.length);
        for (int k = 0; k < w.length; k++) {
            double c = Math.cos(w[k]);
            double s = -Math.sin(w[k]);
            // Horner in q = e^{-jw} over the reversed coefficients: sum_k b[k] q^k.
            double br = 0.0;
            double bi = 0.0;
            for (int i = b.length - 1; i >= 0; i--) {
                double tr = br * c - bi * s + b[i];
                bi = br * s + bi * c;
                br = tr;
            }
            double ar = 0.0;
            double ai = 0.0;
            for (int i = a.length - 1; i >= 0; i--) {
                double tr = ar * c - ai * s + a[i];
                ai = ar * s + ai * c;
                ar = tr;
            }
            double den = ar * ar + ai * ai;
            // Smith's division would avoid overflow for huge coefficients; scipy divides directly.
            h.re[k] = (br * ar + bi * ai) / den;
            h.im[k] = (bi * ar - br * ai) / den;
        }
        return h;
    }

    /**
     * scipy.signal.freqz(b, a, worN=n) (whole=False): n frequencies {@code w_k = pi k / n}, k = 0..n-1,
     * equally spaced on [0, pi).
     */
    public static FrequencyResponse freqz(double[] b, double[] a, int worN) {
        return freqz(b, a, worN, false);
    }

    /**
     * scipy.signal.freqz(b, a, worN=n, whole=whole): n frequencies equally spaced on [0, pi), or on
     * [0, 2 pi) when {@code whole}, endpoint excluded.
     */
    public static FrequencyResponse freqz(double[] b, double[] a, int worN, boolean whole) {
        if (worN < 0) {
            throw new IllegalArgumentException("worN must be >= 0, got " + worN);
        }
        double span = whole ? 2 * Math.PI : Math.PI;
        double[] w = new double[worN];
        for (int k = 0; k < worN; k++) {
            w[k] = span * k / worN;
        }
        return new FrequencyResponse(w, freqz(b, a, w));
    }
}
