package org.teachingrnns.numeric.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.teachingrnns.numeric.testing.TestMatrices.assertSameSpectrum;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.numeric.poly.Polynomial;

class SignalTest {

    private static final double[] B = {0.2, -0.1, 0.05};
    private static final double[] A = {1.0, -1.1, 0.6, -0.1};
    private static final double[] X = {1.0, -2.0, 0.5, 3.0, 0.0, -1.0, 2.5};

    @Test
    void lfilterMatchesScipyGoldenValues() {
        // scipy 1.17.1: scipy.signal.lfilter(B, A, X)
        double[] expected = {0.2, -0.28, -0.07800000000000004, 0.5522, 0.35122000000000003,
            -0.00277799999999992, 0.4414322000000001};
        assertArrayEquals(expected, Signal.lfilter(B, A, X), 1e-15);
        // ... and with zi = [0.3, -0.2, 0.1]: (y, zf)
        Signal.Filtered f = Signal.lfilter(B, A, X, new double[] {0.3, -0.2, 0.1});
        assertArrayEquals(new double[] {0.5, -0.15000000000000002, -0.01499999999999999, 0.5735000000000001,
            0.3498500000000001, -0.01076499999999991, 0.43559850000000006}, f.y(), 1e-15);
        assertArrayEquals(new double[] {0.22060235000000006, -0.1374356, 0.04355985000000001}, f.zf(), 1e-15);
        // a[0] != 1 is normalised: lfilter([2, 1], [4, -2], X)
        assertArrayEquals(new double[] {0.5, -0.5, -0.5, 1.375, 1.4375, 0.21875, 1.109375},
                Signal.lfilter(new double[] {2, 1}, new double[] {4, -2}, X), 1e-15);
    }

    @Test
    void firstOrderSectionImpulseResponseIsPowersOfThePole() {
        for (double p : new double[] {0.9, -0.5, 0.999, 0.0}) {
            double[] h = Signal.impulseResponse(new double[] {1.0}, new double[] {1.0, -p}, 50);
            for (int t = 0; t < 50; t++) {
                assertEquals(Math.pow(p, t), h[t], 1e-14, "p = " + p + ", t = " + t);
            }
        }
    }

