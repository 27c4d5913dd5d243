package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCommandTest {

    @TempDir
    Path dir;

    /**
     * One input, one hidden unit, one output, linear, no biases: W_ih = a = 0.5, W_hh = w = 0.8, W_ho = c = 2,
     * inputs x = (1, 0), targets (1.5, 0). By hand: h_0 = a = 0.5, h_1 = w h_0 = 0.4; outputs 1.0 and 0.8;
     * errors e = (-0.5, 0.8); loss = (0.25 + 0.64) / 2 = 0.445. dL/dy_t = e_t (2 e_t / 2 terms).
     * dL/dc = e_0 h_0 + e_1 h_1 = 0.07; dL/dh_1 = c e_1 = 1.6; dL/dh_0 = c e_0 + w dL/dh_1 = 0.28;
     * dL/dw = dL/dh_1 h_0 = 0.8; dL/da = dL/dh_0 x_0 + dL/dh_1 x_1 = 0.28.
     */
    static final String TINY = """
            {"activation": "linear", "washout": %d, "comment": "extra keys are ignored",
             "W_ih": [[0.5]], "W_hh": [[0.8]], "W_ho": [[2.0]],
             "inputs": [[[1.0], [0.0]]], "targets": [[[1.5], [0.0]]]}
            """;

    @Test
    void goldenTinyLinearModelComputedByHand() throws IOException {
        JsonNode r = grad(TINY.formatted(0));
        assertEquals(0.445, r.get("loss").doubleValue(), 1e-15);
        JsonNode g = r.get("grad");
        assertEquals(List.of("W_ih", "W_hh", "W_ho"), keys(g), "no bias entries for a model without biases");
        assertEquals(0.28, g.get("W_ih").get(0).get(0).doubleValue(), 1e-15);
        assertEquals(0.8, g.get("W_hh").get(0).get(0).doubleValue(), 1e-15);
        assertEquals(0.07, g.get("W_ho").get(0).get(0).doubleValue(), 1e-15);
    }

    @Test
    void goldenWithWashoutOne() throws IOException {
        // Only step 1 counts: loss = e_1^2 = 0.64, dL/dy_1 = 2 e_1 = 1.6; dc = 1.6 h_1 = 0.64; dh_1 = 3.2;
        // dw = 3.2 h_0 = 1.6; dh_0 = 3.2 w = 2.56; da = 2.56.
        JsonNode r = grad(TINY.formatted(1));
        assertEquals(0.64, r.get("loss").doubleValue(), 1e-15);
        assertEquals(2.56, r.get("grad").get("W_ih").get(0).get(0).doubleValue(), 1e-14);
        assertEquals(1.6, r.get("grad").get("W_hh").get(0).get(0).doubleValue(), 1e-14);
        assertEquals(0.64, r.get("grad").get("W_ho").get(0).get(0).doubleValue(), 1e-15);
    }

    @Test
    void goldenTruncatedAtOneStep() throws IOException {
        // k = 1: each loss term's error reaches only its own step's pre-activation. dW_ih = c e_0 x_0 + c e_1 x_1 = -1;
        // dW_hh = c e_1 h_0 = 0.8 (step 0 sees h_{-1} = 0); dW_ho is unchanged (no recurrence in the readout).
        Path f = dir.resolve("m.json");
        Files.writeString(f, TINY.formatted(0));
        Cli c = Cli.run("grad", "--input", f.toString(), "--truncation", "1");
        assertEquals(0, c.code(), c.err());
        JsonNode g = Json.MAPPER.readTree(c.out()).get("grad");
        assertEquals(-1.0, g.get("W_ih").get(0).get(0).doubleValue(), 1e-15);
        assertEquals(0.8, g.get("W_hh").get(0).get(0).doubleValue(), 1e-15);
        assertEquals(0.07, g.get("W_ho").get(0).get(0).doubleValue(), 1e-15);
    }

    @Test
    void biasesAppearWhenPresentAndMatchTheirHandValues() throws IOException {
        // Same tiny model with b_h = 0 and b_o = 0: the bias gradients are dL/dh summed over steps and e summed.
        String json = """
                {"activation": "linear", "W_ih": [[0.5]], "W_hh": [[0.8]], "W_ho": [[2.0]], "b_h": [0.0], "b_o": [0.0],
                 "inputs": [[[1.0], [0.0]]], "targets": [[[1.5], [0.0]]]}
                """;
        JsonNode r = grad(json);
        assertEquals(List.of("W_ih", "W_hh", "W_ho", "b_h", "b_o"), keys(r.get("grad")));
        assertEquals(0.28 + 1.6, r.get("grad").get("b_h").get(0).doubleValue(), 1e-14);
        assertEquals(-0.5 + 0.8, r.get("grad").get("b_o").get(0).doubleValue(), 1e-15);
    }

    @Test
    void overflowIsWrittenAsNullWithAWarningAndStaysValidJson() throws IOException {
        Path f = dir.resolve("huge.json");
        Files.writeString(f, """
                {"activation": "linear", "W_ih": [[1e200]], "W_hh": [[1e200]], "W_ho": [[1e200]],
                 "inputs": [[[1e200], [1e200]]], "targets": [[[0], [0]]]}
                """);
        Cli r = Cli.run("grad", "--input", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertTrue(j.get("loss").isNull(), r.out());
        assertTrue(r.err().contains("non-finite values (NaN or infinity) were written as null"), r.err());
    }

    @Test
    void badModelsAreOneLineStatusTwo() throws IOException {
        String base = "\"activation\": \"linear\", \"inputs\": [[[1.0], [0.0]]], \"targets\": [[[1.5], [0.0]]]";
        assertBad("{" + base + ", \"W_ih\": [[0.5]], \"W_hh\": [[0.8, 1]], \"W_ho\": [[2.0]]}", "W_hh");
        assertBad("{" + base + ", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]]}", "'W_ho' is missing");
        assertBad("{" + base + ", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0, 1.0]]}", "W_ho");
        assertBad("{" + base + ", \"W_ih\": [[0.5, 1]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0]]}", "inputs have 1 features");
        assertBad("{" + base + ", \"W_ih\": [[0.5]], \"W_hh\": [[\"x\"]], \"W_ho\": [[2.0]]}", "W_hh[0][0] must be a number");
        assertBad("{" + base + ", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0]], \"b_h\": [1, 2]}", "b_h");
        assertBad("{" + base + ", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0]], \"washout\": 2}", "washout 2 must be less than");
        assertBad("{" + base + ", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0]], \"washout\": 0.5}", "washout must be a whole number");
        assertBad("{\"activation\": \"sigmoid\", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0]]}", "unknown activation 'sigmoid'");
        assertBad("{\"activation\": \"linear\", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0]]}", "'inputs' and 'targets' are required");
        assertBad("{\"activation\": \"linear\", \"W_ih\": [[0.5]], \"W_hh\": [[0.8]], \"W_ho\": [[2.0]], \"inputs\": [[[1.0], [0.0]]], \"targets\": [[[1.5]]]}",
                "time steps");
        assertBad("[1, 2]", "expected a JSON object");
        assertBad("{\"activation\": \"linear\", \"W_ih\": [[0.5]],", "malformed JSON");
    }

    @Test
    void missingFileAndNegativeTruncationAndMissingFlag() throws IOException {
        Cli r = Cli.run("grad", "--input", dir.resolve("nope.json").toString()).assertBadInput();
        assertTrue(r.err().contains("no such file"), r.err());
        Path f = dir.resolve("m.json");
        Files.writeString(f, TINY.formatted(0));
        Cli.run("grad", "--input", f.toString(), "--truncation", "-1").assertBadInput();
        Cli.run("grad").assertBadInput();
        Cli.run("grad", "--input", dir.toString()).assertBadInput();
    }

    private void assertBad(String json, String expectedFragment) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".json");
        Files.writeString(f, json);
        Cli r = Cli.run("grad", "--input", f.toString()).assertBadInput();
        assertTrue(r.err().contains(expectedFragment), () -> "expected '" + expectedFragment + "' in: " + r.err());
        assertTrue(r.err().contains(f.toString()), () -> "the message names the file: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private JsonNode grad(String json) throws IOException {
        Path f = Files.createTempFile(dir, "model", ".json");
        Files.writeString(f, json);
        Cli r = Cli.run("grad", "--input", f.toString());
        assertEquals(0, r.code(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
