package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dtype float32} on the commands that take it: run (and so sweep's points), gradcheck, grad. */
class Float32CommandsTest {

    @TempDir
    Path dir;

    @Test
    void runInFloat32ReportsTheDtypeAndTrainsFloatWeights() throws IOException {
        Cli r = RunCommandTest.run(RunCommandTest.small(dir.resolve("f"), "--dtype", "float32", "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals("float32", j.get("dtype").asText());
        assertEquals("float32", j.get("config").get("dtype").asText());
        for (JsonNode row : j.get("student").get("W_hh")) {
            for (JsonNode v : row) {
                assertEquals((double) (float) v.doubleValue(), v.doubleValue(), 0.0, "a float32 weight");
            }
        }
        JsonNode d = Json.MAPPER.readTree(RunCommandTest.run(RunCommandTest.small(dir.resolve("d"), "--json")).out());
        assertEquals("float64", d.get("dtype").asText());
        assertNotEquals(d.get("train_loss"), j.get("train_loss"));
        assertEquals(d.get("train_loss").doubleValue(), j.get("train_loss").doubleValue(), 1e-2 * d.get("train_loss").doubleValue());
    }

    @Test
    void gradcheckInFloat32PassesAndPrintsTheFloatTable() {
        Cli r = Cli.run("gradcheck", "--dtype", "float32", "--seed", "3", "--hidden", "3", "--length", "5");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("12 of 12 cases passed"), r.out());
        assertTrue(r.out().contains("float32 against float64"), r.out());
        Cli.run("gradcheck", "--dtype", "float16").assertBadInput();
        Cli.run("run", "--dtype", "double").assertBadInput();
    }

    @Test
    void gradInFloat32PrintsFloatValues() throws IOException {
        Path f = dir.resolve("tiny.json");
        Files.writeString(f, GradCommandTest.TINY.formatted(0));
        Cli r = Cli.run("grad", "--input", f.toString(), "--dtype", "float32");
        assertEquals(0, r.code(), r.err());
        JsonNode g = Json.MAPPER.readTree(r.out()).get("grad");
        // The hand values of GradCommandTest, now to float precision, and each a float.
        double[] hand = {0.28, 0.8, 0.07};
        String[] keys = {"W_ih", "W_hh", "W_ho"};
        for (int i = 0; i < 3; i++) {
            double v = g.get(keys[i]).get(0).get(0).doubleValue();
            assertEquals(hand[i], v, 1e-7, keys[i]);
            assertEquals((double) (float) v, v, 0.0, keys[i] + " is a float");
        }
    }
}
