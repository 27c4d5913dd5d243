package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Construction, width forcing and reporting of the Vector API backend. */
class VectorBlasTest {

    @Test
    void defaultWidthIsThePreferredOne() {
        assertEquals(DoubleVector.SPECIES_PREFERRED.vectorBitSize(), VectorBlas.preferredBits());
        VectorBlas v = new VectorBlas(VectorBlas.preferredBits(), 1);
        assertEquals("vector", v.name());
        String d = v.describe();
        assertTrue(d.contains(DoubleVector.SPECIES_PREFERRED.length() + " double")
                && d.contains(FloatVector.SPECIES_PREFERRED.length() + " float"), d);
        assertTrue(d.contains("MC=") && d.contains("KC=") && d.contains("NC=") && d.contains("threads 1"), d);
    }

    @Test
    void badWidthsAndThreadsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VectorBlas(64, 1));
        assertTrue(e.getMessage().contains("128, 256 or 512"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VectorBlas(1024, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new VectorBlas(128, 0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        if (VectorBlas.preferredBits() < 512) {
            e = assertThrows(IllegalArgumentException.class, () -> new VectorBlas(512, 1));
            assertTrue(e.getMessage().contains("widest vectors are " + VectorBlas.preferredBits()), e.getMessage());
        }
    }

    @Test
    void everyWidthHasAConsistentBlocking() {
        for (int bits : new int[] {128, 256, 512}) {
            for (Class<?> type : new Class<?>[] {double.class, float.class}) {
                GemmBlocking b = GemmBlocking.of(type, bits);
                int lanes = bits / (type == double.class ? 64 : 32);
                assertEquals(0, b.nr() % lanes, "NR must be whole vectors");
                assertEquals(0, b.mc() % b.mr());
                assertEquals(0, b.nc() % b.nr());
                // Registers: MR x NR/lanes accumulators + NR/lanes B vectors + one broadcast fit 32 (16 below 512).
                int regs = b.mr() * (b.nr() / lanes) + b.nr() / lanes + 1;
                assertTrue(regs <= (bits == 512 ? 32 : 16), bits + "-bit " + type + " tile needs " + regs + " registers");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> GemmBlocking.of(int.class, 512));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 32, 100, 256, 3072, 0));
    }

    @Test
    void theThreadsPropertyAndConstructorAgree() {
        VectorBlas v = new VectorBlas(128, 3);
        assertEquals(3, v.threads());
        assertEquals(128, v.bits());
        assertTrue(v.describe().contains("threads 3"));
    }

    @Test
    void warmUpChangesNoResult() {
        // warmUp runs products through a twin that shares the per-thread workspaces; a GEMM after it must give
        // the same bits as before it, on the direct and the packed path, in every transpose case.
        VectorBlas v = new VectorBlas(VectorBlas.preferredBits(), 1);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int[][] shapes = {{13, 37, 11}, {200, 190, 180}};
        double[][] before = new double[8][];
        float[][] beforeF = new float[8][];
        double[][] a = new double[2][], b = new double[2][];
        for (int s = 0; s < 2; s++) {
            a[s] = rnd.doubles(shapes[s][0] * shapes[s][2], -1, 1).toArray();
            b[s] = rnd.doubles(shapes[s][2] * shapes[s][1], -1, 1).toArray();
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int s = 0; s < 2; s++) {
                for (int t = 0; t < 4; t++) {
                    org.teachingrnns.numeric.Transpose ta = org.teachingrnns.numeric.Transpose.values()[t / 2];
                    org.teachingrnns.numeric.Transpose tb = org.teachingrnns.numeric.Transpose.values()[t % 2];
                    int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
                    double[] c = new double[m * n];
                    v.dgemm(ta, tb, m, n, k, 1.5, a[s], 0, ta.transposed() ? m : k, b[s], 0, tb.transposed() ? k : n,
                            0.0, c, 0, n);
                    float[] fa = new float[a[s].length], fb = new float[b[s].length], fc = new float[m * n];
                    for (int i = 0; i < fa.length; i++) {
                        fa[i] = (float) a[s][i];
                    }
                    for (int i = 0; i < fb.length; i++) {
                        fb[i] = (float) b[s][i];
                    }
                    v.sgemm(ta, tb, m, n, k, 1.5f, fa, 0, ta.transposed() ? m : k, fb, 0, tb.transposed() ? k : n,
                            0f, fc, 0, n);
                    if (pass == 0) {
                        before[s * 4 + t] = c;
                        beforeF[s * 4 + t] = fc;
                    } else {
                        org.junit.jupiter.api.Assertions.assertArrayEquals(before[s * 4 + t], c);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(beforeF[s * 4 + t], fc);
                    }
                }
            }
            if (pass == 0) {
                v.warmUp();
            }
        }
    }
}
