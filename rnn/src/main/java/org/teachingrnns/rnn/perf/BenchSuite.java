package org.teachingrnns.rnn.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.compute.Compute;

/**
 * The benchmark of {@code teach bench} and of bench/'s performance guard: GEMM per backend and shape, BPTT epochs
 * and dense decompositions, each group timed side by side by {@link CpuTimer}. Keys of the results:
 * {@code gemm/<dgemm|sgemm>/<shape>/<backend>}, {@code bptt/<case>}, {@code linalg/<op>/<n>}.
 *
 * @param sizes     GEMM shapes timed in double and float (as {@code ops} says) on every backend
 * @param shapes    further shapes timed in double only (the RNN's products)
 * @param ops       {@code dgemm} and/or {@code sgemm}
 * @param scalarMax the scalar backend only runs shapes with m n k at most scalarMax^3 (it is slow)
 */
public record BenchSuite(List<GemmShape> sizes, List<GemmShape> shapes, List<String> ops, int scalarMax,
                         List<BpttCase> bptt, List<Integer> linalg, long warmupNanos, long roundNanos, int rounds) {

    /** Progress: {@code done} of {@code total} groups finished, the last one described by {@code what}. */
    public interface Progress {
        void update(int done, int total, String what);

        /** The Blas a BPTT case runs on (told once per case, before its timing; see {@link BpttCase.Epoch#backend()}). */
        default void bpttBackend(String caseKey, String backend) {
        }
    }

    public BenchSuite {
        sizes = List.copyOf(sizes);
        shapes = List.copyOf(shapes);
        ops = List.copyOf(ops);
        bptt = List.copyOf(bptt);
        linalg = List.copyOf(linalg);
        for (String op : ops) {
            if (!op.equals("dgemm") && !op.equals("sgemm")) {
                throw new IllegalArgumentException("ops are dgemm and sgemm, not '" + op + "'");
            }
        }
        for (int n : linalg) {
            if (n < 1 || n > 2048) {
                throw new IllegalArgumentException("linalg sizes must be in 1..2048, got " + n);
            }
        }
    }

    public static String gemmKey(String op, GemmShape shape, String backend) {
        return "gemm/" + op + "/" + shape + "/" + backend;
    }

    public int groups() {
        return sizes.size() * ops.size() + shapes.size() + (bptt.isEmpty() ? 0 : 1) + linalg.size();
    }

    /** {@link #run(Map, Compute, Progress)} with BPTT on the default compute. */
    public List<Timing> run(Map<String, Blas> backends, Progress progress) {
        return run(backends, Compute.defaults(), progress);
    }

    /**
     * Runs every group on the given backends (name -> backend, in column order), BPTT on {@code bpttCompute}, and
     * returns the timings.
     */
    public List<Timing> run(Map<String, Blas> backends, Compute bpttCompute, Progress progress) {
        CpuTimer timer = CpuTimer.threadCpuTime(warmupNanos, roundNanos, rounds);
        List<Timing> out = new ArrayList<>();
        int done = 0;
        int total = groups();
        // BPTT first, in a JVM whose profile no GEMM size has shaped yet, as in `teach run`.
        if (!bptt.isEmpty()) {
            List<String> keys = new ArrayList<>();
            List<Double> flops = new ArrayList<>();
            List<CpuTimer.Task> tasks = new ArrayList<>();
            for (BpttCase c : bptt) {
                BpttCase.Epoch e = c.build(1, bpttCompute);
                progress.bpttBackend(c.key(), e.backend());
                keys.add("bptt/" + c.key());
                flops.add((double) e.flops());
                tasks.add(e.task());
            }
            // An epoch is many short kernel calls, and C2 needs about a second to compile them all on a quiet machine
            // (README, "BPTT"): five times the GEMM warm-up.
            out.addAll(CpuTimer.threadCpuTime(5 * warmupNanos, roundNanos, rounds).time(keys, flops, tasks));
            progress.update(++done, total, "BPTT");
        }
        for (String op : ops) {
            for (GemmShape s : sizes) {
                out.addAll(gemmRow(timer, op, s, backends));
                progress.update(++done, total, op + " " + s);
            }
        }
        for (GemmShape s : shapes) {
            out.addAll(gemmRow(timer, "dgemm", s, backends));
            progress.update(++done, total, "dgemm " + s);
        }
        for (int n : linalg) {
            List<String> keys = new ArrayList<>();
            List<Double> flops = new ArrayList<>();
            List<CpuTimer.Task> tasks = new ArrayList<>();
            for (LinalgOp op : LinalgOp.values()) {
                keys.add("linalg/" + op.key() + "/" + n);
                flops.add(0.0);
                tasks.add(op.task(n));
            }
            out.addAll(timer.time(keys, flops, tasks));
            progress.update(++done, total, "linalg n=" + n);
        }
        return out;
    }

    /** One shape and precision on every backend, alternating (scalar only up to scalarMax^3). */
    private List<Timing> gemmRow(CpuTimer timer, String op, GemmShape s, Map<String, Blas> backends) {
        List<String> keys = new ArrayList<>();
        List<Double> flops = new ArrayList<>();
        List<CpuTimer.Task> tasks = new ArrayList<>();
        Map<String, Blas> row = new LinkedHashMap<>(backends);
        if ((double) s.m() * s.n() * s.k() > Math.pow(scalarMax, 3)) {
            row.remove("scalar");
        }
        for (Map.Entry<String, Blas> e : row.entrySet()) {
            keys.add(gemmKey(op, s, e.getKey()));
            flops.add(s.flops());
            tasks.add(s.task(e.getValue(), op.equals("dgemm"), 42));
        }
        return timer.time(keys, flops, tasks);
    }
}
