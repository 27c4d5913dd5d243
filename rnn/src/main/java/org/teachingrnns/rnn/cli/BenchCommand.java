package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code teach bench}: GEMM GFLOP/s per backend and BPTT time per epoch on this CPU, in about a minute. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"A short benchmark of the GEMM kernels and of BPTT on this CPU (about half a minute).",
                "",
                "BPTT ms/epoch of the default experiment with the backend auto (or --backend) chooses, then dgemm "
                        + "and sgemm GFLOP/s for every backend that loads, at a few sizes, with vector/scalar and "
                        + "vector/openblas ratios side by side. Timed with System.nanoTime after a warm-up over every size, "
                        + "best of at least 3 rounds: a sanity check, not JMH (bench/target/benchmarks.jar is the careful one). "
                        + "Progress on stderr, the table on stdout.",
                ""})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--quick", description = "Smaller sizes and shorter timing (a few seconds).")
    boolean quick;

    @Option(names = "--sizes", split = ",", paramLabel = "N",
            description = "Matrix orders for GEMM (default: 16,64,256,512; with --quick 16,64,256).")
    List<Integer> sizes;

    @Option(names = "--bptt-epochs", paramLabel = "N",
            description = "Timed BPTT epochs of the default experiment (default: 2000; with --quick 300), after a warm-up of up to 300; "
                    + "the figure reported is the median epoch time over the second half (the compiled pace).")
    Integer bpttEpochs;

    @Option(names = "--json", description = "Print the results as JSON on stdout instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        Compute compute = backendOption.compute(spec.commandLine().getErr());
        String chosen = backendOption.choice();
        List<Integer> ns = sizes != null ? sizes : quick ? List.of(16, 64, 256) : List.of(16, 64, 256, 512);
        for (int n : ns) {
            if (n < 1 || n > 4096) {
                throw new BadInputException("--sizes: each size must be in 1..4096, got " + n);
            }
        }
        if (bpttEpochs != null) {
            Check.positive("--bptt-epochs", bpttEpochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        List<String> names = new ArrayList<>();
        List<Blas> backends = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (String name : Blas.names()) {
            if (name.equals("auto")) {
                continue;
            }
            try {
                backends.add(Blas.of(name));
                names.add(name);
            } catch (BackendUnavailableException | LinkageError e) {
                unavailable.put(name, e.getMessage());
            }
        }

        // Progress units: 4 for BPTT (warm-up and timed run), 1 for the GEMM warm-up, 1 per GEMM cell.
        int cells = ns.size() * backends.size() * 2;
        Progress progress = Progress.onStderr(err, "bench", 4 + 1 + cells);

        // BPTT first, in a JVM whose profile no GEMM size has shaped yet, as in `teach run`: the default experiment
        // (hidden 5, 80 training sequences x 150 steps, Adam) with the backend auto (or --backend) chose, after a
        // run long enough for C2 to compile the step kernels.
        // The kernels reach their compiled pace only after C2 has compiled them (about a second here), so the
        // figure is the steady median of the timed run's second half, with the mean (warm-up included) beside it.
        int timedEpochs = bpttEpochs != null ? bpttEpochs : quick ? 300 : 2000;
        int warmEpochs = Math.min(quick ? 50 : 300, timedEpochs);
        ExperimentConfig base = ExperimentConfig.defaults();
        Experiment.run(base.withTraining(t -> t.epochs(warmEpochs)), compute, null);
        progress.update(1, "BPTT warm-up done");
        ExperimentResult timed = Experiment.run(base.withTraining(t -> t.epochs(timedEpochs)), compute,
                (epoch, epochs, loss) -> progress.update(1 + (3L * epoch) / epochs, "BPTT epoch " + epoch + "/" + epochs));
        double msPerEpoch = timed.timing().msPerEpochSteady();
        double msPerEpochMean = timed.timing().msPerEpoch();

        long ms = 1_000_000L;
        GemmBench bench = quick ? new GemmBench(30 * ms, 40 * ms, 3, System::nanoTime)
                : new GemmBench(150 * ms, 120 * ms, 3, System::nanoTime);
        bench.warmUp(backends, ns, quick ? 40 * ms : 150 * ms);
        progress.update(5, "GEMM warm-up done");
        // gflops[precision][size][backend]
        double[][][] gflops = new double[2][ns.size()][backends.size()];
        int done = 5;
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < ns.size(); i++) {
                for (int b = 0; b < backends.size(); b++) {
                    gflops[p][i][b] = bench.gflops(backends.get(b), p == 0, ns.get(i), 42 + i);
                    done++;
                    progress.update(done, (p == 0 ? "dgemm" : "sgemm") + " n=" + ns.get(i) + " " + names.get(b));
                }
            }
        }
        progress.finish();
        String bpttWhat = String.format(Locale.ROOT, "default experiment: hidden %d, %d training sequences x %d steps, %s, full BPTT + %s",
                base.student().hidden(), base.data().trainSequences(), base.data().length(), base.student().activation().key(),
                base.optimizer().kind().key());

        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", "System.nanoTime, warm-up then best of 3 rounds (not JMH)");
            m.put("cpu", SystemInfo.cpu(java.nio.file.Path.of("/proc/cpuinfo")).get("model"));
            m.put("auto", chosen);
            m.put("unavailable", unavailable);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < ns.size(); i++) {
                    for (int b = 0; b < backends.size(); b++) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("kernel", p == 0 ? "dgemm" : "sgemm");
                        r.put("n", ns.get(i));
                        r.put("backend", names.get(b));
                        r.put("gflops", gflops[p][i][b]);
                        rows.add(r);
                    }
                }
            }
            m.put("gemm", rows);
            Map<String, Object> bptt = new LinkedHashMap<>();
            bptt.put("what", bpttWhat);
            bptt.put("backend", timed.backend());
            bptt.put("epochs", timedEpochs);
            bptt.put("ms_per_epoch", msPerEpoch);
            bptt.put("ms_per_epoch_mean", msPerEpochMean);
            m.put("bptt", bptt);
            out.print(Json.pretty(new Json().value(m)));
        } else {
            out.println("GEMM GFLOP/s (square n x n x n, System.nanoTime, not JMH)");
            for (int p = 0; p < 2; p++) {
                out.print(table(p == 0 ? "dgemm" : "sgemm", ns, names, gflops[p]));
            }
            for (Map.Entry<String, String> e : unavailable.entrySet()) {
                out.println("(" + e.getKey() + " not measured: " + e.getValue() + ")");
            }
            out.printf(Locale.ROOT, "%nBPTT %.3f ms/epoch, median of the second half (mean %.3f; %s; %d timed epochs after %d warm-up; backend %s)%n",
                    msPerEpoch, msPerEpochMean, bpttWhat, timedEpochs, warmEpochs, chosen);
        }
        out.flush();
        return Teach.OK;
    }

    /** One kernel's table: a column per backend, then the ratios that exist (vector/scalar, vector/openblas). */
    static String table(String kernel, List<Integer> ns, List<String> names, double[][] gflops) {
        int scalar = names.indexOf("scalar");
        int vector = names.indexOf("vector");
        int openblas = names.indexOf("openblas");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-7s %6s", kernel, "n"));
        for (String name : names) {
            sb.append(String.format(Locale.ROOT, " %10s", name));
        }
        if (vector >= 0 && scalar >= 0) {
            sb.append(String.format(Locale.ROOT, " %14s", "vector/scalar"));
        }
        if (vector >= 0 && openblas >= 0) {
            sb.append(String.format(Locale.ROOT, " %16s", "vector/openblas"));
        }
        sb.append('\n');
        for (int i = 0; i < ns.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-7s %6d", "", ns.get(i)));
            for (int b = 0; b < names.size(); b++) {
                sb.append(String.format(Locale.ROOT, " %10.2f", gflops[i][b]));
            }
            if (vector >= 0 && scalar >= 0) {
                sb.append(String.format(Locale.ROOT, " %14.2f", gflops[i][vector] / gflops[i][scalar]));
            }
            if (vector >= 0 && openblas >= 0) {
                sb.append(String.format(Locale.ROOT, " %16.2f", gflops[i][vector] / gflops[i][openblas]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
