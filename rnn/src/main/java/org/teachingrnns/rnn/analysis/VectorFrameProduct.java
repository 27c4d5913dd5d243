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
        gemm(false, n, k, n, 1.0, d, 0, n, q, 0, k, 0.0, y, 0, k,
                (ta, i0, i1, j0, j1, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) ->
                        LyapunovSpectrum.multiplyPlain(d, q, y, n, k, i0, i1, j0, j1));
    }

    /**
     * C = alpha op(A) B (+ beta C), B untransposed, alpha != 0, in the rounding of the reference loops: each element
     * summed over p in order from 0 with every product and sum rounded on its own, then {@code alpha * sum} and, for
     * beta != 0, {@code + beta * C} ({@link OrderedGemm}). Tiles of four rows by two vectors; {@code edges} computes the
     * columns right of the tiles and the last m mod 4 rows in plain loops of the same rounding.
     */
    static void gemm(boolean ta, int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
                     int ldb, double beta, double[] c, int cOff, int ldc, OrderedGemm.Edges edges) {
        int lanes = S.length();
        int rows4 = m - m % 4;
        int cols = n - n % (2 * lanes);
        int ars = ta ? 1 : lda;   // A's step from row i to i + 1 of op(A)
        int aps = ta ? lda : 1;   // and along p
        for (int i = 0; i < rows4; i += 4) {
            int a0 = aOff + i * ars;
            int a1 = a0 + ars;
            int a2 = a1 + ars;
            int a3 = a2 + ars;
            for (int j = 0; j < cols; j += 2 * lanes) {
                DoubleVector y00 = DoubleVector.zero(S);
                DoubleVector y01 = y00;
                DoubleVector y10 = y00;
                DoubleVector y11 = y00;
                DoubleVector y20 = y00;
                DoubleVector y21 = y00;
                DoubleVector y30 = y00;
                DoubleVector y31 = y00;
                for (int p = 0; p < k; p++) {
                    int bp = bOff + p * ldb + j;
                    int ap = p * aps;
                    DoubleVector q0 = DoubleVector.fromArray(S, b, bp);
                    DoubleVector q1 = DoubleVector.fromArray(S, b, bp + lanes);
                    DoubleVector b0 = DoubleVector.broadcast(S, a[a0 + ap]);
                    DoubleVector b1 = DoubleVector.broadcast(S, a[a1 + ap]);
                    DoubleVector b2 = DoubleVector.broadcast(S, a[a2 + ap]);
                    DoubleVector b3 = DoubleVector.broadcast(S, a[a3 + ap]);
                    y00 = y00.add(b0.mul(q0));
                    y01 = y01.add(b0.mul(q1));
                    y10 = y10.add(b1.mul(q0));
                    y11 = y11.add(b1.mul(q1));
                    y20 = y20.add(b2.mul(q0));
                    y21 = y21.add(b2.mul(q1));
                    y30 = y30.add(b3.mul(q0));
                    y31 = y31.add(b3.mul(q1));
                }
                int c0 = cOff + i * ldc + j;
                store(y00, alpha, beta, c, c0);
                store(y01, alpha, beta, c, c0 + lanes);
                store(y10, alpha, beta, c, c0 + ldc);
                store(y11, alpha, beta, c, c0 + ldc + lanes);
                store(y20, alpha, beta, c, c0 + 2 * ldc);
                store(y21, alpha, beta, c, c0 + 2 * ldc + lanes);
                store(y30, alpha, beta, c, c0 + 3 * ldc);
                store(y31, alpha, beta, c, c0 + 3 * ldc + lanes);
            }
        }
        if (cols < n && rows4 > 0) {
            edges.plain(ta, 0, rows4, cols, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        if (rows4 < m) {
            edges.plain(ta, rows4, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** C's vector at ci := alpha * sum, or alpha * sum + beta * C (the reference loops' two roundings, then the sum's). */
    private static void store(DoubleVector sum, double alpha, double beta, double[] c, int ci) {
        DoubleVector scaled = alpha == 1.0 ? sum : sum.mul(alpha);
        if (beta == 0.0) {
            scaled.intoArray(c, ci);
        } else {
            scaled.add(DoubleVector.fromArray(S, c, ci).mul(beta)).intoArray(c, ci);
        }
    }
}
