package org.teachingrnns.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Square GEMM on two or more backends measured in alternation in one JVM, so that a busy shared machine slows
 * them alike: each round times a batch on every backend in turn; the report gives, per size, the best and the
 * median round (ns per call), GFLOP/s from the best round, and each backend's time relative to the first.
 * JMH measures one backend after another, and on a machine whose load changes by the minute that ordering, not
 * the kernels, can decide a comparison. This harness is what set the auto threshold in native-bindings.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.teachingrnns.bench.GemmSideBySide [d|s] [backends=vector,openblas] [sizes=16,32,...] [rounds=15]
 *     [shapes=256x64x256,...]   (m x n x k, instead of square sizes)
 * </pre>
 */
public final class GemmSideBySide {

    private GemmSideBySide() {
    }

    public static void main(String[] args) {
        boolean dbl = true;
        List<String> names = List.of("vector", "openblas");
        int[] sizes = {16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024};
        int rounds = 15;
        List<int[]> shapes = null;
        for (String a : args) {
            if (a.equals("d") || a.equals("s")) {
                dbl = a.equals("d");
            } else if (a.startsWith("backends=")) {
                names = List.of(a.substring(9).split(","));
            } else if (a.startsWith("sizes=")) {
                sizes = Arrays.stream(a.substring(6).split(",")).mapToInt(Integer::parseInt).toArray();
            } else if (a.startsWith("shapes=")) {
                shapes = new ArrayList<>();
                for (String sh : a.substring(7).split(",")) {
                    shapes.add(Arrays.stream(sh.split("x")).mapToInt(Integer::parseInt).toArray());
                }
            } else if (a.startsWith("rounds=")) {
                rounds = Integer.parseInt(a.substring(7));
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        List<Blas> backends = new ArrayList<>();
        for (String n : names) {
            Blas b = Blas.of(n);
            backends.add(b);
            System.out.println("# " + b.describe());
        }
        if (shapes == null) {
            shapes = new ArrayList<>();
            for (int n : sizes) {
                shapes.add(new int[] {n, n, n});
            }
        }
        System.out.println("# " + (dbl ? "dgemm" : "sgemm") + ", NoTrans/NoTrans, beta 0; ns per call; "
                + "GFLOP/s = 2 m n k / best round; ratio = best / best of " + names.get(0));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%12s", "m x n x k"));
        for (String n : names) {
            head.append(String.format(Locale.ROOT, " | %-8s %12s %12s %8s %6s", n, "best", "median", "GFLOP/s", "ratio"));
        }
        System.out.println(head);
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            Random rnd = new Random(m * 31L + n * 17L + k);
            double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
            float[] fa = new float[m * k], fb = new float[k * n], fc = new float[m * n];
            for (int i = 0; i < m * k; i++) {
                a[i] = rnd.nextDouble();
                fa[i] = (float) a[i];
            }
            for (int i = 0; i < k * n; i++) {
                b[i] = rnd.nextDouble();
                fb[i] = (float) b[i];
            }
            double flops = 2.0 * m * n * k;
            // A batch of calls long enough (~0.5 ms) for nanoTime, short enough to dodge most time slices.
            int batch = (int) Math.max(1, Math.min(100_000, 2.5e7 / flops));
            long[][] times = new long[backends.size()][rounds];
            final boolean d = dbl;
            for (int w = 0; w < 3; w++) { // warm-up: compile the kernels for this size
                for (Blas blas : backends) {
                    run(blas, d, m, n, k, batch, a, b, c, fa, fb, fc);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < backends.size(); i++) {
                    long t0 = System.nanoTime();
                    run(backends.get(i), d, m, n, k, batch, a, b, c, fa, fb, fc);
                    times[i][r] = (System.nanoTime() - t0) / batch;
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%12s", m + "x" + n + "x" + k));
            long best0 = Arrays.stream(times[0]).min().orElseThrow();
            for (int i = 0; i < backends.size(); i++) {
                long[] t = times[i].clone();
                Arrays.sort(t);
                line.append(String.format(Locale.ROOT, " | %-8s %12d %12d %8.1f %6.2f", names.get(i), t[0],
                        t[t.length / 2], flops / t[0], (double) t[0] / best0));
            }
            System.out.println(line);
        }
    }

    private static void run(Blas blas, boolean dbl, int m, int n, int k, int batch, double[] a, double[] b,
                            double[] c, float[] fa, float[] fb, float[] fc) {
        for (int i = 0; i < batch; i++) {
            if (dbl) {
                blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
            } else {
                blas.sgemm(Transpose.NO, Transpose.NO, m, n, k, 1f, fa, 0, k, fb, 0, n, 0f, fc, 0, n);
            }
        }
    }
}
