package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;

/** The checks of issue 9: linear = sorted log|eig|, tanh sum = mean log|det D_t|, seeds agree within the error. */
class LyapunovSpectrumTest {

    static double[] sortedLogAbsEigenvalues(RnnModel m) {
        ComplexArray e = Spectra.eigenvalues(m);
        double[] l = new double[e.length()];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.log(e.abs(i));
        }
        Arrays.sort(l);
        for (int i = 0; i < l.length / 2; i++) {
            double t = l[i];
            l[i] = l[l.length - 1 - i];
            l[l.length - 1 - i] = t;
        }
        return l;
    }

    @Test
    void linearNetworkExponentsAreTheSortedLogModuliOfTheEigenvalues() {
        SplittableRandom rng = new SplittableRandom(13);
        RnnModel[] models = {
                IirTeacher.draw(5, false, 1.0, Activation.LINEAR, rng).model(),
                IirTeacher.draw(6, true, 0.95, Activation.LINEAR, rng).model(),
                AnalysisModels.random(Activation.LINEAR, 2, 8, 1, 1.3, rng),
        };
        for (RnnModel m : models) {
            for (int qrEvery : new int[] {1, 3}) {
                LyapunovSpectrum.Result r = LyapunovSpectrum.of(m, new DrivingNoise(1, 3000, 500), qrEvery, 10);
                double[] ref = sortedLogAbsEigenvalues(m);
                assertEquals(ref.length, r.spectrum().length);
                for (int i = 0; i < ref.length; i++) {
                    // A complex pair's two exponents oscillate with the rotation of its 2x2 block (bounded, so an
                    // O(1 / steps) error that the block standard error sees); a real mode of distinct modulus
                    // converges to rounding (its stderr is ~1e-16), hence a floor of 1e-9.
                    double tol = Math.max(1e-9, 4 * r.stderr()[i]);
                    assertEquals(ref[i], r.spectrum()[i], tol, "exponent " + i + " of " + m + ", qr every " + qrEvery);
                }
                assertEquals(3000 / qrEvery * qrEvery, r.steps());
                // log|det W_hh| = sum of log|eig|, to rounding.
                assertEquals(Arrays.stream(ref).sum(), r.sum(), 1e-9 * ref.length);
            }
        }
    }

    @Test
    void tanhExponentsSumToTheTimeAverageOfLogAbsDetOfTheJacobians() {
        SplittableRandom rng = new SplittableRandom(14);
        RnnModel m = AnalysisModels.random(Activation.TANH, 1, 12, 1, 1.5, rng);
        DrivingNoise noise = new DrivingNoise(21, 1500, 300);
        LyapunovSpectrum.Result r = LyapunovSpectrum.of(m, noise, 1, 10);
        // log|det D_t| = sum_i log f'(a_t,i) + log|det W_hh|, with f' from the same trajectory's states.
        double logDetW = Arrays.stream(sortedLogAbsEigenvalues(m)).sum();
        double[][] h = Bptt.hiddenStates(m, noise.inputs(1), null)[0];
        double sum = 0;
        for (int t = 0; t < r.steps(); t++) {
            sum += logDetW;
            for (double v : h[noise.washout() + t]) {
                sum += Math.log(m.activation().derivativeFromOutput(v));
            }
        }
        System.out.printf("tanh: sum of exponents %.15g, mean log|det D_t| %.15g%n", r.sum(), sum / r.steps());
        assertEquals(sum / r.steps(), r.sum(), 1e-10 * Math.abs(sum / r.steps()));
        // An independent route, the eigenvalues of each D_t; it rounds differently on the nearly singular
        // Jacobians of saturated units (small eigenvalues carry absolute, not relative, errors).
        ComplexArray[] eig = TrajectoryJacobians.along(m, noise).eigenvalues();
        double sumEig = 0;
        for (int t = 0; t < r.steps(); t++) {
            for (int i = 0; i < eig[t].length(); i++) {
                sumEig += Math.log(eig[t].abs(i));
            }
        }
        assertEquals(sumEig / r.steps(), r.sum(), 1e-8 * Math.abs(r.sum()));
        for (int i = 1; i < r.spectrum().length; i++) {
            assertTrue(r.spectrum()[i] <= r.spectrum()[i - 1], "largest first");
        }
    }

    @Test
    void twoSeedsOfTheDrivingNoiseAgreeWithinTheStatedError() {
        SplittableRandom rng = new SplittableRandom(15);
        RnnModel m = AnalysisModels.random(Activation.TANH, 1, 10, 1, 1.6, rng);
        LyapunovSpectrum.Result a = LyapunovSpectrum.of(m, new DrivingNoise(1, 4000, 500), 1, 20);
        LyapunovSpectrum.Result b = LyapunovSpectrum.of(m, new DrivingNoise(2, 4000, 500), 1, 20);
        int far = 0;
        for (int i = 0; i < a.spectrum().length; i++) {
            double se = Math.hypot(a.stderr()[i], b.stderr()[i]);
            assertTrue(se > 0, "a driven tanh network fluctuates");
            double z = Math.abs(a.spectrum()[i] - b.spectrum()[i]) / se;
            assertTrue(z < 5, "exponent " + i + ": " + a.spectrum()[i] + " vs " + b.spectrum()[i] + ", stderr " + se);
            if (z > 2) {
                far++;
            }
        }
        assertTrue(far <= 2, far + " of 10 exponents differ by more than 2 standard errors");
        // The stated error is not vacuous: a network with a different gain is many errors away.
        RnnModel other = AnalysisModels.withRadius(m, 0.5 * Spectra.spectralRadius(Spectra.eigenvalues(m)));
        LyapunovSpectrum.Result c = LyapunovSpectrum.of(other, new DrivingNoise(1, 4000, 500), 1, 20);
        assertTrue(Math.abs(c.spectrum()[0] - a.spectrum()[0]) > 10 * Math.hypot(a.stderr()[0], c.stderr()[0]));
    }

    @Test
    void topKAreTheFirstKOfTheFullSpectrum() {
        SplittableRandom rng = new SplittableRandom(16);
        RnnModel m = AnalysisModels.random(Activation.TANH, 2, 9, 1, 1.5, rng);
        DrivingNoise noise = new DrivingNoise(5, 1000, 200);
        LyapunovSpectrum.Result all = LyapunovSpectrum.of(m, noise, 1, 10);
        LyapunovSpectrum.Result top = LyapunovSpectrum.of(m, noise, 3, 1, 10);
        assertEquals(3, top.spectrum().length);
        for (int i = 0; i < 3; i++) {
            assertEquals(all.spectrum()[i], top.spectrum()[i], 1e-12);
            assertEquals(all.stderr()[i], top.stderr()[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> LyapunovSpectrum.of(m, noise, 10, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> LyapunovSpectrum.of(m, noise, 0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> LyapunovSpectrum.of(m, noise, 1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> LyapunovSpectrum.of(m, new DrivingNoise(5, 50, 0), 9, 10, 10));
    }

    @Test
    void tiledProductHasThePlainLoopsBits() {
        // The frame update y = D q (register tiles of 4 rows x 2 vectors, rounding as the plain loop) against the
        // loop it replaced, bit for bit, at sizes that leave every kind of edge (rows mod 4, columns mod 2 vectors)
        // and with zero rows (relu units off) and zero entries.
        SplittableRandom rng = new SplittableRandom(77);
        int[][] sizes = {{1, 1}, {3, 2}, {4, 4}, {5, 5}, {7, 3}, {8, 8}, {9, 9}, {12, 7}, {13, 13}, {16, 16}, {17, 16},
            {23, 11}, {32, 32}, {37, 37}, {64, 20}, {67, 67}};
        for (int[] nk : sizes) {
            int n = nk[0];
            int k = nk[1];
            double[] d = new double[n * n];
            double[] q = new double[n * k];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextInt(7) == 0 ? 0.0 : rng.nextGaussian();
            }
            for (int i = 0; i < n; i += 3) {
                Arrays.fill(d, i * n, (i + 1) * n, 0.0);
            }
            for (int i = 0; i < q.length; i++) {
                q[i] = rng.nextGaussian() * Math.exp(10 * rng.nextGaussian());
            }
            double[] expected = new double[n * k];
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < n; l++) {
                    double dil = d[i * n + l];
                    if (dil != 0.0) {
                        for (int j = 0; j < k; j++) {
                            expected[i * k + j] += dil * q[l * k + j];
                        }
                    }
                }
            }
            double[] y = new double[n * k];
            Arrays.fill(y, Double.NaN);
            VectorFrameProduct.multiply(d, q, y, n, k);
            for (int i = 0; i < y.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(y[i]),
                        "n " + n + " k " + k + " element " + i);
            }
        }
    }

    @Test
    void spectrumWithVectorTilesHasThePlainLoopsBits() {
        // The whole spectrum of tanh networks of hidden 37 and 70 (rows and columns left over by the tiles; the frame's
        // QR blocked once and twice, its products in the reference loops' rounding) with the frame update and the QR's
        // products in Vector API tiles and in plain loops: the same bits, exponent by exponent.
        for (int n : new int[] {37, 70}) {
            RnnModel m = AnalysisModels.random(Activation.TANH, 1, n, 1, 1.4, new SplittableRandom(78));
            DrivingNoise noise = new DrivingNoise(6, 120, 40);
            LyapunovSpectrum.Result plain = LyapunovSpectrum.of(m, noise, n, 1, 4, false);
            LyapunovSpectrum.Result tiles = LyapunovSpectrum.of(m, noise, n, 1, 4, true);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(plain.spectrum()[i]), Double.doubleToRawLongBits(tiles.spectrum()[i]),
                        "hidden " + n + ", exponent " + i);
                assertEquals(Double.doubleToRawLongBits(plain.stderr()[i]), Double.doubleToRawLongBits(tiles.stderr()[i]),
                        "hidden " + n + ", stderr " + i);
            }
            assertTrue(Arrays.equals(plain.spectrum(), LyapunovSpectrum.of(m, noise, n, 1, 4).spectrum()),
                    "the overload without the flag runs the plain loops");
        }
    }
}
