package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Loss and BPTT gradients of {@code teach grad} against PyTorch's autograd in float64, through
 * {@code bench/scripts/torch_reference.py compare-grad}, on seeded random models (linear, tanh and relu, with and
 * without biases, several shapes, a washout). The script runs {@code teach grad} as a child JVM on this test's
 * class path, so the code under test is the code just compiled.
 *
 * <p>Skipped (not failed) when {@code /usr/bin/python3} (or {@code -Dteachingrnns.python}) cannot import torch, so the suite stays green on machines
 * without it; on Debian {@code apt-get install python3-torch python3-numpy python3-scipy} enables it.
 */
class TorchReferenceTest {

    /** Debian's interpreter (a pyenv python3 on PATH does not see python3-torch); -Dteachingrnns.python overrides. */
    private static final Path PYTHON = Path.of(System.getProperty("teachingrnns.python", "/usr/bin/python3"));
    private static final double TOLERANCE = 1e-10;

    @TempDir
    Path dir;

    /** Assumes torch is there (in the test method, so surefire reports the skip and its reason). */
    private static void assumeTorch() throws InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " is not installed");
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "skipped: " + PYTHON + " cannot import torch and numpy "
                + "(Debian: apt-get install python3-torch python3-numpy python3-scipy)");
    }

    @Test
    void gradientsMatchTorchAutogradOnRandomModels() throws Exception {
        assumeTorch();
        SplittableRandom rng = new SplittableRandom(20261129);
        List<String> files = new ArrayList<>();
        // activation, input, hidden, output, b_h, b_o, batch, time, washout
        Object[][] cases = {
            {Activation.LINEAR, 1, 5, 1, false, false, 4, 30, 10},   // the notebook's student
            {Activation.LINEAR, 2, 4, 3, true, true, 3, 17, 0},
            {Activation.TANH, 1, 5, 1, false, false, 3, 25, 5},
            {Activation.TANH, 3, 6, 2, true, true, 2, 20, 3},
            {Activation.RELU, 2, 5, 1, true, false, 3, 15, 2},
            {Activation.RELU, 1, 3, 2, false, true, 4, 12, 0},
        };
        for (int i = 0; i < cases.length; i++) {
            Object[] c = cases[i];
            Activation f = (Activation) c[0];
            int in = (int) c[1];
            int hid = (int) c[2];
            int out = (int) c[3];
            RnnModel m = RandomModels.model(rng, f, in, hid, out, (boolean) c[4], (boolean) c[5], 0.4);
            Sequences data = RandomModels.data(rng, (int) c[6], (int) c[7], in, out);
            Map<String, Object> json = m.toMap();
            json.put("washout", c[8]);
            json.put("inputs", data.inputs());
            json.put("targets", data.targets());
            Path file = dir.resolve("model" + i + "-" + f.key() + ".json");
            new ObjectMapper().writeValue(file.toFile(), json);
            files.add(file.toString());
        }
        // "both": the script's explicit loop, and for tanh/relu also torch.nn.RNN (a check of the loop itself).
        JsonNode r = compare(files);
        assertEquals(cases.length, r.get("models").size());
        int nn = 0;
        for (JsonNode model : r.get("models")) {
            JsonNode errors = model.get("errors");
            errors.fields().forEachRemaining(e -> assertTrue(e.getValue().doubleValue() <= TOLERANCE,
                    () -> model.get("model").asText() + " " + e.getKey() + ": relative error " + e.getValue()));
            assertTrue(errors.has("loss") && errors.has("W_ih") && errors.has("W_hh") && errors.has("W_ho"),
                    () -> "not every parameter was compared: " + errors);
            nn += errors.has("nn:W_hh") ? 1 : 0;
        }
        assertEquals(4, nn, "nn.RNN compares the tanh and relu models");
    }

    /** Runs compare-grad on the files, teach being this JVM with this test's class path; its JSON report. */
    private JsonNode compare(List<String> files) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String teach = quote(java) + " --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "
                + quote(System.getProperty("java.class.path")) + " org.teachingrnns.rnn.cli.Teach";
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script().toString(), "compare-grad", "--json",
                "--impl", "both", "--tol", Double.toString(TOLERANCE), "--teach", teach));
        cmd.addAll(files);
        Path outFile = dir.resolve("compare.json");
        Path errFile = dir.resolve("compare.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "compare-grad did not finish in 5 minutes");
        String out = Files.readString(outFile, StandardCharsets.UTF_8);
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, () -> "compare-grad failed: " + err);
        return new ObjectMapper().readTree(out);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** bench/scripts/torch_reference.py, found from the module directory upwards. */
    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("bench/scripts/torch_reference.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new AssertionError("bench/scripts/torch_reference.py not found above " + Path.of("").toAbsolutePath());
    }
}
