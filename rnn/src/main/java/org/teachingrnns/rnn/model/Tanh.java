package org.teachingrnns.rnn.model;

/**
 * The project's tanh: written only with IEEE {@code +, -, *, /}, {@link Math#fma} and exponent-bit manipulation, so
 * that its lane-wise form ({@link VectorActivation#TANH}, the same operations in the same order on
 * {@code DoubleVector}s, whose {@code fma} is {@code Math.fma}) gives the same bits in every lane. {@link Math#tanh}
 * cannot serve both: it is an intrinsic or fdlibm, and the Vector API's {@code TANH} is neither bit for bit.
 *
 * <p>The method (fdlibm's {@code s_tanh.c} and {@code s_expm1.c}, without their branches): with {@code a = |x|},
 * <pre>
 *   tanh(a) = (1 - e^{-2a}) / (1 + e^{-2a}) = n / d,
 *   a = -k ln2/2 + s, |s| <= ln2/4,   e^{-2a} = 2^k (1 - 2 H(s)),   H(s) = (1 - e^{-2s}) / 2,
 *   n = (1 - 2^k) + 2^{k+1} H(s),   d = (1 + 2^k) - 2^{k+1} H(s),
 * </pre>
 * which keeps full relative accuracy for tiny a (k = 0: n = 2H(a), d = 2 - 2H(a)) and needs no branch for large a
 * (n and d tend to 1). The reduction is Cody and Waite's: k by the round-to-nearest shifter {@code 1.5 * 2^52}
 * (plus the exponent bias 1023, so that the low bits of the shifted sum, moved into the exponent field, are the bits
 * of 2^k), {@code ln2/2 = LN2_HI/2 + LN2_LO/2} (fdlibm's split: k * LN2_HI is exact and {@code a + k LN2_HI/2}
 * is exact by Sterbenz's lemma). H(s) = s + s^2 q(s), with q of degree 9 whose coefficients are the minimax ones for
 * the relative error of H on |s| <= ln2/4 (Remez exchange in 60-digit mpmath, {@code bench/scripts/tanh_minimax.py};
 * relative error 2.1e-17, 3.0e-17 with the coefficients rounded to double, about a quarter of an ulp), evaluated by
 * Estrin's scheme (s^2, s^4 and five pairs) rather than Horner's: the same number of operations but a dependency
 * chain of 5 instead of 10 fmas. n and d are formed side by side from H (not d = 2 - n): one operation more, one
 * rounding less on the chain, and d rounded once from its exact value, which took 90 % of the 2-ulp cases to 1 ulp
 * (2 million seeded points). tanh(a) rounds to 1 for a > 19.07, so a is clamped at {@value #SATURATION} (k >= -58:
 * 2^k stays normal) by a signed {@code min} on the bits of |x| (one operation; it sends NaN to the clamp, and NaN is
 * returned as x at the end). The sign is copied from x.
 *
 * <p>Why the shape: a step's ten tanh vectors in the register-resident BPTT engine (hidden 5, two strips of 8 lanes)
 * wait for the previous step's, and each vector's operations form one dependency chain, so the lanes are bound by
 * that chain's latency as much as by the fma ports. Measured in lanes (8 doubles, a scratch harness timing each
 * variant in its own JVM on the loaded Xeon, best of 30 rounds over 4096 values): the previous form (Taylor degree
 * 13 by Horner, clamp by compare and blend, d = 2 - n) 9.2-10.0 ns per vector, this one 7.7-8.1; this one with the
 * division replaced by a multiplication (wrong, as a bound) 6.6, so the one division stays: a Newton-Raphson
 * reciprocal instead (a degree-3 start, two steps and a remainder correction, ten fma-port operations and a longer
 * chain) took 10.0-10.9.
 *
 * <p>Accuracy, measured by {@code TanhTest} against {@link StrictMath#tanh} (fdlibm, < 1 ulp) over seeded points
 * of every binade from 2^-1074 to 2^5 and uniformly on [-22, 22]: at most {@value #MAX_ULPS} ulps apart, 99.97 % of
 * points within 2 and 99.3 % within 1 (the roundings of H, n, d and the quotient add up, at 0.1 < |x| < 0.52 where
 * k is 0 or -1 and n is not near 1; fdlibm avoids that with a second formula past |x| = 1, at the price of a branch
 * per lane); odd, exact at 0 and -0, tanh(x) = x for the subnormals, and +-1 from 19.1 on and at the infinities.
 */
