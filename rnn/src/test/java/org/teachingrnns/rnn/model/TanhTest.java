package org.teachingrnns.rnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Tanh#tanh} against {@link StrictMath#tanh} (fdlibm's {@code s_tanh.c}, within 1 ulp of tanh): the distance
 * in ulps over seeded points of every binade and of the range where tanh is not yet 1, and the special values. The
 * bound {@link Tanh#MAX_ULPS} is the largest distance found over several million points; a change of the method
 * that loses accuracy fails here.
 */
class TanhTest {

    @Test
    void withinTheStatedUlpsOfFdlibmOverEveryBinadeAndTheUnsaturatedRange() {
        SplittableRandom rng = new SplittableRandom(20261130);
        long worst = 0;
        double worstAt = 0;
        long[] histogram = new long[Tanh.MAX_ULPS + 2];
        int n = 3_000_000;
        for (int i = 0; i < n; i++) {
            double x = switch (i % 3) {
                // every binade from the smallest subnormal to 32
                case 0 -> Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(-1075, 5));
                // uniform where tanh moves from linear to saturated
                case 1 -> rng.nextDouble(0.0, 22.0);
                default -> rng.nextDouble(0.0, 1.5);
            };
            x = rng.nextBoolean() ? x : -x;
            long d = ulps(Tanh.tanh(x), StrictMath.tanh(x));
            histogram[(int) Math.min(d, histogram.length - 1)]++;
            if (d > worst) {
                worst = d;
                worstAt = x;
            }
        }
        assertTrue(worst <= Tanh.MAX_ULPS, "tanh(" + worstAt + ") is " + worst + " ulps from StrictMath.tanh");
        // The bound is tight (not a loose guess): the worst case found reaches it, and most points are within 1.
        assertEquals(Tanh.MAX_ULPS, worst, "the stated bound is no longer the worst case found");
        assertTrue(histogram[0] + histogram[1] > 0.9 * n, "fewer than 90% of the points within 1 ulp");
    }

    @Test
    void oddAndExactAtTheSpecialValues() {
        assertEquals(bits(0.0), bits(Tanh.tanh(0.0)));
        assertEquals(bits(-0.0), bits(Tanh.tanh(-0.0)));
        assertEquals(1.0, Tanh.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Tanh.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, Tanh.tanh(Double.MAX_VALUE));
        assertEquals(-1.0, Tanh.tanh(-Double.MAX_VALUE));
        // NaN returns its argument, payload and sign included (the lane-wise form gives the same bits).
        for (long nan : new long[] {0x7ff8_0000_0000_0000L, 0x7ff8_0000_0000_0123L, 0xfff8_0000_0000_0001L}) {
            assertEquals(nan, bits(Tanh.tanh(Double.longBitsToDouble(nan))));
        }
        // Saturated from 19.1 on, as fdlibm; tanh(x) = x below 2^-55, every subnormal included (between 2^-55 and
        // 2^-27, where tanh(x) also rounds to x, about a fifth of the points are 1 ulp below it).
        for (double x = 19.1; x < 1e3; x *= 1.01) {
            assertEquals(1.0, Tanh.tanh(x), "tanh(" + x + ")");
            assertEquals(-1.0, Tanh.tanh(-x), "tanh(" + -x + ")");
        }
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double tiny = Math.scalb(rng.nextDouble(), rng.nextInt(-1074, -55));
            assertEquals(bits(tiny), bits(Tanh.tanh(tiny)));
            assertEquals(bits(-tiny), bits(Tanh.tanh(-tiny)));
            double x = rng.nextDouble(-25, 25);
            assertEquals(bits(-Tanh.tanh(x)), bits(Tanh.tanh(-x)), "odd at " + x);
        }
    }

    @Test
    void monotoneAcrossTheRangeAtFineSteps() {
        // Not guaranteed by a bound in ulps alone: a step of f' = 1 - h^2 through a non-monotone f would mislead BPTT.
        double prev = Tanh.tanh(-20.0);
        for (double x = -20.0; x <= 20.0; x += 1e-5) {
            double t = Tanh.tanh(x);
            assertTrue(t >= prev, "tanh decreases at " + x);
            prev = t;
        }
    }

    @Test
    void theFloatFormIsWithinItsStatedUlpsOfFdlibmRoundedToFloat() {
        // Every 97th float from +0 to 11 (past saturation), both signs: about 11 million points, every binade.
        long worst = 0;
        float worstAt = 0;
        for (int b = 0; b < Float.floatToRawIntBits(11.0f); b += 97) {
            float x = Float.intBitsToFloat(b);
            for (float v : new float[] {x, -x}) {
                long d = Math.abs(orderedF(Tanh.tanh(v)) - orderedF((float) StrictMath.tanh(v)));
                if (d > worst) {
                    worst = d;
                    worstAt = v;
                }
            }
        }
        assertTrue(worst <= Tanh.MAX_ULPS_F, "tanh(" + worstAt + "f) is " + worst + " float ulps from fdlibm");
        assertEquals(Tanh.MAX_ULPS_F, worst, "the stated float bound is no longer the worst case found");
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Tanh.tanh(-0.0f)));
        assertEquals(1.0f, Tanh.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1.0f, Tanh.tanh(-9.02f));
        assertEquals(0x7fc0_0123, Float.floatToRawIntBits(Tanh.tanh(Float.intBitsToFloat(0x7fc0_0123))));
        assertEquals(1e-40f, Tanh.tanh(1e-40f));
    }

    private static long orderedF(float v) {
        int b = Float.floatToRawIntBits(v);
        return b < 0 ? (long) Integer.MIN_VALUE - b : b;
    }

    /** Distance in ulps between two finite doubles, along the ordered integers of their bits. */
    static long ulps(double a, double b) {
        return Math.abs(ordered(a) - ordered(b));
    }

    private static long ordered(double v) {
        long b = Double.doubleToRawLongBits(v);
        return b < 0 ? Long.MIN_VALUE - b : b;
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
