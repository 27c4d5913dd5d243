package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
    }

    @Test
    void jsonHasEveryKey() throws IOException {
        Cli r = Cli.run("info", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        for (String k : List.of("cpu", "jdk", "vector_species", "backends", "auto")) {
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
}