    @Test
    void lfilterWithStateContinuesAcrossChunks() {
        Random rnd = new Random(31);
        double[] x = new double[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] whole = Signal.lfilter(B, A, x);
        Signal.Filtered first = Signal.lfilter(B, A, java.util.Arrays.copyOfRange(x, 0, 37), new double[3]);
        Signal.Filtered second = Signal.lfilter(B, A, java.util.Arrays.copyOfRange(x, 37, 100), first.zf());
        for (int i = 0; i < 37; i++) {
            assertEquals(whole[i], first.y()[i], 0.0);
        }
        for (int i = 37; i < 100; i++) {
            assertEquals(whole[i], second.y()[i - 37], 0.0);
        }
        // FIR filter (a = [1]) and b shorter than a.
        assertArrayEquals(new double[] {1, 1, 1, 0}, Signal.lfilter(new double[] {1, 1, 1}, new double[] {1},
                new double[] {1, 0, 0, 0}));
        assertArrayEquals(new double[] {3, 6}, Signal.lfilter(new double[] {3}, new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Signal.lfilter(B, new double[] {0, 1}, X));
        assertThrows(IllegalArgumentException.class, () -> Signal.lfilter(B, A, X, new double[2]));
    }

    @Test
    void tf2ssMatchesScipyAndSimulatesLikeLfilter() {
        // scipy.signal.tf2ss([1, 2, 3], [2, 0.5, 0.25, 0.125])
        Signal.StateSpace ss = Signal.tf2ss(new double[] {1, 2, 3}, new double[] {2, 0.5, 0.25, 0.125});
        assertEquals(3, ss.n());
        assertArrayEquals(new double[] {-0.25, -0.125, -0.0625, 1, 0, 0, 0, 1, 0}, ss.a());
        assertArrayEquals(new double[] {1, 0, 0}, ss.b());
        assertArrayEquals(new double[] {0.5, 1, 1.5}, ss.c());
        assertEquals(0.0, ss.d());
        // Biproper: scipy.signal.tf2ss([1, 2, 3, 4], [2, 0.5, 0.25, 0.125]) has D = 0.5.
        Signal.StateSpace s2 = Signal.tf2ss(new double[] {1, 2, 3, 4}, new double[] {2, 0.5, 0.25, 0.125});
        assertArrayEquals(new double[] {0.875, 1.4375, 1.96875}, s2.c());
        assertEquals(0.5, s2.d());
        assertThrows(IllegalArgumentException.class, () -> Signal.tf2ss(new double[] {1, 2, 3}, new double[] {1, 2}));
        // scipy.signal.normalize drops leading numerator coefficients below 1e-14 (after dividing by a[0]):
        // tf2ss([2e-14, 1, 2], [2, .5, .2]) -> A = [[-0.25, -0.1], [1, 0]], C = [[0.5, 1]], D = 0.
        Signal.StateSpace s3 = Signal.tf2ss(new double[] {2e-14, 1, 2}, new double[] {2, 0.5, 0.2});
        assertArrayEquals(new double[] {-0.25, -0.1, 1, 0}, s3.a());
        assertArrayEquals(new double[] {0.5, 1}, s3.c());
        assertEquals(0.0, s3.d());
        // A leading coefficient that matters is kept, and makes the system biproper.
        assertEquals(1e-13, Signal.tf2ss(new double[] {1e-13, 1, 2}, new double[] {1, 0.5, 0.2}).d());
        // A pure gain: scipy.signal.tf2ss([3], [2]) = ([[0]], [[0]], [[0]], [[1.5]]).
        Signal.StateSpace gain = Signal.tf2ss(new double[] {3}, new double[] {2});
        assertEquals(new Signal.StateSpace(1, new double[1], new double[1], new double[1], 1.5), gain);
        // Leading zeros of a are dropped: [0, 1, -0.5] is the first-order section.
        assertEquals(Signal.tf2ss(new double[] {1}, new double[] {1, -0.5}),
                Signal.tf2ss(new double[] {1}, new double[] {0, 1, -0.5}));

        // x[t+1] = A x[t] + B u[t], y[t] = C x[t] + D u[t] equals lfilter for random filters.
        Random rnd = new Random(32);
        for (int trial = 0; trial < 10; trial++) {
            int order = 1 + rnd.nextInt(6);
            double[] a = Polynomial.fromRoots(PolynomialTestSupport.randomRoots(order, rnd));
            // Same length as a (tf2ss pads b on the left, in powers of z; lfilter reads b in powers of
            // z^-1, so the two agree when b is written out to len(a), leading zeros = pure delays).
            double[] b = new double[a.length];
            int delay = rnd.nextInt(a.length);
            for (int i = delay; i < b.length; i++) {
                b[i] = rnd.nextGaussian();
            }
            Signal.StateSpace s = Signal.tf2ss(b, a);
            double[] u = new double[60];
            for (int t = 0; t < u.length; t++) {
                u[t] = rnd.nextGaussian();
            }
            double[] y = Signal.lfilter(b, a, u);
            int n = s.n();
            double[] x = new double[n];
            double[] next = new double[n];
            for (int t = 0; t < u.length; t++) {
                double yt = s.d() * u[t];
                for (int i = 0; i < n; i++) {
                    yt += s.c()[i] * x[i];
                }
                assertEquals(y[t], yt, 1e-12 * (1 + Math.abs(y[t])), "trial " + trial + ", t " + t);
                for (int i = 0; i < n; i++) {
                    double v = s.b()[i] * u[t];
                    for (int j = 0; j < n; j++) {
                        v += s.a()[i * n + j] * x[j];
                    }
                    next[i] = v;
                }
                System.arraycopy(next, 0, x, 0, n);
            }
            // The companion matrix's eigenvalues are the filter's poles.
            assertSameSpectrum(Polynomial.roots(a), EigenDecomposition.eigenvalues(s.a(), n), 1e-9, "poles");
        }
    }

    @Test
    void zpkRoundTripAndScipyValues() {
        // scipy.signal.tf2zpk([0.5, -0.25, 0.125], [1, -1.5, 0.7])
        Signal.Zpk zpk = Signal.tf2zpk(new double[] {0.5, -0.25, 0.125}, new double[] {1, -1.5, 0.7});
        assertEquals(0.5, zpk.gain());
        assertSameSpectrum(ComplexArray.of(new double[] {0.25, 0.25}, new double[] {0.43301270189221924, -0.43301270189221924}),
                zpk.zeros(), 1e-15, "zeros");
        assertSameSpectrum(ComplexArray.of(new double[] {0.75, 0.75}, new double[] {0.37080992435478327, -0.37080992435478327}),
                zpk.poles(), 1e-15, "poles");

        // scipy.signal.tf2zpk([1e-15, 1, 2], [1, .5, .2]): the 1e-15 is dropped, so one zero at -2, k = 1.
        Signal.Zpk dropped = Signal.tf2zpk(new double[] {1e-15, 1, 2}, new double[] {1, 0.5, 0.2});
        assertEquals(1.0, dropped.gain());
        assertEquals(ComplexArray.ofReal(-2), dropped.zeros());
        // scipy.signal.tf2zpk([0, 0, 1], [1, .5, .2]): no zeros, k = 1.
        Signal.Zpk none = Signal.tf2zpk(new double[] {0, 0, 1}, new double[] {1, 0.5, 0.2});
        assertEquals(0, none.zeros().length());
        assertEquals(1.0, none.gain());
        assertEquals(0.0, Signal.tf2zpk(new double[] {0, 0}, new double[] {1, 0.5}).gain());

        Random rnd = new Random(33);
        for (int trial = 0; trial < 20; trial++) {
            ComplexArray z = PolynomialTestSupport.randomRoots(rnd.nextInt(5), rnd);
            ComplexArray p = PolynomialTestSupport.randomRoots(1 + rnd.nextInt(6), rnd);
            double k = 0.1 + rnd.nextDouble();
            Signal.TransferFunction tf = Signal.zpk2tf(z, p, k);
            assertEquals(1.0, tf.a()[0]);
            assertEquals(k, tf.b()[0], 1e-15);
            Signal.Zpk back = Signal.tf2zpk(tf.b(), tf.a());
            assertEquals(k, back.gain(), 1e-14);
            assertSameSpectrum(z, back.zeros(), 1e-9, "zeros");
            assertSameSpectrum(p, back.poles(), 1e-9, "poles");
            Signal.TransferFunction again = Signal.zpk2tf(back.zeros(), back.poles(), back.gain());
            assertArrayEquals(tf.b(), again.b(), 1e-12);
            assertArrayEquals(tf.a(), again.a(), 1e-12);
        }
    }

    @Test
    void freqzMatchesScipy() {
        // scipy.signal.freqz(B, A, worN=4)
        Signal.FrequencyResponse r = Signal.freqz(B, A, 4);
        assertArrayEquals(new double[] {0, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4}, r.w(), 1e-16);
        double[] re = {0.3750000000000001, 0.29152404432401713, 0.13793103448275862, 0.12708060683877356};
        double[] im = {0.0, -0.17665567622587353, -0.09482758620689656, -0.03712079250494324};
        assertArrayEquals(re, r.h().re, 1e-15);
        assertArrayEquals(im, r.h().im, 1e-15);
        // whole = True covers [0, 2 pi): the second half mirrors the first as complex conjugates (real filter).
        Signal.FrequencyResponse whole = Signal.freqz(B, A, 8, true);
        assertEquals(3 * Math.PI / 2, whole.w()[6], 1e-15);
        assertEquals(r.h().re[1], whole.h().re[1], 1e-15);
        assertEquals(whole.h().re[1], whole.h().re[7], 1e-14);
        assertEquals(-whole.h().im[1], whole.h().im[7], 1e-14);
        // The response at w equals the impulse response's DTFT (truncated where it has decayed).
        double[] h = Signal.impulseResponse(B, A, 400);
        double w = 1.234;
        double sr = 0.0;
        double si = 0.0;
        for (int t = 0; t < h.length; t++) {
            sr += h[t] * Math.cos(w * t);
            si -= h[t] * Math.sin(w * t);
        }
        ComplexArray hw = Signal.freqz(B, A, new double[] {w});
        assertEquals(sr, hw.re[0], 1e-12);
        assertEquals(si, hw.im[0], 1e-12);
    }

    /** Random conjugate-closed pole/zero sets strictly inside the unit disk. */
    static final class PolynomialTestSupport {
        static ComplexArray randomRoots(int count, Random rnd) {
            ComplexArray r = ComplexArray.zeros(count);
            int k = 0;
            while (k < count) {
                double mod = 0.2 + 0.75 * rnd.nextDouble();
                if (k + 1 < count && rnd.nextBoolean()) {
                    double ang = Math.PI * (0.05 + 0.9 * rnd.nextDouble());
                    r.re[k] = mod * Math.cos(ang);
                    r.im[k] = mod * Math.sin(ang);
                    r.re[k + 1] = r.re[k];
                    r.im[k + 1] = -r.im[k];
                    k += 2;
                } else {
                    r.re[k] = (rnd.nextBoolean() ? 1 : -1) * mod;
                    k++;
                }
            }
            return r;
        }
    }
}
