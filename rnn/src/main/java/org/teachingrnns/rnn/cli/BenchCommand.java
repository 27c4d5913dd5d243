package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.perf.BenchSuite;
import org.teachingrnns.rnn.perf.BpttCase;
import org.teachingrnns.rnn.perf.Comparison;
import org.teachingrnns.rnn.perf.GemmShape;
import org.teachingrnns.rnn.perf.LinalgOp;
import org.teachingrnns.rnn.perf.MachineDescription;
import org.teachingrnns.rnn.perf.Ratio;
import org.teachingrnns.rnn.perf.Timing;
import org.teachingrnns.rnn.train.EpochTrial;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code teach bench}: GEMM per backend and shape, BPTT epochs and dense decompositions on this CPU, timed by
 * thread CPU time ({@link org.teachingrnns.rnn.perf.CpuTimer}); {@code --json FILE} keeps the run with a
 * description of the machine, and {@code teach bench compare A.json B.json} sets two runs side by side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.Compare.class,
        description = {"A benchmark of the GEMM kernels, BPTT and the eigen/QR decompositions on this CPU "
                + "(about a minute of CPU time, --quick less; a loaded machine takes longer in wall time).",
                "",
                "Timing: thread CPU time, so time spent descheduled on a loaded machine does not count. Each task is "
                        + "warmed up, then the tasks of a group (the backends at one GEMM shape; the BPTT cases; the "
                        + "decompositions at one n) alternate over --rounds rounds; the best round is reported, with "
                        + "the median beside it. The spread median/min - 1 is the noise that `teach bench compare` uses.",
                "GEMM is C = A B (NoTrans, beta 0), GFLOP/s = 2 m n k / best time. The BPTT cases run with the backend "
                        + "auto (or --backend) chooses; efficiency = their GFLOP/s over the best dgemm GFLOP/s at the "
                        + "largest square size.",
                "Tables on stdout, progress on stderr. Shapes: N (square) or MxNxK, e.g. 80x5x5.",
                ""})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--quick", description = "Fewer sizes, shorter warm-up and 5 rounds.")
    boolean quick;

    @Option(names = "--sizes", split = ",", paramLabel = "SHAPE", converter = ShapeConverter.class,
            description = "GEMM shapes timed in double and float on every backend (default: 16,64,256,512; with --quick 16,64,256).")
    List<GemmShape> sizes;

    @Option(names = "--shapes", split = ",", paramLabel = "SHAPE", converter = ShapeConverter.class,
            description = "Further dgemm shapes, the RNN's products (default: 5x80x5,80x5x5,256x64x256); MxNxK:NT "
                    + "(or :TN, :TT) transposes A and B, e.g. 16x16x12000:NT, BPTT's gradient delta H^T.")
    List<GemmShape> shapes;

    @Option(names = "--ops", split = ",", paramLabel = "OP", description = "dgemm and/or sgemm (default: both).")
    List<String> ops;

    @Option(names = "--backends", split = ",", paramLabel = "NAME",
            description = "GEMM backends (default: scalar, vector and openblas, each where it loads).")
    List<String> backends;

    @Option(names = "--scalar-max", paramLabel = "N",
            description = "Time the scalar backend only on shapes with m n k <= N^3 (default: 256).")
    int scalarMax = 256;

    @Option(names = "--bptt", split = ",", paramLabel = "CASE", converter = BpttConverter.class,
            description = "BPTT epochs: default (the reference experiment), tanh, h256 (hidden 256, a GEMM per step); "
                    + "default-f32 and h256-f32 in float32 (default: default,tanh,h256; with --quick default,tanh).")
    List<BpttCase> bptt;

    @Option(names = "--linalg", split = ",", paramLabel = "N",
            description = "Orders n of the eigenvalue and QR timings (default: 5,16,64,256; with --quick 5,16,64).")
    List<Integer> linalg;

    @Option(names = "--only", split = ",", paramLabel = "PART",
            description = "Run only these parts: gemm, bptt, linalg (default: all).")
    List<String> only;

    @Option(names = "--rounds", paramLabel = "N", description = "Alternating timed rounds (default: 15; with --quick 5).")
    Integer rounds;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the run as JSON to FILE (machine, settings, timings, ratios), for `teach bench compare`; "
                    + "- writes it to stdout instead of the tables.")
    String json;

    @Override
    public Integer call() throws IOException {
        Compute compute = backendOption.compute(spec.commandLine().getErr());
        BenchSuite suite = suite();
        String chosen = backendOption.choice() + ("auto".equals(compute.name()) && !suite.bptt().isEmpty()
                ? "; auto runs each BPTT case of hidden >= " + EpochTrial.MIN_HIDDEN
                + " on the Blas its epoch trial chose (cached per machine and workload; column Blas: vector, bands or"
                + " openblas)" : "");
        Map<String, Blas> blas = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        List<String> wanted = backends != null ? backends : Blas.names().stream().filter(n -> !n.equals("auto")).toList();
        for (String name : wanted) {
            try {
                blas.put(name.trim().toLowerCase(Locale.ROOT), Blas.of(name));
            } catch (BackendUnavailableException | LinkageError e) {
                if (backends != null) {
                    throw new BadInputException("backend '" + name + "' is not available here: " + e.getMessage());
                }
                unavailable.put(name, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--backends: " + e.getMessage());
            }
        }
        if (blas.isEmpty() && !(suite.sizes().isEmpty() && suite.shapes().isEmpty())) {
            throw new BadInputException("no backend to measure");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.onStderr(err, "bench", suite.groups());
        List<Timing> timings;
        Map<String, String> bpttBlas = new LinkedHashMap<>();
        try {
            timings = suite.run(blas, compute, new BenchSuite.Progress() {
                @Override
                public void update(int done, int total, String what) {
                    progress.update(done, what);
                }

                @Override
                public void bpttBackend(String caseKey, String backend) {
                    bpttBlas.put(caseKey, backend);
                }
            });
        } catch (IllegalStateException e) {
            throw new BadInputException(e.getMessage());
        }
        progress.finish();
        List<Ratio> ratios = Ratio.of(timings);
        Map<String, Object> machine = MachineDescription.collect(Path.of("/proc/cpuinfo"), blas);
        if (json != null) {
            String text = Json.pretty(new Json().value(report(machine, chosen, bpttBlas, suite, unavailable, timings, ratios)));
            if (json.equals("-")) {
                out.print(text);
                out.flush();
                return Teach.OK;
            }
            try {
                AtomicFiles.writeString(Path.of(json), text);
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new BadInputException("--json " + json + ": cannot write: " + e.getMessage());
            }
        }
        out.print(tables(machine, chosen, bpttBlas, suite, unavailable, timings, ratios));
        out.flush();
        return Teach.OK;
    }

    private BenchSuite suite() {
        List<String> parts = only != null ? only.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList()
                : List.of("gemm", "bptt", "linalg");
        for (String p : parts) {
            if (!List.of("gemm", "bptt", "linalg").contains(p)) {
                throw new BadInputException("--only takes gemm, bptt and linalg, not '" + p + "'");
            }
        }
        boolean gemm = parts.contains("gemm");
        List<GemmShape> s = !gemm ? List.of() : sizes != null ? sizes
                : quick ? shapes(16, 64, 256) : shapes(16, 64, 256, 512);
        List<GemmShape> sh = !gemm ? List.of() : shapes != null ? shapes
                : List.of(new GemmShape(5, 80, 5), new GemmShape(80, 5, 5), new GemmShape(256, 64, 256));
        List<String> o = ops != null ? ops.stream().map(x -> x.trim().toLowerCase(Locale.ROOT)).toList()
                : List.of("dgemm", "sgemm");
        List<BpttCase> b = !parts.contains("bptt") ? List.of() : bptt != null ? bptt
                : quick ? List.of(BpttCase.DEFAULT, BpttCase.TANH) : List.of(BpttCase.DEFAULT, BpttCase.TANH, BpttCase.H256);
        List<Integer> l = !parts.contains("linalg") ? List.of() : linalg != null ? linalg
                : quick ? List.of(5, 16, 64) : List.of(5, 16, 64, 256);
        int r = rounds != null ? rounds : quick ? 5 : 15;
        Check.range("--rounds", r, 1, 1000, "timed rounds per group");
        Check.range("--scalar-max", scalarMax, 0, 1 << 14, "a matrix order");
        long ms = 1_000_000L;
        try {
            return new BenchSuite(s, sh, o, scalarMax, b, l, quick ? 100 * ms : 400 * ms, quick ? 5 * ms : 20 * ms, r);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static List<GemmShape> shapes(int... ns) {
        List<GemmShape> list = new ArrayList<>();
        for (int n : ns) {
            list.add(new GemmShape(n, n, n));
        }
        return list;
    }

    static String method(BenchSuite suite) {
        return "thread CPU time; per task a warm-up of " + suite.warmupNanos() / 1_000_000 + " ms, then at least "
                + suite.rounds() + " alternating rounds of about " + suite.roundNanos() / 1_000_000
                + " ms; min and median per call over the rounds";
    }

    /** The --json document. */
    static Map<String, Object> report(Map<String, Object> machine, String chosen, Map<String, String> bpttBlas, BenchSuite suite,
                                      Map<String, String> unavailable, List<Timing> timings, List<Ratio> ratios) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "teach-bench/1");
        m.put("method", method(suite));
        m.put("machine", machine);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("sizes", suite.sizes().stream().map(GemmShape::toString).toList());
        settings.put("shapes", suite.shapes().stream().map(GemmShape::toString).toList());
        settings.put("ops", suite.ops());
        settings.put("scalar_max", suite.scalarMax());
        settings.put("bptt", suite.bptt().stream().map(BpttCase::key).toList());
        settings.put("linalg", suite.linalg());
        settings.put("rounds", suite.rounds());
        settings.put("bptt_backend", chosen);
        m.put("settings", settings);
        m.put("unavailable", unavailable);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Timing t : timings) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("key", t.key());
            r.put("flops", t.flops());
            r.put("min_ns", t.minNanos());
            r.put("median_ns", t.medianNanos());
            r.put("rounds", t.rounds());
            if (t.flops() > 0) {
                r.put("gflops", t.gflops());
            }
            if (t.key().startsWith("bptt/") && bpttBlas.containsKey(t.key().substring(5))) {
                r.put("blas", bpttBlas.get(t.key().substring(5)));
            }
            rows.add(r);
        }
        m.put("timings", rows);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (Ratio r : ratios) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", r.key());
            x.put("value", r.value());
            x.put("spread", r.spread());
            rs.add(x);
        }
        m.put("ratios", rs);
        return m;
    }

    /** The human-readable report. */
    static String tables(Map<String, Object> machine, String chosen, Map<String, String> bpttBlas, BenchSuite suite, Map<String, String> unavailable,
                         List<Timing> timings, List<Ratio> ratios) {
        Map<String, Timing> byKey = new LinkedHashMap<>();
        for (Timing t : timings) {
            byKey.put(t.key(), t);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s (family %s, model %s), %s logical CPUs, JDK %s, vector %s bits, OpenBLAS %s (core %s)%n",
                machine.get("cpu_model"), machine.get("cpu_family"), machine.get("cpu_model_number"),
                machine.get("logical_cpus"), machine.get("jdk"), machine.get("vector_bits"),
                machine.get("openblas_version"), machine.get("openblas_core")));
        sb.append("Timing: ").append(method(suite)).append('\n');
        if (!suite.bptt().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nBPTT, one epoch (forward, full BPTT, Adam); backend %s%n", chosen));
            // The key and description columns as wide as their longest entries, so the numbers line up.
            int keys = Math.max(8, suite.bptt().stream().mapToInt(c -> c.key().length()).max().orElse(0));
            int width = suite.bptt().stream().mapToInt(c -> c.describe().length()).max().orElse(0);
            String head = "%-" + keys + "s %-" + width + "s %-9s %12s %12s %9s%n";
            String line = "%-" + keys + "s %-" + width + "s %-9s %12.4f %12.4f %9.2f%n";
            sb.append(String.format(Locale.ROOT, head, "case", "", "Blas", "ms (best)", "ms (median)", "GFLOP/s"));
            for (BpttCase c : suite.bptt()) {
                Timing t = byKey.get("bptt/" + c.key());
                sb.append(String.format(Locale.ROOT, line, c.key(), c.describe(), bpttBlas.getOrDefault(c.key(), "?"),
                        t.minNanos() / 1e6, t.medianNanos() / 1e6, t.gflops()));
            }
        }
        List<String> names = new ArrayList<>();
        for (Timing t : timings) {
            String[] k = t.key().split("/");
            if (k[0].equals("gemm") && !names.contains(k[3])) {
                names.add(k[3]);
            }
        }
        for (String op : suite.ops()) {
            if (!suite.sizes().isEmpty()) {
                sb.append('\n').append(gemmTable(op, suite.sizes(), names, byKey));
            }
        }
        if (!suite.shapes().isEmpty()) {
            sb.append('\n').append(gemmTable("dgemm", suite.shapes(), names, byKey));
        }
        for (Map.Entry<String, String> e : unavailable.entrySet()) {
            sb.append("(").append(e.getKey()).append(" not measured: ").append(e.getValue()).append(")\n");
        }
        if (!suite.linalg().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nDecompositions, microseconds per call (best round)%n%6s", "n"));
            for (LinalgOp op : LinalgOp.values()) {
                sb.append(String.format(Locale.ROOT, " %12s", op.key()));
            }
            sb.append('\n');
            for (int n : suite.linalg()) {
                sb.append(String.format(Locale.ROOT, "%6d", n));
                for (LinalgOp op : LinalgOp.values()) {
                    sb.append(String.format(Locale.ROOT, " %12.2f", byKey.get("linalg/" + op.key() + "/" + n).minNanos() / 1e3));
                }
                sb.append('\n');
            }
        }
        if (!ratios.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nRatios (spread = the sum of both timings' median/min - 1)%n"));
            for (Ratio r : ratios) {
                sb.append(String.format(Locale.ROOT, "%-40s %10.3f   spread %4.0f%%%n", r.key(), r.value(), 100 * r.spread()));
            }
        }
        return sb.toString();
    }

    /** GFLOP/s (best round) per shape and backend, then the speed-ups vector/scalar and vector/openblas. */
    static String gemmTable(String op, List<GemmShape> shapes, List<String> names, Map<String, Timing> byKey) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s GFLOP/s%n%-12s", op, "shape"));
        for (String name : names) {
            sb.append(String.format(Locale.ROOT, " %10s", name));
        }
        String[][] pairs = {{"vector", "scalar"}, {"vector", "openblas"}};
        for (String[] p : pairs) {
            if (names.contains(p[0]) && names.contains(p[1])) {
                sb.append(String.format(Locale.ROOT, " %16s", p[0] + "/" + p[1]));
            }
        }
        sb.append('\n');
        for (GemmShape s : shapes) {
            sb.append(String.format(Locale.ROOT, "%-12s", s));
            for (String name : names) {
                Timing t = byKey.get(BenchSuite.gemmKey(op, s, name));
                sb.append(t == null ? String.format(Locale.ROOT, " %10s", "-") : String.format(Locale.ROOT, " %10.2f", t.gflops()));
            }
            for (String[] p : pairs) {
                if (names.contains(p[0]) && names.contains(p[1])) {
                    Timing a = byKey.get(BenchSuite.gemmKey(op, s, p[0]));
                    Timing b = byKey.get(BenchSuite.gemmKey(op, s, p[1]));
                    sb.append(a == null || b == null ? String.format(Locale.ROOT, " %16s", "-")
                            : String.format(Locale.ROOT, " %16.2f", b.minNanos() / a.minNanos()));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code teach bench compare A.json B.json}. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Two `teach bench --json` runs side by side (two machines, or two commits on one): every "
                    + "timing and ratio present in both, with B's change over A (above 1: B faster, or the ratio higher).",
                    "",
                    "Noise rule: a row is marked * when its change, or the inverse, exceeds (1 + spread A) (1 + spread B) "
                            + "(1 + margin), where a timing's spread is median/min - 1 over its rounds (a ratio's is the "
                            + "sum of its two timings') and the margin is --margin (default 0.10).",
                    ""})
    static final class Compare implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A.json")
        Path a;

        @Parameters(index = "1", paramLabel = "B.json")
        Path b;

        @Option(names = "--margin", paramLabel = "M", description = "Relative margin beyond both spreads (default: 0.10).")
        double margin = 0.10;

        @Override
        public Integer call() {
            Check.nonNegativeFinite("--margin", margin);
            JsonNode ja = read(a);
            JsonNode jb = read(b);
            List<Comparison.Row> rows = Comparison.compare(timings(a, ja), timings(b, jb), ratios(a, ja), ratios(b, jb), margin);
            if (rows.isEmpty()) {
                throw new BadInputException(a + " and " + b + " have no timing or ratio in common");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("A: " + a + ": " + machine(ja));
            out.println("B: " + b + ": " + machine(jb));
            out.printf(Locale.ROOT, "change = B over A (speed for timings, value for ratios); * = moved beyond noise "
                    + "((1 + spread A)(1 + spread B)(1 + %.2f) - 1, shown as noise)%n%n", margin);
            out.print(Comparison.table(rows));
            long moved = rows.stream().filter(Comparison.Row::moved).count();
            out.printf(Locale.ROOT, "%n%d of %d rows moved beyond noise%n", moved, rows.size());
            for (String d : blasDifferences(ja, jb)) {
                out.println(d);
            }
            out.flush();
            return Teach.OK;
        }

        /**
         * One line per BPTT case that ran on different Blas in A and B (the JSON rows' {@code blas}; under auto each
         * machine's epoch trial chooses), so that a change in its time is not read as a change in the same code.
         */
        static List<String> blasDifferences(JsonNode ja, JsonNode jb) {
            Map<String, String> inA = new LinkedHashMap<>();
            for (JsonNode t : ja.path("timings")) {
                if (t.has("blas")) {
                    inA.put(t.path("key").asText(), t.path("blas").asText());
                }
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode t : jb.path("timings")) {
                String key = t.path("key").asText();
                if (t.has("blas") && inA.containsKey(key) && !inA.get(key).equals(t.path("blas").asText())) {
                    lines.add(key + " ran on different Blas: A " + inA.get(key) + ", B " + t.path("blas").asText());
                }
            }
            return lines;
        }

        private static String machine(JsonNode j) {
            JsonNode m = j.path("machine");
            return m.path("cpu_model").asText("?") + " (family " + m.path("cpu_family").asText("?") + ", model "
                    + m.path("cpu_model_number").asText("?") + "), JDK " + m.path("jdk").asText("?") + ", vector "
                    + m.path("vector_bits").asText("?") + " bits, OpenBLAS " + m.path("openblas_version").asText("-")
                    + " core " + m.path("openblas_core").asText("-");
        }

        private static JsonNode read(Path p) {
            try {
                JsonNode n = Json.MAPPER.readTree(Files.readString(p));
                if (n == null || !n.path("format").asText("").startsWith("teach-bench/") || !n.path("timings").isArray()) {
                    throw new BadInputException(p + ": not a `teach bench --json` file (no format teach-bench/1 and timings)");
                }
                return n;
            } catch (JsonProcessingException e) {
                throw new BadInputException(p + ": malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new BadInputException(p + ": cannot read: " + e.getMessage());
            }
        }

        private static List<Timing> timings(Path p, JsonNode j) {
            List<Timing> out = new ArrayList<>();
            for (JsonNode t : j.path("timings")) {
                try {
                    out.add(new Timing(text(p, t, "key"), number(p, t, "flops"), number(p, t, "min_ns"),
                            number(p, t, "median_ns"), (int) number(p, t, "rounds")));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(p + ": " + e.getMessage());
                }
            }
            return out;
        }

        private static List<Ratio> ratios(Path p, JsonNode j) {
            List<Ratio> out = new ArrayList<>();
            for (JsonNode r : j.path("ratios")) {
                out.add(new Ratio(text(p, r, "key"), number(p, r, "value"), number(p, r, "spread")));
            }
            return out;
        }

        private static String text(Path p, JsonNode n, String field) {
            if (!n.path(field).isTextual()) {
                throw new BadInputException(p + ": an entry has no text field '" + field + "': " + n);
            }
            return n.get(field).asText();
        }

        private static double number(Path p, JsonNode n, String field) {
            if (!n.path(field).isNumber()) {
                throw new BadInputException(p + ": an entry has no number field '" + field + "': " + n);
            }
            return n.get(field).doubleValue();
        }
    }

    /** {@code N}, {@code MxNxK} or {@code MxNxK:NT} (see GemmShape). */
    static final class ShapeConverter implements CommandLine.ITypeConverter<GemmShape> {
        @Override
        public GemmShape convert(String value) {
            try {
                GemmShape s = GemmShape.parse(value);
                // Bounded by the work (a deep product such as BPTT's 16x16x12000:NT is small), and by GemmShape's
                // 2^26 elements per matrix.
                if ((long) s.m() * s.n() * s.k() > 4096L * 4096 * 4096) {
                    throw new IllegalArgumentException("a GEMM shape may have at most 4096^3 multiply-adds, got " + value);
                }
                return s;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** default, tanh, h256, default-f32 or h256-f32. */
    static final class BpttConverter implements CommandLine.ITypeConverter<BpttCase> {
        @Override
        public BpttCase convert(String value) {
            try {
                return BpttCase.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
