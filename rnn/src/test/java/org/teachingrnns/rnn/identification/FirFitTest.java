package org.teachingrnns.rnn.identification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.data.Sequences;

/** The structured normal equations of {@link FirFit} against the Householder QR of the explicit matrix. */
class FirFitTest {

    /** White-noise inputs through a random FIR g plus target noise of the given standard deviation. */
    static Sequences data(int batch, int time, double[] g, double noise, Random rnd) {
        double[][][] in = new double[batch][time][1];
        double[][][] out = new double[batch][time][1];
        for (int s = 0; s < batch; s++) {
            for (int t = 0; t < time; t++) {
                in[s][t][0] = rnd.nextGaussian();
            }
            for (int t = 0; t < time; t++) {
                double y = 0;
                for (int k = 0; k < g.length && k <= t; k++) {
                    y += g[k] * in[s][t - k][0];
                }
                out[s][t][0] = y + noise * rnd.nextGaussian();
            }
        }
        return Sequences.of(in, out);
    }

    static double[] decaying(int n, Random rnd) {
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            g[k] = rnd.nextGaussian() * Math.pow(0.95, k);
        }
        return g;
    }

    @ParameterizedTest
    @CsvSource({"80,150,50,150,0.1", "80,150,50,150,0", "20,60,0,60,0.5", "7,40,10,12,0.3", "3,30,29,1,1", "50,100,20,37,0.01"})
    void normalEquationsGiveTheQrSolution(int batch, int time, int washout, int length, double noise) {
        Random rnd = new Random(31L * batch + time + washout + length);
        Sequences d = data(batch, time, decaying(Math.min(time, 40), rnd), noise, rnd);
        FirFit.Estimate ne = FirFit.normalEquations(d, washout, length);
        FirFit.Estimate qr = FirFit.qr(d, washout, length, null);
        assertNotNull(ne, "white-noise input is well conditioned");
        double scale = 0;
        double worst = 0;
        for (int k = 0; k < length; k++) {
            scale = Math.max(scale, Math.abs(qr.impulseResponse()[k]));
            worst = Math.max(worst, Math.abs(ne.impulseResponse()[k] - qr.impulseResponse()[k]));
        }
        assertTrue(worst <= 1e-12 * Math.max(scale, 1), "max |g_NE - g_QR| = " + worst + " (scale " + scale + ")");
        // Noise-free, both residuals are rounding (QR's about 1e-14, the refined normal equations' smaller).
        assertEquals(qr.residualRms(), ne.residualRms(), Math.max(1e-12 * qr.residualRms(), 1e-13));
        assertEquals(qr.equations(), ne.equations());
    }

    @Test
    void noiseFreeDataGiveTheImpulseResponseToRounding() {
        Random rnd = new Random(5);
        double[] g = decaying(150, rnd);
        FirFit.Estimate e = FirFit.fit(data(80, 150, g, 0, rnd), 50, 150);
        for (int k = 0; k < 150; k++) {
            assertEquals(g[k], e.impulseResponse()[k], 1e-13, "g_" + k);
        }
        assertTrue(e.residualRms() < 1e-13, "residual " + e.residualRms());
    }

    @Test
    void aConstantInputIsLeftToQr() {
        double[][][] in = new double[4][30][1];
        double[][][] out = new double[4][30][1];
        for (double[][] s : in) {
            for (double[] v : s) {
                v[0] = 1.0;
            }
        }
        Sequences d = Sequences.of(in, out);
        // Every kept row sees a full window of ones: the columns k <= washout are identical.
        assertNull(FirFit.normalEquations(d, 10, 20));
        assertArrayEquals(FirFit.qr(d, 10, 20, null).impulseResponse(), FirFit.fit(d, 10, 20).impulseResponse());
        assertThrows(IllegalArgumentException.class, () -> FirFit.fit(d, 10, 200), "longer than the sequences");
    }
}
