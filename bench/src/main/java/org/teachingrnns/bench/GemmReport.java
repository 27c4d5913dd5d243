package org.teachingrnns.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link GemmBenchmark} (and with {@code --shapes} {@link GemmShapesBenchmark}) through JMH's Runner
 * and prints Markdown tables of GFLOP/s (2 m n k / time) per backend and size, with the ratios
 * vector/scalar and vector/openblas. Each size is one Runner call over all backends, so the backends
 * compared in a row ran minutes apart at most, under the same machine load.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp bench/target/benchmarks.jar org.teachingrnns.bench.GemmReport \
 *      [--sizes 4,5,...,1024] [--backends scalar,vector,openblas] [--scalar-max 256] \
 *      [--ops dgemm,sgemm] [--shapes] [--quick | --warmup N --iterations N --time-ms T]
 * </pre>
 * Backends that cannot load in this JVM are skipped with their reason. Scalar is slow at large sizes, so it
 * only runs up to {@code --scalar-max} (default 256). JMH measures wall-clock time; on a shared, loaded
 * machine {@link GemmCpuTime} (thread CPU time) gives steadier ratios.
 */
public final class GemmReport {

    private GemmReport() {
    }

    public static void main(String[] args) throws RunnerException {
        ReportArgs a = ReportArgs.parse(args, 3, 5, 1000);
        List<String> usable = a.usableBackends();
        String opRegex = "(" + String.join("|", a.ops) + ")$";
        GflopsTable table = new GflopsTable();
        for (int n : a.sizes) {
            List<String> backends = new ArrayList<>(usable);
            if (n > a.scalarMax) {
                backends.remove("scalar");
            }
            if (backends.isEmpty()) {
                continue;
            }
            for (RunResult r : run(GemmBenchmark.class, opRegex, backends, "n", List.of(Integer.toString(n)), a)) {
                String label = r.getParams().getBenchmark();
                table.put(label.substring(label.lastIndexOf('.') + 1), Integer.toString(n),
                        r.getParams().getParam("backend"), 2.0 * n * n * n / r.getPrimaryResult().getScore());
            }
        }
        StringBuilder out = new StringBuilder(table.markdown(
                "GEMM, C = A B, n x n, single thread, GFLOP/s (2 n^3 / JMH average time)", "n", usable));
        if (a.shapes) {
            GflopsTable shapes = new GflopsTable();
            for (String shape : ReportArgs.SHAPES) {
                for (RunResult r : run(GemmShapesBenchmark.class, "dgemm$", usable, "shape", List.of(shape), a)) {
                    shapes.put("dgemm", shape, r.getParams().getParam("backend"),
                            ReportArgs.flops(shape) / r.getPrimaryResult().getScore());
                }
            }
            out.append(shapes.markdown("RNN shapes (m,n,k), GFLOP/s", "m,n,k", usable));
        }
        System.out.println(out);
    }

    private static List<RunResult> run(Class<?> bench, String methodRegex, List<String> backends, String param,
                                       List<String> values, ReportArgs a) throws RunnerException {
        return new ArrayList<>(new Runner(new OptionsBuilder()
                .include(bench.getName() + "\\." + methodRegex)
                .param("backend", backends.toArray(String[]::new))
                .param(param, values.toArray(String[]::new))
                .warmupIterations(a.warmup)
                .warmupTime(TimeValue.milliseconds(a.timeMs))
                .measurementIterations(a.iterations)
                .measurementTime(TimeValue.milliseconds(a.timeMs))
                .forks(1)
                .shouldFailOnError(false)
                .build()).run());
    }
}