public final class Tanh {

    /** The largest distance in ulps from {@link StrictMath#tanh} (fdlibm, itself < 1 ulp from tanh) that {@code TanhTest} allows and found. */
    public static final int MAX_ULPS = 3;

    /** Beyond this |x| the result is +-1 (tanh(x) rounds to 1 for x > 19.0615). */
    static final double SATURATION = 20.0;
    /** The bits of {@link #SATURATION}: for x >= +0 the order of the bits (as signed longs) is the order of the values. */
    static final long SATURATION_BITS = Double.doubleToRawLongBits(SATURATION);
    /**
     * 1.5 * 2^52 + 1023: x + SHIFTER rounds x to an integer k (round half even) held, plus the exponent bias 1023, in
     * the low bits of the sum; shifted left by 52 they are the bits of 2^k.
     */
    static final double SHIFTER = 0x1.8p52 + 1023;
    /** -2 / ln 2. */
    static final double MINUS_2_LOG2E = -2.0 * 0x1.71547652b82fep0;
    /** fdlibm's ln 2 split, halved: LN2_HI has 21 trailing zero bits, so k * LN2_HALF_HI is exact for |k| < 2^21. */
    static final double LN2_HALF_HI = 6.93147180369123816490e-01 / 2;
    static final double LN2_HALF_LO = 1.90821492927058770002e-10 / 2;
    static final long SIGN = 0x8000_0000_0000_0000L;
    static final long ABS = 0x7FFF_FFFF_FFFF_FFFFL;
    /** Added to the bits of 2^k: the bits of 2^{k+1}, and of -2^{k+1}. */
    static final long TIMES_2 = 1L << 52;
    static final long TIMES_MINUS_2 = SIGN + (1L << 52);
    /**
     * q(s) = H2 + H3 s + ... + H11 s^9, H(s) = s + s^2 q(s): minimax for H's relative error on |s| <= ln2/4, from
     * {@code bench/scripts/tanh_minimax.py} (Taylor: H2 = -1, H3 = 2/3, H4 = -1/3, H5 = 2/15, ...).
     */
    static final double H2 = -0x1.0000000000006p+0;
    static final double H3 = 0x1.5555555555560p-1;
    static final double H4 = -0x1.5555555551ab1p-2;
    static final double H5 = 0x1.111111110b6cep-3;
    static final double H6 = -0x1.6c16c180e00c2p-5;
    static final double H7 = 0x1.a01a01d35230bp-7;
    static final double H8 = -0x1.a019a166f9833p-9;
    static final double H9 = 0x1.71dd886e1a0f1p-11;
    static final double H10 = -0x1.28a7dd0ceb7f6p-13;
    static final double H11 = 0x1.b044c3a31a4bap-16;

    private Tanh() {
    }

