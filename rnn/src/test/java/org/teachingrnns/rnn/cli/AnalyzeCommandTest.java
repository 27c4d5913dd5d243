package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

    @TempDir
    Path dir;

    Path model;

    /** W_hh is a rotation-scaling with eigenvalues 0.5 +- 0.3i and a real 3rd eigenvalue -0.9. */
    @BeforeEach
    void writeModel() throws IOException {
        model = dir.resolve("model.json");
        Files.writeString(model, """
                {"activation": "tanh", "washout": 3, "inputs": "ignored: not needed by analyze",
                 "W_ih": [[1.0], [0.0], [0.0]],
                 "W_hh": [[0.5, -0.3, 0.0], [0.3, 0.5, 0.0], [0.0, 0.0, -0.9]],
                 "W_ho": [[1.0, 0.5, 0.25]], "b_h": [0.1, 0.2, 0.3]}
                """);
    }

    @Test
    void eigenvaluesAndSpectralRadius() throws IOException {
        Cli r = Cli.run("analyze", "--model", model.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(0.9, j.get("spectral_radius").doubleValue(), 1e-12);
        assertEquals(3, j.get("eigenvalues").size());
        int complexPairs = 0;
        for (JsonNode e : j.get("eigenvalues")) {
            if (Math.abs(e.get(1).doubleValue()) > 1e-9) {
                assertEquals(0.5, e.get(0).doubleValue(), 1e-12);
                assertEquals(0.3, Math.abs(e.get(1).doubleValue()), 1e-12);
                complexPairs++;
            } else {
                assertEquals(-0.9, e.get(0).doubleValue(), 1e-12);
            }
        }
        assertEquals(2, complexPairs);
        assertFalse(j.has("matching"), "no matching without poles");
        assertFalse(j.has("lyapunov"), "Lyapunov spectra are not computed yet, so not reported");
    }

    @Test
    void matchingAgainstPolesAndAgainstATeacher() throws IOException {
        Cli r = Cli.run("analyze", "--model", model.toString(), "--json", "--poles", "0.5,0.31;0.5,-0.31;0.2");
        assertEquals(0, r.code(), r.err());
        JsonNode m = Json.MAPPER.readTree(r.out()).get("matching");
        assertEquals(2, m.get("optimal").get("aligned").intValue(), "0.01 apart twice; 0.2 vs -0.9 is not aligned");
        assertEquals(2, m.get("greedy").get("aligned").intValue());
        assertEquals((0.01 + 0.01 + 1.1) / 3, m.get("optimal").get("mean_distance").doubleValue(), 1e-9);
        assertEquals(0.05, m.get("optimal").get("threshold").doubleValue());

        Cli t = Cli.run("analyze", "--model", model.toString(), "--json", "--teacher-model", model.toString(), "--threshold", "1e-9");
        assertEquals(0, t.code(), t.err());
        assertEquals(3, Json.MAPPER.readTree(t.out()).get("matching").get("optimal").get("aligned").intValue());

        Cli text = Cli.run("analyze", "--model", model.toString(), "--poles", "0.5,0.3");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("spectral radius    0.9"), text.out());
        assertTrue(text.out().contains("optimal 1 of 1"), text.out());
    }

    @Test
    void badInput() throws IOException {
        Cli.run("analyze").assertBadInput();
        Cli.run("analyze", "--model", dir.resolve("nope.json").toString()).assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--poles", "0.5;x").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--poles", "0.5", "--teacher-model", model.toString()).assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--threshold", "-1").assertBadInput();
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"activation\": \"linear\", \"W_ih\": [[1]], \"W_hh\": [[1, 2]], \"W_ho\": [[1]]}");
        Cli r = Cli.run("analyze", "--model", bad.toString()).assertBadInput();
        assertTrue(r.err().contains("W_hh must be square"), r.err());
    }
}
