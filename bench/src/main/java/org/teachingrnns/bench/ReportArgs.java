package org.teachingrnns.bench;

import java.util.ArrayList;
import java.util.List;
import org.teachingrnns.numeric.Blas;

/** The command line shared by {@link GemmReport} and {@link GemmCpuTime}. */
final class ReportArgs {

    /** The RNN products of GemmShapesBenchmark, m,n,k. */
    static final List<String> SHAPES = List.of("5,80,5", "80,5,5", "256,64,256");

    List<Integer> sizes = List.of(4, 5, 8, 16, 32, 64, 100, 128, 255, 256, 512, 1000, 1024);
    List<String> backends = List.of("scalar", "vector", "openblas");
    List<String> ops = List.of("dgemm", "sgemm");
    int scalarMax = 256;
    int warmup;
    int iterations;
    int timeMs;
    boolean shapes;

    static ReportArgs parse(String[] args, int warmup, int iterations, int timeMs) {
        ReportArgs a = new ReportArgs();
        a.warmup = warmup;
        a.iterations = iterations;
        a.timeMs = timeMs;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--sizes" -> a.sizes = ints(value(args, ++i, arg));
                case "--backends" -> a.backends = List.of(value(args, ++i, arg).split(","));
                case "--ops" -> a.ops = List.of(value(args, ++i, arg).split(","));
                case "--scalar-max" -> a.scalarMax = Integer.parseInt(value(args, ++i, arg));
                case "--warmup" -> a.warmup = Integer.parseInt(value(args, ++i, arg));
                case "--iterations" -> a.iterations = Integer.parseInt(value(args, ++i, arg));
                case "--time-ms" -> a.timeMs = Integer.parseInt(value(args, ++i, arg));
                case "--shapes" -> a.shapes = true;
                case "--quick" -> {
                    a.warmup = 2;
                    a.iterations = 3;
                    a.timeMs = 500;
                }
                default -> fail("unknown argument " + arg + " (see the class comment for usage)");
            }
        }
        for (String op : a.ops) {
            if (!op.equals("dgemm") && !op.equals("sgemm")) {
                fail("--ops takes dgemm and/or sgemm, not " + op);
            }
        }
        return a;
    }

    /** The requested backends that load in this JVM; the others are reported on stderr and skipped. */
    List<String> usableBackends() {
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
            fail("no backend to measure");
        }
        return usable;
    }

    static double flops(String shape) {
        String[] s = shape.split(",");
        return 2.0 * Long.parseLong(s[0]) * Long.parseLong(s[1]) * Long.parseLong(s[2]);
    }

    private static List<Integer> ints(String csv) {
        List<Integer> list = new ArrayList<>();
        for (String s : csv.split(",")) {
            list.add(Integer.parseInt(s.trim()));
        }
        return list;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
