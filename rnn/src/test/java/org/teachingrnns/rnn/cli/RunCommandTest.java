package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path dir;

    /** A small, fast experiment: order-2 teacher, hidden 2, 10 sequences of 40 steps, 30 epochs. */
    static List<String> small(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--quiet", "--order", "2", "--hidden", "2", "--sequences", "10",
                "--length", "40", "--washout", "5", "--epochs", "30", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    static Cli run(List<String> args) {
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void writesEveryFileWithTheDesignKeys() throws IOException {
        Path out = dir.resolve("r1");
        Cli r = run(small(out, "--seed", "7", "--lr", "0.02"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("train loss"), r.out());
        assertTrue(r.out().contains("teacher pole"), r.out());
        assertTrue(r.out().contains("ms/epoch"), r.out());
        assertTrue(r.out().contains("NMSE") && r.out().contains("unaligned modes") && r.out().contains("learned change"), r.out());
        assertFalse(r.out().contains("lyapunov"), "no Lyapunov lines for a linear run: " + r.out());
        assertEquals(List.of("eigenvalues.csv", "loss.csv", "report.html", "results.json", "spectra.csv"), names(out),
                "no temporary files left");

        JsonNode j = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        for (String k : List.of("config", "backend", "train_loss", "test_loss", "teacher_test_loss", "train_nmse", "test_nmse",
                "teacher_test_nmse", "target_variance", "poles", "eigenvalues", "matching", "timing", "divergence", "tracking",
                "residues", "impulse_response", "frequency_response", "learned_change_singular_values", "test_prediction",
                "teacher", "student")) {
            assertTrue(j.has(k), "results.json lacks " + k);
        }
        assertFalse(j.has("lyapunov") || j.has("jacobian_spectrum"), "Lyapunov and Jacobian spectra only for nonlinear runs");
        double trainVar = j.get("target_variance").get("train").doubleValue();
        assertEquals(j.get("train_loss").doubleValue() / trainVar, j.get("train_nmse").doubleValue(), 1e-15 * j.get("train_nmse").doubleValue());
        assertEquals(j.get("test_loss").doubleValue() / j.get("target_variance").get("test").doubleValue(),
                j.get("test_nmse").doubleValue(), 1e-15 * j.get("test_nmse").doubleValue());
        assertTrue(j.get("matching").has("residue_filtered"), "matching.residue_filtered");
        assertEquals(2, j.get("residues").size(), "one residue per eigenvalue");
        assertEquals(2, j.get("learned_change_singular_values").size());
        assertEquals(40, j.get("test_prediction").get("student").size(), "one output per step of a test sequence");
        // 30 epochs: the automatic interval ceil(30 / 300) = 1 records epochs 0..30.
        JsonNode tracking = j.get("tracking");
        assertEquals(31, tracking.get("epochs").size());
        assertEquals(30, tracking.get("epochs").get(30).intValue());
        assertEquals(j.get("eigenvalues"), tracking.get("eigenvalues").get(30), "the last record is the final spectrum");
        assertEquals(j.get("matching").get("optimal").get("mean_distance"), tracking.get("mean_distance").get(30));
        assertEquals(7, j.get("config").get("seed").intValue());
        assertEquals(0.02, j.get("config").get("lr").doubleValue());
        assertEquals(30, j.get("config").get("epochs").intValue());
        assertEquals(2, j.get("poles").size());
        assertEquals(2, j.get("poles").get(0).size(), "[re, im]");
        assertEquals(2, j.get("eigenvalues").size());
        for (String m : List.of("greedy", "optimal")) {
            JsonNode match = j.get("matching").get(m);
            for (String k : List.of("mean_distance", "aligned", "threshold", "pairs")) {
                assertTrue(match.has(k), m + " lacks " + k);
            }
            assertEquals(2, match.get("pairs").size());
        }
        for (String k : List.of("train_seconds", "epochs", "ms_per_epoch", "ms_per_epoch_steady", "warmup_seconds",
                "analysis_seconds")) {
            assertTrue(j.get("timing").has(k), "timing lacks " + k);
        }
        assertTrue(j.get("timing").get("analysis_seconds").doubleValue() > 0, "the analysis takes some time");
        assertTrue(r.out().contains("analysis           "), r.out());
        assertEquals(30, j.get("timing").get("epochs").intValue());
        assertEquals(List.of(2, 1), List.of(j.get("student").get("W_hh").size(), j.get("student").get("W_ih").get(0).size()));
        assertTrue(j.get("train_loss").isNumber());

        List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
        assertEquals("epoch,train_loss,test_loss,train_nmse,test_nmse", loss.get(0));
        assertEquals(31, loss.size());
        String[] row = loss.get(5).split(",", -1);
        assertEquals(Double.parseDouble(row[1]) / trainVar, Double.parseDouble(row[3]), 1e-15 * Double.parseDouble(row[3]),
                "train_nmse = train_loss / variance of the training targets");
        assertTrue(loss.get(10).startsWith("10,") && !loss.get(10).endsWith(","), "test loss at epoch 10: " + loss.get(10));
        assertTrue(loss.get(1).endsWith(","), "no test loss at epoch 1: " + loss.get(1));
        List<String> spectra = Files.readAllLines(out.resolve("spectra.csv"));
        assertEquals("epoch,index,re,im,abs,mean_distance,aligned,spectral_radius", spectra.get(0));
        assertEquals(1 + 31 * 2, spectra.size(), "one row per tracked epoch and eigenvalue");
        assertTrue(spectra.get(1).startsWith("0,0,") && spectra.get(62).startsWith("30,1,"), spectra.get(62));
        List<String> eig = Files.readAllLines(out.resolve("eigenvalues.csv"));
        assertEquals("kind,index,re,im,abs", eig.get(0));
        assertEquals(5, eig.size());
        assertTrue(eig.get(1).startsWith("pole,0,") && eig.get(3).startsWith("eigenvalue,0,"), eig.toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("train loss"), "report has plots and the summary");
        assertTrue(html.contains("<h2>Settings</h2>") && html.contains("seed                     7"), "report lists the settings");
    }

    @Test
    void tanhRunReportsLyapunovAndJacobianSpectraAndTracksEveryKEpochs() throws IOException {
        Path out = dir.resolve("tanh");
        Cli r = run(small(out, "--activation", "tanh", "--teacher-activation", "tanh", "--track-every", "7"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lyapunov teacher") && r.out().contains("lyapunov student")
                && r.out().contains("jacobian spectra"), r.out());
        JsonNode j = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals(7, j.get("config").get("track_every").intValue());
        List<Integer> epochs = new ArrayList<>();
        j.get("tracking").get("epochs").forEach(e -> epochs.add(e.intValue()));
        assertEquals(List.of(0, 7, 14, 21, 28, 30), epochs, "epoch 0, every 7 epochs and the last");
        for (String who : List.of("teacher", "student")) {
            JsonNode l = j.get("lyapunov").get(who);
            assertEquals(2, l.get("spectrum").size(), who);
            assertEquals(2, l.get("stderr").size(), who);
            assertTrue(l.get("spectrum").get(0).doubleValue() >= l.get("spectrum").get(1).doubleValue(), "largest first");
        }
        assertEquals(2000, j.get("jacobian_spectrum").get("distances").size(), "one distance per step of the drive");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("id=\"lyapunov\"") && html.contains("id=\"jacobian\""), "report has the nonlinear plots");
    }

    @Test
    void jsonPrintsExactlyResultsJsonAndTheSameSeedGivesTheSameNumbers() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Cli ra = run(small(a, "--json"));
        Cli rb = run(small(b, "--json"));
        assertEquals(0, ra.code(), ra.err());
        JsonNode printed = Json.MAPPER.readTree(ra.out());
        JsonNode file = Json.MAPPER.readTree(a.resolve("results.json").toFile());
        assertEquals(file, printed, "stdout is results.json and nothing else");
        JsonNode other = Json.MAPPER.readTree(rb.out());
        assertEquals(printed.get("train_loss"), other.get("train_loss"), "same seed, same backend: bit-identical");
        assertEquals(printed.get("student"), other.get("student"));
        assertEquals("", ra.errWithoutJvmNoise(), "--quiet: nothing on stderr");
    }

    @Test
    void backendTakesEffectWhateverTheJvmChose() throws IOException {
        // One JVM, two backends: each run reports and runs the one asked for, and they agree to rounding.
        JsonNode scalar = Json.MAPPER.readTree(run(small(dir.resolve("s"), "--backend", "scalar", "--json")).out());
        JsonNode vector = Json.MAPPER.readTree(run(small(dir.resolve("v"), "--backend", "vector", "--json")).out());
        assertEquals("scalar", scalar.get("backend").asText());
        assertEquals("scalar; BPTT engines: scalar; forced by --backend scalar", scalar.get("backend_choice").asText());
        assertEquals("vector", vector.get("backend").asText());
        assertTrue(vector.get("backend_choice").asText().contains("register-resident"), vector.toString());
        double s = scalar.get("test_loss").doubleValue();
        double v = vector.get("test_loss").doubleValue();
        assertEquals(v, s, 1e-9 * v);
    }

    @Test
    void progressGoesToStderrOnly() throws IOException {
        Path out = dir.resolve("p");
        List<String> args = small(out);
        args.remove("--quiet");
        Cli r = run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("epoch 30/30 (100%)"), r.err());
        assertFalse(r.out().contains("epoch 30/30"), r.out());
        assertTrue(r.err().contains("teach: wrote"), r.err());
    }

    @Test
    void defaultOutputDirectoryIsNamedFromTheSettings() {
        assertEquals("iir5-linear-h5-linear-adam-lr0.01-e3000-seed1",
                RunOptions.defaultName(org.teachingrnns.rnn.experiment.ExperimentConfig.defaults()));
    }

    @Test
    void helpShowsEveryDefaultFromTheLibrary() {
        Cli r = Cli.run("run", "--help");
        assertEquals(0, r.code());
        String h = r.out().replaceAll("\\s+", " ");
        for (String s : List.of("--epochs=N Full-batch training epochs (default: 3000)",
                "(default: 0.01)", "--washout=N", "(default: 50)", "--teacher=KIND", "(default: iir)",
                "--activation=F", "(default: linear)", "--init=SCHEME", "(default: pytorch)", "--clip=X",
                "--train-fraction", "(default: 0.8)", "--threshold", "(default: 0.05)", "--backend=NAME", "--out=DIR",
                "--[no-]hidden-bias", "--[no-]real-poles")) {
            assertTrue(h.contains(s), "help lacks '" + s + "':\n" + r.out());
        }
    }

    @Test
    void badSettingsAreOneLineStatusTwoAndWriteNothing() throws IOException {
        Path out = dir.resolve("never");
        run(small(out, "--washout", "40")).assertBadInput();
        Cli r = run(small(out, "--activation", "sigmoid")).assertBadInput();
        assertTrue(r.err().contains("sigmoid") && r.err().contains("tanh"), r.err());
        run(small(out, "--train-fraction", "1")).assertBadInput();
        run(small(out, "--hidden", "0")).assertBadInput();
        run(small(out, "--epochs", "-5")).assertBadInput();
        run(small(out, "--lr", "abc")).assertBadInput();
        run(small(out, "--no-such-flag")).assertBadInput();
        run(small(out, "--teacher", "model")).assertBadInput();
        run(small(out, "--teacher-model", dir.resolve("missing.json").toString())).assertBadInput();
        run(small(out, "--name", "../escape")).assertBadInput();
        run(small(out, "--backend", "nosuch")).assertBadInput();
        assertFalse(Files.exists(out), "nothing written for bad input");

        Path malformed = dir.resolve("teacher.json");
        Files.writeString(malformed, "{\"activation\": \"linear\", \"W_hh\": [[0.5]");
        Cli m = run(small(out, "--teacher-model", malformed.toString())).assertBadInput();
        assertTrue(m.err().contains("malformed JSON in " + malformed), m.err());

        Path file = dir.resolve("a-file");
        Files.writeString(file, "keep me");
        run(small(file)).assertBadInput();
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void divergenceStopsCleanlyWithStatusThreeAndWritesWhatItHad() throws IOException {
        Path out = dir.resolve("div");
        Cli r = run(small(out, "--optimizer", "sgd", "--lr", "1e6"));
        assertEquals(Teach.DIVERGED, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("teach: training diverged at epoch"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        JsonNode j = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        int at = j.get("divergence").get("epoch").intValue();
        assertTrue(at >= 1 && at <= 30, "divergence epoch " + at);
        int finite = j.get("loss_history").get("train").size();
        assertTrue(finite == at - 1 || finite == at, "losses of the epochs before the divergence: " + finite);
        assertEquals(Math.max(1, finite) + 1, Files.readAllLines(out.resolve("loss.csv")).size(), "header + one row per recorded epoch");
        assertTrue(r.out().contains("DIVERGED"), r.out());
        JsonNode epochs = j.get("tracking").get("epochs");
        assertEquals(j.get("timing").get("epochs").intValue(), epochs.get(epochs.size() - 1).intValue(),
                "the tracking ends with the last finite state");
        assertEquals(j.get("eigenvalues"), j.get("tracking").get("eigenvalues").get(epochs.size() - 1));
    }

    @Test
    void teacherModelFromAFile() throws IOException {
        Path teacher = dir.resolve("teacher.json");
        Files.writeString(teacher, """
                {"activation": "linear", "W_ih": [[1.0], [0.0]], "W_hh": [[0.5, -0.3], [0.3, 0.5]], "W_ho": [[1.0, 0.5]]}
                """);
        Path out = dir.resolve("tm");
        Cli r = run(small(out, "--teacher-model", teacher.toString()));
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals("model", j.get("config").get("teacher").asText());
        // The poles of a model teacher are the eigenvalues of its W_hh: 0.5 +- 0.3i.
        for (JsonNode p : j.get("poles")) {
            assertEquals(0.5, p.get(0).doubleValue(), 1e-12);
            assertEquals(0.3, Math.abs(p.get(1).doubleValue()), 1e-12);
        }
        run(small(dir.resolve("tm2"), "--teacher-model", teacher.toString(), "--teacher", "iir")).assertBadInput();
    }

    @Test
    void tanhStudentWithBiasesOnARandomTeacherWithTruncation() throws IOException {
        Path out = dir.resolve("tanh");
        Cli r = run(small(out, "--teacher", "random", "--teacher-activation", "tanh", "--activation", "tanh",
                "--hidden-bias", "--output-bias", "--truncation", "5", "--init", "orthogonal"));
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals(List.of(2, 1), List.of(j.get("student").get("b_h").size(), j.get("student").get("b_o").size()));
        assertEquals("tanh", j.get("student").get("activation").asText());
        assertEquals(5, j.get("config").get("truncation").intValue());
        assertEquals(2, j.get("eigenvalues").size());
        assertEquals(2, j.get("poles").size(), "random teacher of order 2");
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aLargeNonlinearRunSaysWhenItsAnalysisBegins() throws IOException {
        // Hidden 32 tanh (the smallest size that says it), two epochs, without --quiet: the note comes after the
        // progress and before the files line; a small or linear run does not print it.
        Path out = dir.resolve("note");
        Cli r = run(unquiet(out, "--activation", "tanh"));
        assertEquals(0, r.code(), r.err());
        int note = r.err().indexOf("teach: analysing the trained student: Lyapunov and Jacobian spectra along 2000 steps at hidden 32");
        assertTrue(note >= 0, r.err());
        assertTrue(r.err().indexOf("epoch 2/2") < note && note < r.err().indexOf("teach: wrote"), r.err());
        assertEquals(null, RunCommand.analysisNote(5, true), "hidden 5: no note");
        assertEquals(null, RunCommand.analysisNote(256, false), "linear: no note");
        Cli l = run(unquiet(dir.resolve("linear")));
        assertEquals(0, l.code(), l.err());
        assertFalse(l.err().contains("analysing"), l.err());
    }

    /** A hidden-32 student, order-2 teacher, 10 sequences of 40 steps, 2 epochs, with progress on stderr. */
    private static List<String> unquiet(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--order", "2", "--hidden", "32", "--sequences", "10",
                "--length", "40", "--washout", "5", "--epochs", "2", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }
}
