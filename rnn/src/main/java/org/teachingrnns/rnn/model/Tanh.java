package org.teachingrnns.rnn.model;

/**
 * The project's tanh: written only with IEEE {@code +, -, *, /}, {@link Math#fma} and exponent-bit manipulation, so
 * that its lane-wise form ({@link VectorActivation#TANH}, the same operations in the same order on
 * {@code DoubleVector}s, whose {@code fma} is {@code Math.fma}) gives the same bits in every lane. {@link Math#tanh}
 * cannot serve both: it is an intrinsic or fdlibm, and the Vector API's {@code TANH} is neither bit for bit.
 *
 * <p>The method (fdlibm's {@code s_tanh.c} and {@code s_expm1.c}, without their branches): with {@code a = |x|},
 * <pre>
 *   tanh(a) = (1 - e^{-2a}) / (1 + e^{-2a}) = n / (2 - n),   n = -expm1(-2a) in [0, 1),
 * </pre>
 * which keeps full relative accuracy for tiny a (n = 2a - ...) and needs no branch for large a (n tends to 1). expm1
 * is reduced as in Cody and Waite: {@code -2a = k ln2 + r}, |r| <= ln2/2, k by the round-to-nearest shifter
 * {@code 1.5 * 2^52}, {@code ln2 = LN2_HI + LN2_LO} (fdlibm's split: k * LN2_HI is exact), then
 * {@code expm1(-2a) = 2^k expm1(r) + (2^k - 1)} with 2^k built in the exponent bits and expm1(r) its Taylor
 * polynomial to degree 13 (the omitted term is below 2e-17 of the value). tanh(a) rounds to 1 for a > 19.07, so a is
 * clamped at {@value #SATURATION} (k >= -58: 2^k stays normal). The sign is copied from x; NaN returns x.
 *
 * <p>Accuracy, measured by {@code TanhTest} against {@link StrictMath#tanh} (fdlibm, < 1 ulp) over seeded points
 * of every binade from 2^-1074 to 2^5 and uniformly on [-22, 22]: at most {@value #MAX_ULPS} ulps apart, 99.96 % of
 * points within 2 (the three roundings of {@code n / (2 - n)} and n's own add up near |x| = 0.5; fdlibm avoids that
 * with a second formula past |x| = 1, at the price of a branch per lane); odd, exact at 0 and -0, tanh(x) = x for
 * the subnormals, and +-1 from 19.1 on and at the infinities.
 */
public final class Tanh {

    /** The largest distance in ulps from {@link StrictMath#tanh} (fdlibm, itself < 1 ulp from tanh) that {@code TanhTest} allows and found. */
    public static final int MAX_ULPS = 3;

    /** Beyond this |x| the result is +-1 (tanh(x) rounds to 1 for x > 19.0615). */
    static final double SATURATION = 20.0;
    /** 1.5 * 2^52: x + SHIFTER rounds x to an integer (round half even) held in the low bits of the sum. */
    static final double SHIFTER = 0x1.8p52;
    /** -2 / ln 2. */
    static final double MINUS_2_LOG2E = -2.0 * 0x1.71547652b82fep0;
    /** fdlibm's ln 2 split: LN2_HI has 21 trailing zero bits, so k * LN2_HI is exact for |k| < 2^21. */
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** The bits of -1.0: adding k << 52 gives the bits of -2^k. */
    static final long MINUS_ONE_BITS = 0xBFF0_0000_0000_0000L;
    static final long SIGN = 0x8000_0000_0000_0000L;
    /** Taylor coefficients 1/j! of expm1, j = 2..13. */
    static final double C2 = 1.0 / 2;
    static final double C3 = 1.0 / 6;
    static final double C4 = 1.0 / 24;
    static final double C5 = 1.0 / 120;
    static final double C6 = 1.0 / 720;
    static final double C7 = 1.0 / 5040;
    static final double C8 = 1.0 / 40320;
    static final double C9 = 1.0 / 362880;
    static final double C10 = 1.0 / 3628800;
    static final double C11 = 1.0 / 39916800;
    static final double C12 = 1.0 / 479001600;
    static final double C13 = 1.0 / 6227020800.0;

    private Tanh() {
    }

    /**
     * tanh(x) within {@value #MAX_ULPS} ulps of {@link StrictMath#tanh}; the lane-wise form in {@link VectorActivation} repeats these operations in
     * this order (keep the two in step; {@code VectorActivationTest} compares their bits).
     */
    public static double tanh(double x) {
        long xb = Double.doubleToRawLongBits(x);
        long sx = xb & SIGN;
        double ax = Double.longBitsToDouble(xb ^ sx);
        double a = ax > SATURATION ? SATURATION : ax;
        // -2a = k ln2 + r
        double kd = Math.fma(a, MINUS_2_LOG2E, SHIFTER);
        double k = kd - SHIFTER;
        double r = Math.fma(k, -LN2_HI, a * -2.0);
        r = Math.fma(k, -LN2_LO, r);
        // expm1(r) = r + r^2 (C2 + r C3 + ... + r^11 C13)
        double q = Math.fma(r, C13, C12);
        q = Math.fma(q, r, C11);
        q = Math.fma(q, r, C10);
        q = Math.fma(q, r, C9);
        q = Math.fma(q, r, C8);
        q = Math.fma(q, r, C7);
        q = Math.fma(q, r, C6);
        q = Math.fma(q, r, C5);
        q = Math.fma(q, r, C4);
        q = Math.fma(q, r, C3);
        q = Math.fma(q, r, C2);
        double p = Math.fma(r * r, q, r);
        // n = -expm1(-2a) = -2^k p + (1 - 2^k); -2^k from the low bits of kd, which hold k.
        double ns = Double.longBitsToDouble((Double.doubleToRawLongBits(kd) << 52) + MINUS_ONE_BITS);
        double n = Math.fma(ns, p, 1.0 + ns);
        double t = n / (2.0 - n);
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
