package org.teachingrnns.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * The same table as {@link GemmReport}, timed by the calling thread's CPU time instead of JMH's wall clock:
 * on a machine shared with other work, time spent descheduled does not count. Each row warms every
 * backend for about a second, then takes the best of 15 rounds in which the backends alternate, so a
 * change of machine load hits all of them alike. A complement to JMH, not a replacement: one JVM, one
 * thread, no fork per backend.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp bench/target/benchmarks.jar org.teachingrnns.bench.GemmCpuTime [GemmReport's options]
 * </pre>
 */
public final class GemmCpuTime {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 15;

    private GemmCpuTime() {
    }

    public static void main(String[] args) {
        if (!MX.isCurrentThreadCpuTimeSupported()) {
            System.err.println("this JVM cannot measure thread CPU time");
            System.exit(2);
        }
        ReportArgs a = ReportArgs.parse(args, 0, 0, 0);
        List<String> usable = a.usableBackends();
        GflopsTable table = new GflopsTable();
        for (String op : a.ops) {
            for (int n : a.sizes) {
                measure(table, op, n + "," + n + "," + n, Integer.toString(n), usable, n <= a.scalarMax);
            }
        }
        StringBuilder out = new StringBuilder(table.markdown(
                "GEMM, C = A B, n x n, single thread, GFLOP/s (2 n^3 / thread CPU time, best of " + ROUNDS + ")",
                "n", usable));
        if (a.shapes) {
            GflopsTable shapes = new GflopsTable();
            for (String shape : ReportArgs.SHAPES) {
                measure(shapes, "dgemm", shape, shape, usable, true);
            }
            out.append(shapes.markdown("RNN shapes (m,n,k), GFLOP/s", "m,n,k", usable));
        }
        System.out.println(out);
    }

    private static void measure(GflopsTable table, String op, String shape, String row, List<String> backends,
                                boolean withScalar) {
        String[] s = shape.split(",");
        int m = Integer.parseInt(s[0]), n = Integer.parseInt(s[1]), k = Integer.parseInt(s[2]);
        SplittableRandom rnd = new SplittableRandom(42);
        double[] a = rnd.doubles((long) m * k, -1, 1).toArray();
        double[] b = rnd.doubles((long) k * n, -1, 1).toArray();
        double[] c = new double[m * n];
        float[] fa = new float[a.length], fb = new float[b.length], fc = new float[c.length];
        for (int i = 0; i < a.length; i++) {
            fa[i] = (float) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            fb[i] = (float) b[i];
        }
        List<String> names = new ArrayList<>();
        List<Blas> blas = new ArrayList<>();
        for (String name : backends) {
            if (!name.equals("scalar") || withScalar) {
                names.add(name);
                blas.add(Blas.of(name));
            }
        }
        boolean dbl = op.equals("dgemm");
        double flops = ReportArgs.flops(shape);
        int reps = (int) Math.max(1, Math.min(1_000_000, 2e8 / flops));
        double[] best = new double[blas.size()];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int i = 0; i < blas.size(); i++) {
            long until = System.nanoTime() + 1_000_000_000L; // warm-up: JIT the kernels for this shape
            while (System.nanoTime() < until) {
                run(blas.get(i), dbl, reps, m, n, k, a, b, c, fa, fb, fc);
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < blas.size(); i++) {
                long t0 = MX.getCurrentThreadCpuTime();
                run(blas.get(i), dbl, reps, m, n, k, a, b, c, fa, fb, fc);
                best[i] = Math.min(best[i], (MX.getCurrentThreadCpuTime() - t0) / (double) reps);
            }
        }
        for (int i = 0; i < blas.size(); i++) {
            table.put(op, row, names.get(i), flops / best[i]);
        }
        System.err.println(op + " " + shape + " done");
    }

    private static void run(Blas blas, boolean dbl, int reps, int m, int n, int k, double[] a, double[] b,
                            double[] c, float[] fa, float[] fb, float[] fc) {
        for (int r = 0; r < reps; r++) {
            if (dbl) {
                blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
            } else {
                blas.sgemm(Transpose.NO, Transpose.NO, m, n, k, 1f, fa, 0, k, fb, 0, n, 0f, fc, 0, n);
            }
        }
    }
}
