package org.teachingrnns.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ForwardingBlas;
import org.teachingrnns.rnn.perf.BenchSuite;
import org.teachingrnns.rnn.perf.GemmShape;
import org.teachingrnns.rnn.perf.Ratio;
import org.teachingrnns.rnn.perf.Timing;

/**
 * The performance guard of {@code mvn verify}: ratios from one short run (thread CPU time, best of alternating
 * rounds) against the minimums committed in bench/perf-guard.thresholds; and proof that it fails when a ratio
 * falls, with a fake "vector" backend that is the scalar loops underneath.
 */
class PerfGuardTest {

    /** Surefire runs in the module's directory. */
    private static final Path THRESHOLDS = Path.of("perf-guard.thresholds");

    @Test
    void committedRatiosHoldOnThisMachine() throws IOException {
        List<PerfGuard.Threshold> thresholds = PerfGuard.load(THRESHOLDS);
        assertTrue(thresholds.size() >= 5, thresholds.toString());
        Map<String, Blas> backends = PerfGuard.backends();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        List<Timing> timings = PerfGuard.measure(PerfGuard.suite(), backends);
        List<Ratio> ratios = Ratio.of(timings);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        StringBuilder report = new StringBuilder(String.format("perf guard, %.1f s wall, %.1f s thread CPU:%n", seconds, cpu));
        for (Ratio r : ratios) {
            report.append(String.format("  %-40s %8.3f  spread %.0f%%%n", r.key(), r.value(), 100 * r.spread()));
        }
        System.out.print(report);
        List<String> violations = PerfGuard.violations(ratios, thresholds);
        assertTrue(violations.isEmpty(), String.join("\n", violations) + "\n" + report);
    }

    @Test
    void aSlowVectorBackendFailsTheGuard() throws IOException {
        // "vector" is the scalar reference underneath: vector-over-scalar falls to about 1.
        Map<String, Blas> backends = new LinkedHashMap<>();
        backends.put("scalar", Blas.of("scalar"));
        backends.put("vector", new SlowBlas(Blas.of("scalar")));
        long ms = 1_000_000L;
        BenchSuite small = new BenchSuite(List.of(new GemmShape(96, 96, 96)), List.of(), List.of("dgemm"), 256,
                List.of(), List.of(), 50 * ms, 5 * ms, 3);
        List<Ratio> ratios = Ratio.of(PerfGuard.measure(small, backends));
        List<PerfGuard.Threshold> thresholds = List.of(new PerfGuard.Threshold("gemm/dgemm/96/vector-over-scalar",
                minimumFor("gemm/dgemm/256/vector-over-scalar")));
        List<String> violations = PerfGuard.violations(ratios, thresholds);
        assertEquals(1, violations.size(), ratios.toString());
        assertTrue(violations.get(0).contains("below the minimum"), violations.get(0));
        // The same check passes with the real vector kernels.
        backends.put("vector", Blas.of("vector"));
        List<Ratio> real = Ratio.of(PerfGuard.measure(small, backends));
        assertEquals(List.of(), PerfGuard.violations(real, thresholds), real.toString());
    }

    @Test
    void aMissingRatioIsAViolationAndAMalformedLineAnError(@TempDir Path dir) throws IOException {
        assertEquals(1, PerfGuard.violations(List.of(), List.of(new PerfGuard.Threshold("bptt/h256/efficiency", 0.1))).size());
        Path bad = dir.resolve("t");
        Files.writeString(bad, "# comment\ngemm/dgemm/256/vector-over-scalar >= 8\nbptt/h256/efficiency > 0.2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerfGuard.load(bad));
        assertTrue(e.getMessage().contains(":3:"), e.getMessage());
        Files.writeString(bad, "a >= 2 # why\n\n");
        assertEquals(List.of(new PerfGuard.Threshold("a", 2)), PerfGuard.load(bad));
        assertFalse(PerfGuard.violations(List.of(new Ratio("a", 2, 0)), PerfGuard.load(bad)).size() > 0);
        assertEquals(1, PerfGuard.violations(List.of(new Ratio("a", 1.99, 0)), PerfGuard.load(bad)).size());
    }

    private static double minimumFor(String key) throws IOException {
        return PerfGuard.load(THRESHOLDS).stream().filter(t -> t.key().equals(key)).findFirst().orElseThrow().min();
    }

    /** A backend named vector whose kernels are another backend's (the scalar loops): a regression to catch. */
    static final class SlowBlas extends ForwardingBlas {
        SlowBlas(Blas inner) {
            super(inner);
        }

        @Override
        public String name() {
            return "vector";
        }
    }
}
