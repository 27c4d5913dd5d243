package org.teachingrnns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.perf.BenchSuite;
import org.teachingrnns.rnn.perf.BpttCase;
import org.teachingrnns.rnn.perf.GemmShape;
import org.teachingrnns.rnn.perf.Ratio;
import org.teachingrnns.rnn.perf.Timing;

/**
 * The performance guard run by {@code mvn verify} (PerfGuardTest): one short run of {@link BenchSuite} (thread CPU
 * time, best of alternating rounds), then ratios that hold on any machine, whatever its absolute speed, checked
 * against the minimums committed in {@code bench/perf-guard.thresholds}. The ratios: the vector kernels against the
 * scalar loops at n = 256, float against double on the vector kernels, and a BPTT epoch's GFLOP/s against the
 * machine's measured dgemm GFLOP/s (its efficiency). The README says how the minimums were chosen.
 */
public final class PerfGuard {

    /** A minimum for one ratio key of {@link Ratio#of}. */
    public record Threshold(String key, double min) {
    }

    private PerfGuard() {
    }

    /**
     * Reads {@code key >= min} lines; {@code #} starts a comment. A malformed line is an error that names it, so a
     * typo cannot switch a check off silently.
     */
    public static List<Threshold> load(Path file) throws IOException {
        List<Threshold> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNo++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split("\\s*>=\\s*");
            try {
                if (p.length != 2 || p[0].isBlank()) {
                    throw new NumberFormatException();
                }
                out.add(new Threshold(p[0], Double.parseDouble(p[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'ratio-key >= number', got '" + raw + "'");
            }
        }
        return out;
    }

    /** The short run: dgemm and sgemm at n = 256, the default and hidden-256 BPTT epochs; 5 rounds. */
    public static BenchSuite suite() {
        long ms = 1_000_000L;
        return new BenchSuite(List.of(new GemmShape(256, 256, 256)), List.of(), List.of("dgemm", "sgemm"), 256,
                List.of(BpttCase.DEFAULT, BpttCase.H256), List.of(), 150 * ms, 20 * ms, 5);
    }

    /** The backends measured by default: scalar, vector and (where it loads) openblas. */
    public static Map<String, Blas> backends() {
        Map<String, Blas> m = new LinkedHashMap<>();
        for (String name : List.of("scalar", "vector", "openblas")) {
            try {
                m.put(name, Blas.of(name));
            } catch (RuntimeException | LinkageError e) {
                System.err.println("perf guard: " + name + " not measured: " + e.getMessage());
            }
        }
        return m;
    }

    /** Runs the suite on the backends and returns its timings. */
    public static List<Timing> measure(BenchSuite suite, Map<String, Blas> backends) {
        return suite.run(backends, (done, total, what) -> { });
    }

    /** One line per threshold that a ratio breaks or that has no ratio; empty when all hold. */
    public static List<String> violations(List<Ratio> ratios, List<Threshold> thresholds) {
        Map<String, Ratio> byKey = new LinkedHashMap<>();
        for (Ratio r : ratios) {
            byKey.put(r.key(), r);
        }
        List<String> out = new ArrayList<>();
        for (Threshold t : thresholds) {
            Ratio r = byKey.get(t.key());
            if (r == null) {
                out.add(t.key() + ": not measured (the run has " + byKey.keySet() + ")");
            } else if (!(r.value() >= t.min())) {
                out.add(String.format(java.util.Locale.ROOT, "%s = %.3f, below the minimum %.3f (spread %.0f%%)",
                        t.key(), r.value(), t.min(), 100 * r.spread()));
            }
        }
        return out;
    }
}
