package org.teachingrnns.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.teachingrnns.numeric.Blas;

/**
 * Runs {@link GemmBenchmark} (and optionally {@link GemmShapesBenchmark}) through JMH's Runner and prints
 * Markdown tables of GFLOP/s (2 m n k / time) per backend and size with the ratios vector/scalar and
 * vector/openblas side by side, so one noisy run still compares like with like.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp bench/target/benchmarks.jar org.teachingrnns.bench.GemmReport \
 *      [--sizes 4,5,...,1024] [--backends scalar,vector,openblas] [--scalar-max 256] \
 *      [--ops dgemm,sgemm] [--shapes] [--quick | --warmup N --iterations N --time-ms T]
 * </pre>
 * Backends that cannot load in this JVM are skipped with their reason. Scalar is slow at large sizes, so it
 * only runs up to {@code --scalar-max} (default 256).
 */
public final class GemmReport {

    private GemmReport() {
    }

    public static void main(String[] args) throws RunnerException {
        List<Integer> sizes = List.of(4, 5, 8, 16, 32, 64, 100, 128, 255, 256, 512, 1000, 1024);
        List<String> backends = List.of("scalar", "vector", "openblas");
        List<String> ops = List.of("dgemm", "sgemm");
        int scalarMax = 256;
        int warmup = 3;
        int iterations = 5;
        int timeMs = 1000;
        boolean shapes = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--sizes" -> sizes = parseInts(value(args, ++i, arg));
                case "--backends" -> backends = List.of(value(args, ++i, arg).split(","));
                case "--ops" -> ops = List.of(value(args, ++i, arg).split(","));
                case "--scalar-max" -> scalarMax = Integer.parseInt(value(args, ++i, arg));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, arg));
                case "--iterations" -> iterations = Integer.parseInt(value(args, ++i, arg));
                case "--time-ms" -> timeMs = Integer.parseInt(value(args, ++i, arg));
                case "--shapes" -> shapes = true;
                case "--quick" -> {
                    warmup = 2;
                    iterations = 3;
                    timeMs = 500;
                }
                default -> {
                    System.err.println("unknown argument " + arg + "; see the class comment for usage");
                    System.exit(2);
                }
            }
        }
        List<String> usable = new ArrayList<>();
        for (String b : backends) {
            try {
                Blas blas = Blas.of(b);
                usable.add(b);
                System.err.println("backend " + b + ": " + blas.describe());
            } catch (RuntimeException | LinkageError e) {
                System.err.println("skipping backend " + b + ": " + e.getMessage());
            }
        }
        if (usable.isEmpty()) {
            System.err.println("no backend to measure");
            System.exit(2);
        }
        String opRegex = "(" + String.join("|", ops) + ")$";
        // results[op][size][backend] = GFLOP/s
        Map<String, Map<Integer, Map<String, Double>>> results = new TreeMap<>();
        int max = scalarMax;
        List<Integer> scalarSizes = sizes.stream().filter(s -> s <= max).toList();
        List<String> others = usable.stream().filter(b -> !b.equals("scalar")).toList();
        if (usable.contains("scalar") && !scalarSizes.isEmpty()) {
            collect(run(GemmBenchmark.class, opRegex, List.of("scalar"), "n", strings(scalarSizes), warmup,
                    iterations, timeMs), results);
        }
        if (!others.isEmpty()) {
            collect(run(GemmBenchmark.class, opRegex, others, "n", strings(sizes), warmup, iterations, timeMs),
                    results);
        }
        StringBuilder out = new StringBuilder();
        out.append("GEMM, C = A B, n x n, single thread, GFLOP/s (2 n^3 / time; JMH average time)\n\n");
        for (String op : ops) {
            table(out, op, results.getOrDefault(op, Map.of()), usable, "n");
        }
        if (shapes) {
            Map<String, Map<Integer, Map<String, Double>>> shapeResults = new TreeMap<>();
            List<String> shapeList = List.of("5,80,5", "80,5,5", "256,64,256");
            Collection<RunResult> rr = run(GemmShapesBenchmark.class, "dgemm$", usable, "shape", shapeList, warmup,
                    iterations, timeMs);
            Map<String, Map<String, Double>> byShape = new LinkedHashMap<>();
            for (RunResult r : rr) {
                String shape = r.getParams().getParam("shape");
                String[] s = shape.split(",");
                double flops = 2.0 * Long.parseLong(s[0]) * Long.parseLong(s[1]) * Long.parseLong(s[2]);
                byShape.computeIfAbsent(shape, x -> new TreeMap<>())
                        .put(r.getParams().getParam("backend"), flops / r.getPrimaryResult().getScore());
            }
            out.append("\nRNN shapes (dgemm, m,n,k), GFLOP/s\n\n");
            out.append("| m,n,k |");
            for (String b : usable) {
                out.append(' ').append(b).append(" |");
            }
            out.append(" vector/scalar | vector/openblas |\n|---|");
            out.append("---:|".repeat(usable.size() + 2)).append('\n');
            for (Map.Entry<String, Map<String, Double>> e : byShape.entrySet()) {
                row(out, e.getKey(), e.getValue(), usable);
            }
        }
        System.out.println(out);
    }

    private static void table(StringBuilder out, String op, Map<Integer, Map<String, Double>> bySize,
                              List<String> backends, String key) {
        out.append("### ").append(op).append("\n\n| ").append(key).append(" |");
        for (String b : backends) {
            out.append(' ').append(b).append(" |");
        }
        out.append(" vector/scalar | vector/openblas |\n|---:|");
        out.append("---:|".repeat(backends.size() + 2)).append('\n');
        for (Map.Entry<Integer, Map<String, Double>> e : bySize.entrySet()) {
            row(out, Integer.toString(e.getKey()), e.getValue(), backends);
        }
        out.append('\n');
    }

    private static void row(StringBuilder out, String label, Map<String, Double> g, List<String> backends) {
        out.append("| ").append(label).append(" |");
        for (String b : backends) {
            Double v = g.get(b);
            out.append(' ').append(v == null ? "-" : String.format(Locale.ROOT, "%.2f", v)).append(" |");
        }
        out.append(' ').append(ratio(g.get("vector"), g.get("scalar"))).append(" | ")
                .append(ratio(g.get("vector"), g.get("openblas"))).append(" |\n");
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static Collection<RunResult> run(Class<?> bench, String methodRegex, List<String> backends,
                                             String paramName, List<String> paramValues, int warmup,
                                             int iterations, int timeMs) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(bench.getName() + "\\." + methodRegex)
                .param("backend", backends.toArray(String[]::new))
                .param(paramName, paramValues.toArray(String[]::new))
                .warmupIterations(warmup)
                .warmupTime(TimeValue.milliseconds(timeMs))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(timeMs))
                .forks(1)
                .shouldFailOnError(false);
        return new Runner(o.build()).run();
    }

    private static void collect(Collection<RunResult> rr, Map<String, Map<Integer, Map<String, Double>>> results) {
        for (RunResult r : rr) {
            String label = r.getParams().getBenchmark();
            String op = label.substring(label.lastIndexOf('.') + 1);
            int n = Integer.parseInt(r.getParams().getParam("n"));
            double ns = r.getPrimaryResult().getScore();
            results.computeIfAbsent(op, x -> new TreeMap<>()).computeIfAbsent(n, x -> new TreeMap<>())
                    .put(r.getParams().getParam("backend"), 2.0 * n * n * n / ns);
        }
    }

    private static List<Integer> parseInts(String csv) {
        List<Integer> list = new ArrayList<>();
        for (String s : csv.split(",")) {
            list.add(Integer.parseInt(s.trim()));
        }
        return list;
    }

    private static List<String> strings(List<Integer> ints) {
        return ints.stream().map(String::valueOf).toList();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
