package org.teachingrnns.numeric;

import java.util.Arrays;
import java.util.Locale;

/**
 * A fixed-length array of complex numbers stored as two parallel double arrays (split storage, as
 * LAPACK's {@code WR}/{@code WI} output of dgeev), so hot loops work on {@link #re} and {@link #im}
 * directly without allocating a boxed complex per element.
 *
 * <p>The arrays are exposed and mutable: the class is a container, not a value. {@link #equals} compares
 * the contents bit for bit (as {@link Arrays#equals(double[], double[])}), {@link #hashCode} agrees.
 */
public final class ComplexArray {

    /** Real parts. */
    public final double[] re;
    /** Imaginary parts; same length as {@link #re}. */
    public final double[] im;

    private ComplexArray(double[] re, double[] im) {
        this.re = re;
        this.im = im;
    }

    /** Wraps (does not copy) the two arrays, which must have the same length. */
    public static ComplexArray of(double[] re, double[] im) {
        if (re == null || im == null) {
            throw new IllegalArgumentException("re and im must not be null");
        }
        if (re.length != im.length) {
            throw new IllegalArgumentException("re and im must have the same length, got " + re.length
                    + " and " + im.length);
        }
        return new ComplexArray(re, im);
    }

    /** Real numbers as complex ones (copies {@code re}; imaginary parts zero). */
    public static ComplexArray ofReal(double... re) {
        if (re == null) {
            throw new IllegalArgumentException("re must not be null");
        }
        return new ComplexArray(re.clone(), new double[re.length]);
    }

    /** A zero-filled array of length n. */
    public static ComplexArray zeros(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + n);
        }
        return new ComplexArray(new double[n], new double[n]);
    }

    /** From pairs {@code {{re, im}, ...}}, the layout of results.json. */
    public static ComplexArray ofPairs(double[][] pairs) {
        if (pairs == null) {
            throw new IllegalArgumentException("pairs must not be null");
        }
        double[] r = new double[pairs.length];
        double[] i = new double[pairs.length];
        for (int k = 0; k < pairs.length; k++) {
            if (pairs[k] == null || pairs[k].length != 2) {
                throw new IllegalArgumentException("pair " + k + " must have exactly 2 elements {re, im}");
            }
            r[k] = pairs[k][0];
            i[k] = pairs[k][1];
        }
        return new ComplexArray(r, i);
    }

    public double[] re() {
        return re;
    }

    public double[] im() {
        return im;
    }

    public int length() {
        return re.length;
    }

    public double re(int i) {
        return re[i];
    }

    public double im(int i) {
        return im[i];
    }

    /** Modulus {@code |z_i|}, computed without overflow or underflow ({@link Math#hypot}). */
    public double abs(int i) {
        return Math.hypot(re[i], im[i]);
    }

    /** Argument of z_i in (-pi, pi]. */
    public double arg(int i) {
        return Math.atan2(im[i], re[i]);
    }

    /** Largest modulus (0 for an empty array): the spectral radius when this holds eigenvalues. */
    public double maxAbs() {
        double m = 0.0;
        for (int i = 0; i < re.length; i++) {
            m = Math.max(m, abs(i));
        }
        return m;
    }

    /** A deep copy. */
    public ComplexArray copy() {
        return new ComplexArray(re.clone(), im.clone());
    }

    /** The complex conjugates, as a new array. */
    public ComplexArray conjugate() {
        double[] i2 = new double[im.length];
        for (int k = 0; k < im.length; k++) {
            i2[k] = -im[k];
        }
        return new ComplexArray(re.clone(), i2);
    }

    /** Elements [from, to) as a new array. */
    public ComplexArray slice(int from, int to) {
        return new ComplexArray(Arrays.copyOfRange(re, from, to), Arrays.copyOfRange(im, from, to));
    }

    /** {@code {{re, im}, ...}}, the layout of results.json. */
    public double[][] toPairs() {
        double[][] out = new double[re.length][];
        for (int k = 0; k < re.length; k++) {
            out[k] = new double[] {re[k], im[k]};
        }
        return out;
    }

    /** True when every imaginary part is exactly zero. */
    public boolean isReal() {
        for (double v : im) {
            if (v != 0.0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComplexArray c && Arrays.equals(re, c.re) && Arrays.equals(im, c.im);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(re) + Arrays.hashCode(im);
    }

    /** For example {@code [0.5+0.25i, 0.5-0.25i, -1.0]}, full precision. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < re.length; k++) {
            if (k > 0) {
                sb.append(", ");
            }
            sb.append(format(re[k], im[k]));
        }
        return sb.append(']').toString();
    }

    static String format(double r, double i) {
        if (i == 0.0) {
            return Double.toString(r);
        }
        String sign = (i < 0 || (i == 0.0 && 1 / i < 0)) ? "-" : "+";
        return String.format(Locale.ROOT, "%s%s%si", r, sign, Math.abs(i));
    }
}
