package org.teachingrnns.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.numeric.linalg.HouseholderQr;

/**
 * The operations of {@link EigenBenchmark} and {@link QrBenchmark} timed in thread CPU time rather than
 * wall time, best of several rounds after warm-up. On a machine shared with other jobs wall-clock JMH
 * scores swing by 2x and more; the CPU time a thread actually ran is far steadier, and
 * {@code bench/scripts/numpy_linalg.py} prints the same measure for NumPy, so the ratio is meaningful.
 * A complement to the JMH benchmarks, not a replacement (no JMH safeguards beyond warm-up and a sink).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.teachingrnns.bench.LinalgCpuTime [n ...]</pre>
 */
public final class LinalgCpuTime {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static double sink;

    private LinalgCpuTime() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {5, 16, 64, 256} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        System.out.println("backend " + Blas.get().name() + "; CPU time per call in microseconds, best of 7 rounds");
        System.out.printf("%4s %12s %12s %12s %12s%n", "n", "eigvals", "eig(right)", "qr(Q,R)", "qr(R)");
        for (int n : sizes) {
            Random rnd = new Random(20261129L + n);
            double[] a = new double[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextGaussian();
            }
            EigenDecomposition values = new EigenDecomposition();
            EigenDecomposition vectors = new EigenDecomposition(true, false);
            HouseholderQr qr = new HouseholderQr();
            double[] q = new double[n * n];
            double[] r = new double[n * n];
            int reps = (int) Math.max(3, Math.min(200_000, 3e7 / ((double) n * n * n)));
            double eig = time(reps, () -> {
                values.decompose(a, n);
                sink += values.eigenvalueRe(0);
            });
            double eigv = time(Math.max(1, reps / 3), () -> {
                vectors.decompose(a, n);
                sink += vectors.eigenvalueRe(0);
            });
            double qrFull = time(reps * 4, () -> {
                qr.decompose(a, n, n);
                qr.getQ(q);
                qr.getR(r);
                sink += q[0] + r[0];
            });
            double qrR = time(reps * 4, () -> {
                qr.decompose(a, n, n);
                qr.getR(r);
                sink += r[0];
            });
            System.out.printf("%4d %12.2f %12.2f %12.2f %12.2f%n", n, eig, eigv, qrFull, qrR);
        }
        if (sink == 42.0) {
            System.out.println();
        }
    }

    private static double time(int reps, Runnable op) {
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 7; round++) {
            long t0 = MX.getCurrentThreadCpuTime();
            for (int k = 0; k < reps; k++) {
                op.run();
            }
            long t1 = MX.getCurrentThreadCpuTime();
            if (round >= 2) {
                best = Math.min(best, (t1 - t0) / 1e3 / reps);
            }
        }
        return best;
    }
}
