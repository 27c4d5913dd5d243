package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a subcommand of {@code bench/scripts/torch_reference.py} on a JSON input under {@code /usr/bin/python3}
 * (or {@code -Dteachingrnns.python}), and reads its JSON output. {@link #assumeTorch()} skips the calling test,
 * with the reason, when torch cannot be imported (as {@code bptt.TorchReferenceTest} does).
 */
final class TorchScript {

    static final Path PYTHON = Path.of(System.getProperty("teachingrnns.python", "/usr/bin/python3"));
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

    private TorchScript() {
    }

    static void assumeTorch() throws InterruptedException {
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

    /** Writes input as JSON into dir, runs {@code torch_reference.py subcommand FILE}, returns its JSON output. */
    static JsonNode run(Path dir, String subcommand, Object input) throws IOException, InterruptedException {
        Path in = Files.createTempFile(dir, subcommand, ".json");
        JSON.writeValue(in.toFile(), input);
        Path out = dir.resolve(in.getFileName() + ".out");
        Path err = dir.resolve(in.getFileName() + ".err");
        Process p = new ProcessBuilder(PYTHON.toString(), script().toString(), subcommand, in.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), subcommand + " did not finish in 5 minutes");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "torch_reference.py " + subcommand + " failed: " + stderr);
        return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
    }

    static double[] doubles(JsonNode array) {
        double[] a = new double[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).doubleValue();
        }
        return a;
    }

    /** bench/scripts/torch_reference.py, found from the module directory upwards. */
    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("bench/scripts/torch_reference.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new AssertionError("bench/scripts/torch_reference.py not found above " + Path.of("").toAbsolutePath());
    }
}
