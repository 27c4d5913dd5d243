package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.Transpose;

/** The parallel IC split: results independent of the thread count, and worker pools shared, not leaked. */
class GemmThreadsTest {

    /** Tiny blocks and no direct path, so a small product runs several IC blocks in parallel. */
    private static VectorBlas packed(int threads) {
        int bits = VectorBlas.preferredBits();
        GemmBlocking d = GemmBlocking.of(double.class, bits);
        GemmBlocking f = GemmBlocking.of(float.class, bits);
        return new VectorBlas(bits, threads, new GemmBlocking(d.mr(), d.nr(), 2 * d.mr(), 7, 2 * d.nr(), 0),
                new GemmBlocking(f.mr(), f.nr(), 3 * f.mr(), 11, f.nr(), 0));
    }

    @Test
    void everyThreadCountGivesTheSameBits() {
        SplittableRandom rnd = new SplittableRandom(17);
        int m = 61, n = 45, k = 23;
        double[] a = rnd.doubles(m * k, -1, 1).toArray();
        double[] b = rnd.doubles(k * n, -1, 1).toArray();
        float[] af = new float[m * k];
        float[] bf = new float[k * n];
        for (int i = 0; i < af.length; i++) {
            af[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < bf.length; i++) {
            bf[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                int lda = ta == Transpose.NO ? k : m;
                int ldb = tb == Transpose.NO ? n : k;
                double[] c1 = null;
                float[] c1f = null;
                for (int threads = 1; threads <= 5; threads++) {
                    VectorBlas blas = packed(threads);
                    double[] c = rnd.doubles(m * n).toArray();
                    float[] cf = new float[m * n];
                    Arrays.fill(cf, 0.25f);
                    double[] c0 = c.clone();
                    blas.dgemm(ta, tb, m, n, k, 0.5, a, 0, lda, b, 0, ldb, 0.0, c, 0, n);
                    blas.sgemm(ta, tb, m, n, k, 0.5f, af, 0, lda, bf, 0, ldb, -1.5f, cf, 0, n);
                    assertTrue(!Arrays.equals(c, c0), "dgemm wrote C");
                    if (threads == 1) {
                        c1 = c;
                        c1f = cf;
                    } else {
                        assertArrayEquals(c1, c, ta + " " + tb + " dgemm on " + threads + " threads");
                        assertArrayEquals(c1f, cf, ta + " " + tb + " sgemm on " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void backendsWithTheSameThreadCountShareOneWorkerPool() {
        double[] a = new double[40 * 40];
        double[] c = new double[40 * 40];
        Arrays.fill(a, 1.0);
        packed(3).dgemm(Transpose.NO, Transpose.NO, 40, 40, 40, 1.0, a, 0, 40, a, 0, 40, 0.0, c, 0, 40);
        int pools = GemmThreads.pools();
        long workers = gemmWorkers();
        for (int i = 0; i < 6; i++) {
            packed(3).dgemm(Transpose.NO, Transpose.NO, 40, 40, 40, 1.0, a, 0, 40, a, 0, 40, 0.0, c, 0, 40);
        }
        assertTrue(GemmThreads.pools() == pools, "six more 3-thread backends made " + (GemmThreads.pools() - pools)
                + " new pools");
        assertTrue(gemmWorkers() <= workers, "six more 3-thread backends started "
                + (gemmWorkers() - workers) + " new worker threads");
        for (double v : c) {
            assertTrue(v == 40.0, "C = ones(40) ones(40)");
        }
    }

    private static long gemmWorkers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("teachingrnns-gemm")).count();
    }
}