    /**
     * tanh(x) within {@value #MAX_ULPS} ulps of {@link StrictMath#tanh}; the lane-wise form in {@link VectorActivation} repeats these operations in
     * this order (keep the two in step; {@code VectorActivationTest} compares their bits).
     */
    public static double tanh(double x) {
        long xb = Double.doubleToRawLongBits(x);
        long sx = xb & SIGN;
        double a = Double.longBitsToDouble(Math.min(xb & ABS, SATURATION_BITS));
        // a = -k ln2/2 + s
        double kd = Math.fma(a, MINUS_2_LOG2E, SHIFTER);
        double k = kd - SHIFTER;
        double s = Math.fma(k, LN2_HALF_HI, a);
        s = Math.fma(k, LN2_HALF_LO, s);
        // H(s) = s + s^2 q(s), q by Estrin
        double s2 = s * s;
        double s4 = s2 * s2;
        double p0 = Math.fma(s, H3, H2);
        double p1 = Math.fma(s, H5, H4);
        double p2 = Math.fma(s, H7, H6);
        double p3 = Math.fma(s, H9, H8);
        double p4 = Math.fma(s, H11, H10);
        double q01 = Math.fma(s2, p1, p0);
        double q23 = Math.fma(s2, p3, p2);
        double q = Math.fma(s4, Math.fma(s4, p4, q23), q01);
        double h = Math.fma(s2, q, s);
        // 2^k from the low bits of kd, which hold k + 1023; n = (1 - 2^k) + 2^{k+1} H, d = (1 + 2^k) - 2^{k+1} H.
        long pk = Double.doubleToRawLongBits(kd) << 52;
        double n = Math.fma(Double.longBitsToDouble(pk + TIMES_2), h, 1.0 - Double.longBitsToDouble(pk));
        double d = Math.fma(Double.longBitsToDouble(pk + TIMES_MINUS_2), h, Double.longBitsToDouble(pk) + 1.0);
        double t = n / d;
        double signed = Double.longBitsToDouble(Double.doubleToRawLongBits(t) | sx);
        return x != x ? x : signed;
    }

    /** Beyond this |x| the float result is +-1 (tanh(x) rounds to 1f for x > 9.011). */
    static final float SATURATION_F = 9.5f;
    static final float SHIFTER_F = 0x1.8p23f;
    static final float MINUS_2_LOG2E_F = -2.0f * 0x1.715476p0f;
    /** fdlibm's {@code e_expf.c} split of ln 2: LN2_HI_F has 7 trailing zero bits, so k * LN2_HI_F is exact here. */
    static final float LN2_HI_F = 6.9313812256e-01f;
    static final float LN2_LO_F = 9.0580006145e-06f;
    static final int MINUS_ONE_BITS_F = 0xBF80_0000;

    /**
     * tanh in float arithmetic, for float32 training: the method of {@link #tanh(double)} with float constants and
     * the Taylor polynomial to degree 7 (the omitted term is below 2e-8 of expm1(r), a third of a float ulp). The
     * same operations on {@code FloatVector} lanes (its {@code fma} is {@link Math#fma(float, float, float)}) give the
     * same bits. {@code TanhTest} measures it against {@code (float) StrictMath.tanh(x)}: within
     * {@value #MAX_ULPS_F} float ulps.
     */
    public static float tanh(float x) {
        int xb = Float.floatToRawIntBits(x);
        int sx = xb & 0x8000_0000;
        float ax = Float.intBitsToFloat(xb ^ sx);
        float a = ax > SATURATION_F ? SATURATION_F : ax;
        float kd = Math.fma(a, MINUS_2_LOG2E_F, SHIFTER_F);
        float k = kd - SHIFTER_F;
        float r = Math.fma(k, -LN2_HI_F, a * -2.0f);
        r = Math.fma(k, -LN2_LO_F, r);
        float q = Math.fma(r, 1.0f / 5040, 1.0f / 720);
        q = Math.fma(q, r, 1.0f / 120);
        q = Math.fma(q, r, 1.0f / 24);
        q = Math.fma(q, r, 1.0f / 6);
        q = Math.fma(q, r, 0.5f);
        float p = Math.fma(r * r, q, r);
        float ns = Float.intBitsToFloat((Float.floatToRawIntBits(kd) << 23) + MINUS_ONE_BITS_F);
        float n = Math.fma(ns, p, 1.0f + ns);
        float t = n / (2.0f - n);
        float signed = Float.intBitsToFloat(Float.floatToRawIntBits(t) | sx);
        return x != x ? x : signed;
    }

    /** The largest distance in float ulps of {@link #tanh(float)} from {@code (float) StrictMath.tanh(x)} that {@code TanhTest} allows and found. */
    public static final int MAX_ULPS_F = 2;
}
