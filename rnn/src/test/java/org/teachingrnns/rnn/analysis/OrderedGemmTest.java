package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ScalarBlas;
import org.teachingrnns.numeric.Transpose;
import org.teachingrnns.numeric.linalg.HouseholderQr;

/**
 * The Lyapunov spectrum's products round as the reference loops do, in plain loops and in Vector API tiles, so its
 * QR, and the spectrum, have the same bits on a scalar and on a vector run.
 */
class OrderedGemmTest {

    /**
     * Seeded random products of every shape the tiles split differently (rows around multiples of four, columns
     * around two vectors at any width), A plain and transposed, B transposed (the reference's path), alpha 1, -1,
     * 0.37 and 0, beta 0, 1 and -0.5, offsets and leading dimensions above the row length: bit for bit ScalarBlas's C.
     */
    @Test
    void plainAndVectorGiveTheReferenceBits() {
        SplittableRandom rnd = new SplittableRandom(12);
        OrderedGemm plain = new OrderedGemm(false);
        OrderedGemm vector = new OrderedGemm(true);
        ScalarBlas reference = new ScalarBlas();
        int[] sizes = {1, 3, 4, 5, 8, 15, 16, 17, 31, 32, 33, 40, 70};
        int cases = 0;
        for (int round = 0; round < 600; round++) {
            int m = sizes[rnd.nextInt(sizes.length)];
            int n = sizes[rnd.nextInt(sizes.length)];
            int k = sizes[rnd.nextInt(sizes.length)];
            Transpose ta = rnd.nextBoolean() ? Transpose.YES : Transpose.NO;
            Transpose tb = rnd.nextInt(5) == 0 ? Transpose.YES : Transpose.NO;
            double alpha = new double[] {1.0, -1.0, 0.37, 0.0}[rnd.nextInt(4)];
            double beta = new double[] {0.0, 1.0, -0.5}[rnd.nextInt(3)];
            int lda = (ta == Transpose.YES ? m : k) + rnd.nextInt(3);
            int ldb = (tb == Transpose.YES ? k : n) + rnd.nextInt(3);
            int ldc = n + rnd.nextInt(3);
            int aOff = rnd.nextInt(4);
            int bOff = rnd.nextInt(4);
            int cOff = rnd.nextInt(4);
            double[] a = gaussian(rnd, aOff + (ta == Transpose.YES ? k : m) * lda);
            double[] b = gaussian(rnd, bOff + (tb == Transpose.YES ? n : k) * ldb);
            double[] c0 = gaussian(rnd, cOff + m * ldc);
            double[] expected = c0.clone();
            reference.dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
            for (OrderedGemm g : new OrderedGemm[] {plain, vector}) {
                double[] c = c0.clone();
                g.dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(c[i]),
                            g.describe() + ": " + m + "x" + n + "x" + k + " " + ta + tb + " alpha " + alpha + " beta " + beta
                                    + " at " + i);
                }
            }
            cases++;
        }
        assertEquals(600, cases);
    }

    /** The frame's blocked QR with plain and with vector products: the same R and Q to the bit. */
    @Test
    void theFrameQrHasTheSameBitsWithEitherProducts() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int[] s : new int[][] {{70, 70}, {160, 160}, {200, 150}}) {
            int m = s[0];
            int n = s[1];
            double[] a = gaussian(rnd, m * n);
            HouseholderQr plain = HouseholderQr.blockedWithInlineReflectors(true, new OrderedGemm(false));
            HouseholderQr vector = HouseholderQr.blockedWithInlineReflectors(true, new OrderedGemm(true));
            plain.decompose(a, m, n);
            vector.decompose(a, m, n);
            assertBits(plain.getR(), vector.getR(), m + "x" + n + " R");
            assertBits(plain.getQ(), vector.getQ(), m + "x" + n + " Q");
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), what + " at " + i);
        }
    }

    private static double[] gaussian(SplittableRandom rnd, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rnd.nextDouble(-1, 1);
        }
        return x;
    }
}
