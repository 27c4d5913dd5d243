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
        assertFalse(j.has("jacobian_spectrum"), "no Jacobian comparison without a teacher model");
        assertEquals(3, j.get("residues").size());
        JsonNode ly = j.get("lyapunov");
        assertEquals(3, ly.get("spectrum").size());
        assertEquals(3, ly.get("stderr").size());
        assertEquals(2000, ly.get("steps").intValue());
        for (int i = 1; i < 3; i++) {
            assertTrue(ly.get("spectrum").get(i).doubleValue() <= ly.get("spectrum").get(i - 1).doubleValue(), "largest first");
        }
        assertFalse(ly.has("log_abs_eigenvalues"), "a tanh model's exponents are not the log moduli");
        assertEquals(100, j.get("impulse_response").get("model").size());
        assertFalse(j.get("impulse_response").has("model_modal"), "the modal form reproduces only a linear network");
        assertEquals(256, j.get("frequency_response").get("w").size());
        assertEquals(256, j.get("frequency_response").get("model").get("magnitude").size());
        assertEquals(1, j.get("noise").get("seed").intValue());
    }

    /** A linear model: a rotation-scaling coupled to a real mode near -0.9. */
    private Path linearModel() throws IOException {
        Path p = dir.resolve("linear.json");
        Files.writeString(p, """
                {"activation": "linear",
                 "W_ih": [[1.0], [0.5], [-0.25]],
                 "W_hh": [[0.5, -0.3, 0.1], [0.3, 0.5, 0.0], [0.0, 0.2, -0.9]],
                 "W_ho": [[1.0, 0.5, 0.25]]}
                """);
        return p;
    }

    @Test
    void linearModelLyapunovSpectrumIsTheSortedLogModuliWithinTheReportedError() throws IOException {
        Cli r = Cli.run("analyze", "--model", linearModel().toString(), "--json", "--impulse-length", "400", "--frequencies", "16");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        JsonNode ly = j.get("lyapunov");
        for (int i = 0; i < 3; i++) {
            double est = ly.get("spectrum").get(i).doubleValue();
            double ref = ly.get("log_abs_eigenvalues").get(i).doubleValue();
            double err = ly.get("stderr").get(i).doubleValue();
            assertEquals(ref, est, Math.max(4 * err, 1e-3), "exponent " + i);
        }
        // log_abs_eigenvalues is computed from the eigenvalues: check one by hand, and the ordering.
        double[] logs = new double[3];
        for (int i = 0; i < 3; i++) {
            JsonNode e = j.get("eigenvalues").get(i);
            logs[i] = Math.log(Math.hypot(e.get(0).doubleValue(), e.get(1).doubleValue()));
        }
        java.util.Arrays.sort(logs);
        assertEquals(logs[2], ly.get("log_abs_eigenvalues").get(0).doubleValue(), 1e-15);
        assertEquals(logs[0], ly.get("log_abs_eigenvalues").get(2).doubleValue(), 1e-15);

        // h_0 = W_ho W_ih, h_1 = W_ho W_hh W_ih; the modal form reproduces the network's responses.
        JsonNode imp = j.get("impulse_response");
        assertEquals(1.0 + 0.25 - 0.0625, imp.get("model").get(0).get(0).get(0).doubleValue(), 1e-15);
        double h1 = 1.0 * (0.5 - 0.15 - 0.025) + 0.5 * (0.3 + 0.25) + 0.25 * (0.1 + 0.225);
        assertEquals(h1, imp.get("model").get(1).get(0).get(0).doubleValue(), 1e-15);
        assertTrue(imp.get("modal_error").doubleValue() < 1e-12);
        assertTrue(j.get("frequency_response").get("modal_error").doubleValue() < 1e-12);
        // H(e^{j0}) = W_ho (I - W_hh)^-1 W_ih = sum_k h_k for a stable network, its DC gain (radius < 0.95, so 400
        // steps leave less than 1e-8 out).
        double dc = 0;
        for (JsonNode hk : imp.get("model")) {
            dc += hk.get(0).get(0).doubleValue();
        }
        assertEquals(dc, j.get("frequency_response").get("model").get("magnitude").get(0).get(0).get(0).doubleValue(),
                1e-6 * Math.abs(dc) + 1e-6);

        Cli text = Cli.run("analyze", "--model", linearModel().toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Lyapunov spectrum"), text.out());
        assertTrue(text.out().contains("log|eig|"), text.out());
    }

    @Test
    void aTanhTeacherGivesResponseErrorsTeacherLyapunovAndJacobianSpectrumDistances() throws IOException {
        Cli self = Cli.run("analyze", "--model", model.toString(), "--json", "--teacher-model", model.toString(),
                "--noise-length", "300", "--noise-washout", "50");
        assertEquals(0, self.code(), self.err());
        JsonNode j = Json.MAPPER.readTree(self.out());
        assertEquals(0.0, j.get("impulse_response").get("error").doubleValue());
        assertEquals(0.0, j.get("frequency_response").get("error").doubleValue());
        assertEquals(j.get("lyapunov").get("spectrum"), j.get("teacher_lyapunov").get("spectrum"));
        JsonNode js = j.get("jacobian_spectrum");
        assertEquals(300, js.get("distances").size());
        assertEquals(0.0, js.get("summary").get("max").doubleValue());
        assertTrue(j.get("matching").has("residue_filtered"));

        // Against a linear teacher with other weights, everything differs.
        Cli other = Cli.run("analyze", "--model", model.toString(), "--json", "--teacher-model", linearModel().toString(),
                "--noise-length", "300", "--noise-washout", "50", "--lyapunov-k", "2");
        assertEquals(0, other.code(), other.err());
        JsonNode o = Json.MAPPER.readTree(other.out());
        assertTrue(o.get("impulse_response").get("error").doubleValue() > 0.01);
        assertTrue(o.get("jacobian_spectrum").get("summary").get("median").doubleValue() > 0.01);
        assertEquals(2, o.get("lyapunov").get("spectrum").size());
        assertEquals(2, o.get("teacher_lyapunov").get("spectrum").size());

        // The noise seed is honoured: same seed, same numbers; another seed, other numbers.
        Cli again = Cli.run("analyze", "--model", model.toString(), "--json", "--noise-length", "300", "--noise-washout", "50");
        Cli seed2 = Cli.run("analyze", "--model", model.toString(), "--json", "--noise-length", "300", "--noise-washout", "50",
                "--noise-seed", "2");
        JsonNode a = Json.MAPPER.readTree(again.out()).get("lyapunov").get("spectrum");
        assertEquals(j.get("lyapunov").get("spectrum"), a);
        assertFalse(a.equals(Json.MAPPER.readTree(seed2.out()).get("lyapunov").get("spectrum")));
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
    void reluUnitsAllOffMakeTheExponentsMinusInfinityAndTheOutputSaysSo() throws IOException {
        Path relu = dir.resolve("relu.json");
        // One unit whose recurrent weight is positive: whenever the input drives it below 0 it is off, D_t = 0,
        // and the Jacobian product is 0 from then on.
        Files.writeString(relu, "{\"activation\": \"relu\", \"W_ih\": [[1.0]], \"W_hh\": [[0.5]], \"W_ho\": [[1.0]]}");
        Cli r = Cli.run("analyze", "--model", relu.toString(), "--json", "--noise-length", "100", "--noise-washout", "10");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertTrue(j.get("lyapunov").get("spectrum").get(0).isNull());
        assertTrue(j.get("notes").toString().contains("minus infinity"), j.get("notes").toString());
    }

    /**
     * --backend is the analysis's backend, as in a run: the eigenvalues of a hidden-48 W_hh (long reflectors through
     * the Blas) are those of {@code Spectra.eigenvalues} on that backend, bit for bit, and the two backends' differ
     * here in their last bits (so the flag is seen). Before, analyze only validated the name and ran on the default.
     */
    @Test
    void theBackendFlagIsTheAnalysisBackend() throws IOException {
        int n = 48;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(48);
        StringBuilder whh = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            whh.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < n; j++) {
                whh.append(j == 0 ? "" : ", ").append(rng.nextGaussian() / Math.sqrt(n));
            }
            whh.append(']');
        }
        whh.append(']');
        String column = "[" + "[0.5], ".repeat(n - 1) + "[0.5]]";
        String row = "[[" + "0.25, ".repeat(n - 1) + "0.25]]";
        Path big = dir.resolve("h48.json");
        Files.writeString(big, "{\"activation\": \"linear\", \"W_ih\": " + column + ", \"W_hh\": " + whh + ", \"W_ho\": "
                + row + "}");
        org.teachingrnns.rnn.model.RnnModel m = ModelFile.read(big, ModelFile.Data.IGNORED).model();
        java.util.Map<String, JsonNode> byBackend = new java.util.LinkedHashMap<>();
        for (String backend : new String[] {"scalar", "vector"}) {
            Cli r = Cli.run("analyze", "--model", big.toString(), "--json", "--backend", backend, "--noise-length", "100",
                    "--noise-washout", "10", "--lyapunov-k", "2");
            assertEquals(0, r.code(), r.err());
            JsonNode eig = Json.MAPPER.readTree(r.out()).get("eigenvalues");
            org.teachingrnns.numeric.ComplexArray expected = org.teachingrnns.rnn.analysis.Spectra.eigenvalues(m,
                    org.teachingrnns.numeric.Blas.of(backend));
            assertEquals(n, eig.size());
            for (int i = 0; i < n; i++) {
                assertEquals(expected.re(i), eig.get(i).get(0).doubleValue(), 0.0, backend + " eigenvalue " + i);
                assertEquals(expected.im(i), eig.get(i).get(1).doubleValue(), 0.0, backend + " eigenvalue " + i);
            }
            byBackend.put(backend, eig);
        }
        assertFalse(byBackend.get("scalar").equals(byBackend.get("vector")), "the backends' eigenvalues differ here");
    }

    @Test
    void badInput() throws IOException {
        Cli.run("analyze").assertBadInput();
        Cli.run("analyze", "--model", dir.resolve("nope.json").toString()).assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--poles", "0.5;x").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--poles", "0.5", "--teacher-model", model.toString()).assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--threshold", "-1").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--qr-every", "0").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--lyapunov-blocks", "1").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--lyapunov-k", "4").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--residue-fraction", "2").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--noise-length", "5").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--noise-washout", "-1").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--impulse-length", "0").assertBadInput();
        Cli.run("analyze", "--model", model.toString(), "--frequencies", "0").assertBadInput();
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"activation\": \"linear\", \"W_ih\": [[1]], \"W_hh\": [[1, 2]], \"W_ho\": [[1]]}");
        Cli r = Cli.run("analyze", "--model", bad.toString()).assertBadInput();
        assertTrue(r.err().contains("W_hh must be square"), r.err());
    }
}
