package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;

class BenchCommandTest {

    /** One short run shared by the tests: two sizes, one shape, one BPTT case, one decomposition size. */
    private static Cli run;
    private static JsonNode json;

    @BeforeAll
    static void shortRun() throws IOException {
        run = Cli.run("bench", "--quick", "--sizes", "8,12", "--shapes", "5x8x3,4x4x3000:NT", "--bptt", "default", "--linalg", "5",
                "--rounds", "2", "--json", "-");
        assertEquals(0, run.code(), run.err());
        json = Json.MAPPER.readTree(run.out());
    }

    @Test
    void jsonDescribesTheMachine() {
        JsonNode m = json.get("machine");
        assertEquals("teach-bench/1", json.get("format").asText());
        for (String key : new String[] {"cpu_model", "cpu_family", "cpu_model_number", "simd", "logical_cpus", "jdk",
                "vector_bits", "openblas_version", "openblas_core", "backends"}) {
            assertTrue(m.has(key), key + " missing in " + m);
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), m.get("logical_cpus").intValue());
        assertTrue(m.get("jdk").asText().startsWith(Runtime.version().toString()), m.toString());
        if (Files.isReadable(Path.of("/proc/cpuinfo"))) {
            assertTrue(m.get("cpu_family").isInt() && m.get("cpu_model_number").isInt(), m.toString());
        }
        if (m.get("backends").has("openblas")) {
            assertTrue(m.get("openblas_version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), m.toString());
            assertFalse(m.get("openblas_core").asText().isBlank(), m.toString());
        }
    }

    @Test
    void jsonHasEveryTimingOfEveryBackendThatLoads() {
        Set<String> keys = new HashSet<>();
        for (JsonNode t : json.get("timings")) {
            keys.add(t.get("key").asText());
            double min = t.get("min_ns").doubleValue();
            double median = t.get("median_ns").doubleValue();
            assertTrue(min > 0 && median >= min, t.toString());
            assertTrue(t.get("rounds").intValue() >= 2, t.toString());
            if (t.get("flops").doubleValue() > 0) {
                assertEquals(t.get("flops").doubleValue() / min, t.get("gflops").doubleValue(), 1e-9 * t.get("gflops").doubleValue());
            }
        }
        for (String name : Blas.names()) {
            if (name.equals("auto") || !loads(name)) {
                continue;
            }
            for (String op : new String[] {"dgemm", "sgemm"}) {
                assertTrue(keys.contains("gemm/" + op + "/8/" + name) && keys.contains("gemm/" + op + "/12/" + name), keys.toString());
            }
            assertTrue(keys.contains("gemm/dgemm/5x8x3/" + name), keys.toString());
            assertTrue(keys.contains("gemm/dgemm/4x4x3000:NT/" + name), keys.toString());
        }
        assertTrue(keys.containsAll(Set.of("bptt/default", "linalg/eigvals/5", "linalg/eig/5", "linalg/qr/5", "linalg/qr-r/5")),
                keys.toString());
        // bptt FLOPs: the default experiment's epoch (hidden 5, batch 80, length 150) is 2.28 M (README); its Blas is
        // the compute's (hidden 5 has no epoch trial), auto's in this run.
        for (JsonNode t : json.get("timings")) {
            if (t.get("key").asText().equals("bptt/default")) {
                assertEquals(2.28e6, t.get("flops").doubleValue(), 0.01e6);
                assertEquals("auto", t.get("blas").asText(), t.toString());
            } else {
                assertFalse(t.has("blas"), "only BPTT rows name their Blas: " + t);
            }
        }
        // The progress on stderr reached its end: 2 sizes x 2 ops + 2 shapes + BPTT + 1 linalg size = 8 groups.
        assertTrue(run.err().contains("bench 8/8 (100%)"), run.err());
    }

    @Test
    void ratiosFollowFromTheTimings() {
        JsonNode vs = null;
        for (JsonNode r : json.get("ratios")) {
            if (r.get("key").asText().equals("gemm/dgemm/12/vector-over-scalar")) {
                vs = r;
            }
        }
        if (!loads("vector")) {
            return;
        }
        assertTrue(vs != null, json.get("ratios").toString());
        double vector = 0, scalar = 0;
        for (JsonNode t : json.get("timings")) {
            if (t.get("key").asText().equals("gemm/dgemm/12/vector")) {
                vector = t.get("min_ns").doubleValue();
            } else if (t.get("key").asText().equals("gemm/dgemm/12/scalar")) {
                scalar = t.get("min_ns").doubleValue();
            }
        }
        assertEquals(scalar / vector, vs.get("value").doubleValue(), 1e-12 * scalar / vector);
    }

    @Test
    void compareMarksOnlyWhatMovedBeyondNoise(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.json");
        Files.writeString(a, run.out());
        // The same run against itself: every change is 1, nothing moved.
        Cli same = Cli.run("bench", "compare", a.toString(), a.toString());
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("0 of "), same.out());
        assertFalse(same.out().contains("* faster") || same.out().contains("* slower"), same.out());
        // B: the BPTT epoch 3x slower, with both runs' rounds tight (spread 1%): that row, and only that timing, moves.
        ObjectNode b = (ObjectNode) Json.MAPPER.readTree(run.out());
        int timings = 0;
        for (JsonNode t : b.get("timings")) {
            ObjectNode o = (ObjectNode) t;
            timings++;
            double min = o.get("min_ns").doubleValue();
            if (o.get("key").asText().equals("bptt/default")) {
                min *= 3;
            }
            o.put("min_ns", min);
            o.put("median_ns", min * 1.01);
        }
        Path bPath = dir.resolve("b.json");
        Files.writeString(bPath, Json.MAPPER.writeValueAsString(b));
        ObjectNode a2 = (ObjectNode) Json.MAPPER.readTree(run.out());
        for (JsonNode t : a2.get("timings")) {
            ((ObjectNode) t).put("median_ns", t.get("min_ns").doubleValue() * 1.01);
        }
        Path aPath = dir.resolve("a2.json");
        Files.writeString(aPath, Json.MAPPER.writeValueAsString(a2));
        Cli c = Cli.run("bench", "compare", aPath.toString(), bPath.toString());
        assertEquals(0, c.code(), c.err());
        String bpttLine = c.out().lines().filter(l -> l.startsWith("bptt/default ")).findFirst().orElseThrow();
        assertTrue(bpttLine.contains("0.333") && bpttLine.contains("* slower"), c.out());
        long movedTimings = c.out().lines().filter(l -> !l.startsWith("bptt/default ") && !l.contains("efficiency")
                && (l.contains("* faster") || l.contains("* slower"))).count();
        assertEquals(0, movedTimings, c.out());
        assertTrue(timings > 5);
        assertFalse(c.out().contains("ran on different Blas"), "both ran bptt/default on auto: " + c.out());
        // B's BPTT case on another Blas: said after the table.
        for (JsonNode t : b.get("timings")) {
            if (t.get("key").asText().equals("bptt/default")) {
                ((ObjectNode) t).put("blas", "openblas");
            }
        }
        Files.writeString(bPath, Json.MAPPER.writeValueAsString(b));
        Cli other = Cli.run("bench", "compare", aPath.toString(), bPath.toString());
        assertEquals(0, other.code(), other.err());
        assertTrue(other.out().contains("bptt/default ran on different Blas: A auto, B openblas"), other.out());
    }

