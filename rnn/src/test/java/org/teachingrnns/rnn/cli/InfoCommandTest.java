package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {

    @TempDir
    Path dir;

    @Test
    void textNamesJdkSpeciesAndScalarBackend() {
        Cli r = Cli.run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("JDK         " + Runtime.version()), r.out());
        assertTrue(r.out().contains(System.getProperty("java.home")), r.out());
        // surefire runs with --add-modules jdk.incubator.vector, so the species must be reported
        assertTrue(r.out().contains("Vector API  preferred species: float "), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  scalar") && l.contains("available")), r.out());
        assertTrue(r.out().contains("auto        "), r.out());
        // What auto will do (OpenBLAS loaded and its thresholds decided, or why it cannot load), not "so far".
        String auto = r.out().lines().filter(l -> l.startsWith("auto        ")).findFirst().orElseThrow();
        assertFalse(auto.contains("so far"), auto);
        assertTrue(auto.contains("openblas for") || auto.contains("openblas unavailable"), auto);
    }

    @Test
    void jsonHasEveryKey() throws IOException {
        Cli r = Cli.run("info", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        for (String k : List.of("cpu", "jdk", "vector_species", "backends", "auto", "auto_calibration", "epoch_trials")) {
            assertTrue(n.has(k), k);
        }
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        assertEquals(lanes, n.get("vector_species").get("double").get("lanes").intValue());
        boolean scalarFound = false;
        for (JsonNode b : n.get("backends")) {
            if (b.get("name").asText().equals("scalar")) {
                scalarFound = b.get("available").booleanValue();
            }
        }
        assertTrue(scalarFound, r.out());
    }

    @Test
    void cpuinfoParsing() throws IOException {
        Path f = dir.resolve("cpuinfo");
        Files.writeString(f, "processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512vl amx_tile\n\nprocessor\t: 1\n");
        Map<String, Object> cpu = SystemInfo.cpu(f);
        assertEquals("Test CPU 9000", cpu.get("model"));
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512vl", "amx_tile"), cpu.get("simd"));
        Map<String, Object> none = SystemInfo.cpu(dir.resolve("absent"));
        assertTrue(none.get("model").toString().startsWith("unknown"), none.toString());
    }

    @Test
    void calibrationIsOffInTestsAndSaysSo() throws IOException {
        // The build sets TEACHINGRNNS_OPENBLAS_CALIBRATION=off for tests: nothing is measured or read.
        Cli r = Cli.run("info", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode cal = Json.MAPPER.readTree(r.out()).get("auto_calibration");
        assertTrue(cal.get("status").asText().startsWith("off"), cal.toString());
        assertTrue(cal.get("key").get("cpu").asText().contains("family"), cal.toString());
        assertTrue(cal.get("file").asText().contains("auto-calibration"), cal.toString());
        assertTrue(!cal.has("dgemm"), cal.toString());
        // and auto's epoch trials are off with it
        JsonNode trials = Json.MAPPER.readTree(r.out()).get("epoch_trials");
        assertTrue(trials.get("status").asText().startsWith("off"), trials.toString());
        assertTrue(!trials.has("workloads"), trials.toString());
        Cli text = Cli.run("info");
        assertTrue(text.out().contains("epoch trials off"), text.out());
    }

    @Test
    void epochTrialLines() {
        Map<String, Object> ms = new java.util.LinkedHashMap<>();
        ms.put("vector", 0.9895);
        ms.put("bands", 0.9988);
        ms.put("openblas", 0.7632);
        Map<String, Object> one = Map.of("workload", "float64 linear, inputs 1, hidden 16", "choice", "openblas",
                "ms_per_epoch", ms, "measured_at", "2026-11-30T19:02:31Z", "clock", "thread-cpu");
        StringWriter w = new StringWriter();
        InfoCommand.printEpochTrials(new PrintWriter(w), Map.of("directory", "/c/epoch-trials/abc", "workloads", List.of(one)));
        String out = w.toString();
        assertTrue(out.contains("epoch trials 1 cached in /c/epoch-trials/abc"), out);
        assertTrue(out.contains("  float64 linear, inputs 1, hidden 16: openblas (vector 0.9895, bands 0.9988, openblas 0.7632"
                + " ms per epoch, 2026-11-30T19:02:31Z)"), out);
        StringWriter empty = new StringWriter();
        InfoCommand.printEpochTrials(new PrintWriter(empty), Map.of("directory", "/d", "workloads", List.of()));
        assertTrue(empty.toString().contains("epoch trials 0 cached in /d (a run of hidden >= 16 under auto adds its own)"),
                empty.toString());
    }

    @Test
    void calibrateMeasuresBothTypesAndStoresTheResult() throws IOException {
        // Asked for explicitly: a real measurement (about a second), stored under a temporary cache root.
        String before = System.getProperty("teachingrnns.cache");
        System.setProperty("teachingrnns.cache", dir.toString());
        try {
            Cli r = Cli.run("info", "--calibrate", "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode cal = Json.MAPPER.readTree(r.out()).get("auto_calibration");
            String status = cal.get("status").asText();
            // On a busy machine OpenBLAS's calls can stay in C1's code while timed; then the result is used but not
            // stored (AutoCalibration.notStored), and the file is not written.
            assertTrue(status.equals("measured now") || status.startsWith("measured now; not stored: OpenBLAS's"),
                    cal.toString());
            if (status.equals("measured now")) {
                Path file = Path.of(cal.get("file").asText());
                assertTrue(file.startsWith(dir) && Files.isRegularFile(file), cal.toString());
                assertTrue(Files.readString(file).contains("dgemm.timings="), Files.readString(file));
            } else {
                assertTrue(cal.get("file").asText().endsWith(" (not written)"), cal.toString());
            }
            assertEquals("thread-cpu", cal.get("clock").asText());
            for (String type : List.of("dgemm", "sgemm")) {
                JsonNode t = cal.get(type);
                assertTrue(t.get("sizes").size() >= 1, t.toString());
                assertEquals(16, t.get("sizes").get(0).get("n").intValue());
                for (JsonNode row : t.get("sizes")) {
                    assertTrue(row.get("java_gflops").doubleValue() > 0 && row.get("openblas_gflops").doubleValue() > 0,
                            row.toString());
                }
                // Every size is measured (each stands for a band of m*n*k), and each goes where the ranges say:
                // to OpenBLAS exactly when OpenBLAS led there by the margin.
                assertEquals(11, t.get("sizes").size(), t.toString());
                double margin = cal.get("margin").doubleValue();
                for (JsonNode row : t.get("sizes")) {
                    boolean wins = row.get("java_gflops").doubleValue() * (1 + margin)
                            <= row.get("openblas_gflops").doubleValue() * 1.0001;
                    boolean nearMargin = Math.abs(row.get("speedup").doubleValue() - (1 + margin)) < 0.01;
                    assertTrue(nearMargin || wins == row.get("auto").asText().equals("openblas"), row.toString());
                    long cube = (long) Math.pow(row.get("n").intValue(), 3);
                    boolean inRanges = false;
                    for (JsonNode range : t.get("openblas_mnk")) {
                        inRanges |= cube >= range.get(0).longValue() && (range.get(1).isNull() || cube < range.get(1).longValue());
                    }
                    assertEquals(row.get("auto").asText().equals("openblas"), inRanges, t.toString());
                }
                assertEquals(t.get("openblas_mnk").isEmpty(), t.get("openblas").asText().equals("never"), t.toString());
            }
            // The text form runs too (calibration is off again for auto in tests, so it says so).
            Cli text = Cli.run("info");
            assertTrue(text.out().contains("calibration off"), text.out());
        } finally {
            if (before == null) {
                System.clearProperty("teachingrnns.cache");
            } else {
                System.setProperty("teachingrnns.cache", before);
            }
        }
    }

    @Test
    void calibrationTable() {
        Map<String, Object> row = Map.of("n", 64, "java_gflops", 61.5, "openblas_gflops", 70.8, "speedup", 1.15,
                "auto", "openblas");
        Map<String, Object> level = Map.of("n", 96, "java_gflops", 70.0, "openblas_gflops", 70.8, "speedup", 1.01,
                "auto", "java");
        Map<String, Object> dgemm = Map.of("openblas", "m*n*k in [55^3, 78^3)", "sizes", List.of(row, level));
        Map<String, Object> sgemm = Map.of("openblas", "never", "sizes", List.of(level));
        Map<String, Object> cal = new java.util.LinkedHashMap<>();
        cal.put("status", "cached");
        cal.put("file", "/c/auto-calibration/abc.properties");
        cal.put("key", Map.of("cpu", "Test CPU"));
        cal.put("measured_at", "2026-11-30T09:25:18Z");
        cal.put("clock", "thread-cpu");
        cal.put("seconds", 0.67);
        cal.put("margin", 0.05);
        cal.put("dgemm", dgemm);
        cal.put("sgemm", sgemm);
        StringWriter w = new StringWriter();
        InfoCommand.printCalibration(new PrintWriter(w), cal);
        String out = w.toString();
        assertTrue(out.contains("calibration cached"), out);
        assertTrue(out.contains("/c/auto-calibration/abc.properties"), out);
        assertTrue(out.contains("key cpu          Test CPU"), out);
        assertTrue(out.contains("2026-11-30T09:25:18Z, thread-cpu clock, 0.67 s, OpenBLAS must lead by 5%"), out);
        assertTrue(out.contains("dgemm     to OpenBLAS: m*n*k in [55^3, 78^3)"), out);
        assertTrue(out.contains("sgemm     to OpenBLAS: never"), out);
        assertTrue(out.contains("    64           61.5               70.8                        1.15   openblas"), out);
        assertTrue(out.contains("    96           70.0               70.8                        1.01   java"), out);
    }
}
