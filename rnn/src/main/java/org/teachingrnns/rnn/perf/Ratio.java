package org.teachingrnns.rnn.perf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ratio of two timings of one run, which holds across machines better than either timing: the speed-up of one
 * backend over another at one shape, of float over double, or a BPTT epoch's GFLOP/s over the machine's best
 * measured dgemm GFLOP/s (its efficiency; sgemm's for a float32 case, {@code <case>-f32}), and a float32 epoch's
 * speed-up over the float64 one. {@code spread} is the sum of both timings' spreads, the noise of the ratio. Keys:
 * {@code gemm/<op>/<shape>/<backend>-over-<backend>}, {@code gemm/<shape>/<backend>/sgemm-over-dgemm},
 * {@code bptt/<case>/efficiency}, {@code bptt/<case>/f32-over-f64}.
 */
public record Ratio(String key, double value, double spread) {

    /** Every ratio the timings allow. */
    public static List<Ratio> of(List<Timing> timings) {
        Map<String, Timing> byKey = new HashMap<>();
        for (Timing t : timings) {
            byKey.put(t.key(), t);
        }
        List<Ratio> out = new ArrayList<>();
        String[][] pairs = {{"vector", "scalar"}, {"vector", "openblas"}, {"openblas", "scalar"}};
        Timing bestSquare = null; // the best dgemm GFLOP/s at the largest square size measured: the machine's GEMM speed
        int bestN = 0;
        Timing bestSquareS = null; // the same for sgemm
        int bestNS = 0;
        for (Timing t : timings) {
            String[] k = t.key().split("/");
            if (!k[0].equals("gemm")) {
                continue;
            }
            String op = k[1], shape = k[2], backend = k[3];
            if (backend.equals(pairs[0][0]) || backend.equals("openblas")) {
                for (String[] p : pairs) {
                    if (p[0].equals(backend)) {
                        Timing other = byKey.get("gemm/" + op + "/" + shape + "/" + p[1]);
                        if (other != null) {
                            out.add(speedup("gemm/" + op + "/" + shape + "/" + p[0] + "-over-" + p[1], t, other));
                        }
                    }
                }
            }
            if (op.equals("sgemm")) {
                Timing d = byKey.get("gemm/dgemm/" + shape + "/" + backend);
                if (d != null) {
                    out.add(speedup("gemm/" + shape + "/" + backend + "/sgemm-over-dgemm", t, d));
                }
            }
            if (op.equals("dgemm") && !shape.contains("x") && !backend.equals("scalar")) {
                int n = Integer.parseInt(shape);
                if (n > bestN || (n == bestN && t.gflops() > bestSquare.gflops())) {
                    bestN = n;
                    bestSquare = t;
                }
            }
            if (op.equals("sgemm") && !shape.contains("x") && !backend.equals("scalar")) {
                int n = Integer.parseInt(shape);
                if (n > bestNS || (n == bestNS && t.gflops() > bestSquareS.gflops())) {
                    bestNS = n;
                    bestSquareS = t;
                }
            }
        }
        for (Timing t : timings) {
            if (!t.key().startsWith("bptt/")) {
                continue;
            }
            boolean f32 = t.key().endsWith("-f32");
            Timing peak = f32 ? bestSquareS : bestSquare;
            if (peak != null) {
                out.add(new Ratio(t.key() + "/efficiency", t.gflops() / peak.gflops(), t.spread() + peak.spread()));
            }
            Timing f64 = f32 ? byKey.get(t.key().substring(0, t.key().length() - 4)) : null;
            if (f64 != null) {
                out.add(speedup(t.key() + "/f32-over-f64", t, f64));
            }
        }
        return out;
    }

    /** How many times faster {@code fast} ran than {@code slow} (best rounds). */
    private static Ratio speedup(String key, Timing fast, Timing slow) {
        return new Ratio(key, slow.minNanos() / fast.minNanos() * (fast.flops() / slow.flops()),
                fast.spread() + slow.spread());
    }
}
