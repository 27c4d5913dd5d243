package org.teachingrnns.rnn.analysis;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Lyapunov frame update {@code y = D_t Q} in Vector API register tiles, for runs that use the Vector API (a class
 * of its own, so that a scalar run never loads a Vector API class; {@code WithoutVectorModuleTest}).
 */
final class VectorFrameProduct {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorFrameProduct() {
    }

    /**
     * y = d q for d n x n and q n x k (row-major), each element summed over l in order from 0, every product and
     * sum rounded on its own (no fused multiply-add): the bits of the plain triple loop ({@link LyapunovSpectrum#multiply})
     * for finite operands, whatever the vector width. Four rows by two vectors of columns stay in registers over
     * the whole sum, so each q vector loaded serves four rows: at n = k = 256, run once per analysed step, the plain
     * loop (which reloads and stores its row of y for every l) was about an eighth of a hidden-256 run's analysis.
     */
    static void multiply(double[] d, double[] q, double[] y, int n, int k) {
        int lanes = S.length();
        int rows4 = n - n % 4;
        int cols = k - k % (2 * lanes);
        for (int i = 0; i < rows4; i += 4) {
            int d0 = i * n;
            int d1 = d0 + n;
            int d2 = d1 + n;
            int d3 = d2 + n;
            for (int j = 0; j < cols; j += 2 * lanes) {
                DoubleVector y00 = DoubleVector.zero(S);
                DoubleVector y01 = y00;
                DoubleVector y10 = y00;
                DoubleVector y11 = y00;
                DoubleVector y20 = y00;
                DoubleVector y21 = y00;
                DoubleVector y30 = y00;
                DoubleVector y31 = y00;
                for (int l = 0; l < n; l++) {
                    DoubleVector q0 = DoubleVector.fromArray(S, q, l * k + j);
                    DoubleVector q1 = DoubleVector.fromArray(S, q, l * k + j + lanes);
                    DoubleVector b0 = DoubleVector.broadcast(S, d[d0 + l]);
                    DoubleVector b1 = DoubleVector.broadcast(S, d[d1 + l]);
                    DoubleVector b2 = DoubleVector.broadcast(S, d[d2 + l]);
                    DoubleVector b3 = DoubleVector.broadcast(S, d[d3 + l]);
                    y00 = y00.add(b0.mul(q0));
                    y01 = y01.add(b0.mul(q1));
                    y10 = y10.add(b1.mul(q0));
                    y11 = y11.add(b1.mul(q1));
                    y20 = y20.add(b2.mul(q0));
                    y21 = y21.add(b2.mul(q1));
                    y30 = y30.add(b3.mul(q0));
                    y31 = y31.add(b3.mul(q1));
                }
                y00.intoArray(y, i * k + j);
                y01.intoArray(y, i * k + j + lanes);
                y10.intoArray(y, (i + 1) * k + j);
                y11.intoArray(y, (i + 1) * k + j + lanes);
                y20.intoArray(y, (i + 2) * k + j);
                y21.intoArray(y, (i + 2) * k + j + lanes);
                y30.intoArray(y, (i + 3) * k + j);
                y31.intoArray(y, (i + 3) * k + j + lanes);
            }
        }
        // The columns right of the tiles in the tiled rows, then the last n mod 4 rows, as the plain loop.
        LyapunovSpectrum.multiplyPlain(d, q, y, n, k, 0, rows4, cols, k);
        LyapunovSpectrum.multiplyPlain(d, q, y, n, k, rows4, n, 0, k);
    }
}