    @Test
    void theBpttTableNamesEachCasesBlas() {
        Cli r = Cli.run("bench", "--only", "bptt", "--bptt", "default", "--rounds", "1", "--quick", "--backend", "vector");
        assertEquals(0, r.code(), r.err());
        String header = r.out().lines().filter(l -> l.startsWith("case ")).findFirst().orElseThrow();
        String row = r.out().lines().filter(l -> l.startsWith("default ")).findFirst().orElseThrow();
        assertTrue(header.contains(" Blas "), header);
        assertEquals(header.indexOf(" Blas ") + 1, row.indexOf(" vector ") + 1, "the Blas column: " + header + "\n" + row);
    }

    @Test
    void jsonFileAndTablesTogether(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("run.json");
        Cli r = Cli.run("bench", "--only", "linalg", "--linalg", "4", "--rounds", "1", "--quick", "--json", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Decompositions, microseconds per call"), r.out());
        JsonNode j = Json.MAPPER.readTree(Files.readString(f));
        assertEquals(4, j.get("timings").size(), j.toString());
        assertEquals(0, j.get("ratios").size(), j.toString());
    }

    @Test
    void badInput(@TempDir Path dir) throws IOException {
        Cli.run("bench", "--sizes", "0").assertBadInput();
        Cli.run("bench", "--sizes", "x").assertBadInput();
        Cli.run("bench", "--sizes", "4x5").assertBadInput();
        Cli.run("bench", "--shapes", "5x5x5:NX").assertBadInput();
        Cli.run("bench", "--shapes", "4097x4096x4096").assertBadInput();
        Cli.run("bench", "--bptt", "h1000").assertBadInput();
        Cli.run("bench", "--only", "everything").assertBadInput();
        Cli.run("bench", "--rounds", "0").assertBadInput();
        Cli.run("bench", "--ops", "zgemm").assertBadInput();
        Cli.run("bench", "--backends", "nope").assertBadInput();
        Cli.run("bench", "compare", dir.resolve("missing.json").toString(), dir.resolve("missing.json").toString())
                .assertBadInput();
        Path notBench = dir.resolve("x.json");
        Files.writeString(notBench, "{\"loss\": 1}");
        Cli.run("bench", "compare", notBench.toString(), notBench.toString()).assertBadInput();
        Files.writeString(notBench, "{\"format\": \"teach-bench/1\", \"timings\": [{\"key\": 3}]}");
        Cli.run("bench", "compare", notBench.toString(), notBench.toString()).assertBadInput();
        Cli.run("bench", "compare", "--margin", "-1", notBench.toString(), notBench.toString()).assertBadInput();
    }

    private static boolean loads(String name) {
        try {
            Blas.of(name);
            return true;
        } catch (BackendUnavailableException | LinkageError e) {
            return false;
        }
    }
}
