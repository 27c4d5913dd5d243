package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/**
 * Faults a user or the machine can cause, each asserting the exit status, the one stderr line and the state of the
 * files: kill -9 in the write phase (a child JVM), a full disk (an injected failing writer, and a real EFBIG from
 * {@code ulimit -f} in a child JVM), a closed or full stdout, out of memory, huge sizes, and the smaller cases of
 * issue 13.
 */
class FaultInjectionTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ crash consistency

    private static long generationOf(Path file) throws IOException {
        String s = Files.readString(file);
        String first = s.substring(0, s.indexOf('\n'));
        long g = Long.parseLong(first.split(" ")[1]);
        assertTrue(s.endsWith("\nend " + g + "\n"), file + " is truncated");
        return g;
    }

    private static List<String> hidden(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    /**
     * kill -9 at seeded random moments while a child JVM commits set after set: whenever results.json exists, every
     * file is complete and of results.json's generation; otherwise the set is recognisably incomplete. The next
     * commit removes what the killed process left and writes a complete set.
     */
    @Test
    void killNineAnywhereInTheWritePhaseLeavesTheOldSetTheNewSetOrNoResultsJson() throws Exception {
        Path run = dir.resolve("run");
        SplittableRandom rng = new SplittableRandom(20261130L);
        int complete = 0;
        int incomplete = 0;
        for (int trial = 0; trial < 14; trial++) {
            long first = 1000L * (trial + 1);
            // The child's stdout goes to a file: Process.destroyForcibly closes the pipes, and the lines written
            // just before the kill are needed after it.
            Path log = dir.resolve("child-" + trial + ".txt");
            Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), CrashingWriter.class.getName(),
                    run.toString(), Long.toString(first))).redirectOutput(log.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // Odd trials kill during the very first commit (nothing complete yet); even ones after a first commit.
            String awaited = trial % 2 == 0 ? "committed " + first : "ready";
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.readAllLines(log).contains(awaited)) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "the child printed '" + awaited + "'");
                Thread.sleep(5);
            }
            Thread.sleep(rng.nextInt(0, 300));
            p.destroyForcibly();  // SIGKILL on POSIX
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            long announced = -1;
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("committed ")) {
                    announced = Long.parseLong(line.substring("committed ".length()));
                }
            }
            Path results = run.resolve(RunFiles.RESULTS);
            if (Files.exists(results)) {
                long g = generationOf(results);
                assertTrue(g >= announced, "never older than the last commit announced (" + announced + "): " + g);
                for (String name : CrashingWriter.NAMES) {
                    assertEquals(g, generationOf(run.resolve(name)), name + " beside results.json of generation " + g);
                }
                complete++;
            } else {
                incomplete++;
            }
        }
        assertTrue(complete > 0, "some kills land after a commit (complete " + complete + ", incomplete " + incomplete + ")");
        // The next commit clears the killed process's staging directory and leaves exactly the new set.
        Map<String, AtomicFiles.TextBody> files = new LinkedHashMap<>();
        for (String name : CrashingWriter.NAMES) {
            files.put(name, w -> w.write(CrashingWriter.content(name, 7)));
        }
        new RunDirectory(run).commit(files, RunFiles.RESULTS);
        assertEquals(List.of(), hidden(run), "no staging directory or temporary file left");
        for (String name : CrashingWriter.NAMES) {
            assertEquals(7, generationOf(run.resolve(name)));
        }
    }

    @Test
    void staleTemporariesOfDeadProcessesAreRemovedAndALiveProcesssAreKept() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        long dead = 2_147_483_000L;  // above Linux's pid_max
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Path deadStaging = Files.createDirectories(run.resolve(RunDirectory.STAGING_PREFIX + dead + "-abc"));
        Files.writeString(deadStaging.resolve("report.html"), "<html>truncat");
        Files.writeString(run.resolve(".report.html." + dead + ".123.tmp"), "<html>truncat");
        Path liveTmp = Files.writeString(run.resolve(".loss.csv." + live + ".9.tmp"), "epoch");
        Path userFile = Files.writeString(run.resolve(".notes"), "mine");
        RunFiles.writeEigenvalues(run.resolve(RunFiles.EIGENVALUES), org.teachingrnns.numeric.ComplexArray.zeros(1),
                org.teachingrnns.numeric.ComplexArray.zeros(1));
        Map<String, AtomicFiles.TextBody> files = new LinkedHashMap<>();
        for (String name : CrashingWriter.NAMES) {
            files.put(name, w -> w.write(CrashingWriter.content(name, 1)));
        }
        new RunDirectory(run).commit(files, RunFiles.RESULTS);
        assertFalse(Files.exists(deadStaging));
        assertFalse(Files.exists(run.resolve(".report.html." + dead + ".123.tmp")));
        assertTrue(Files.exists(liveTmp), "a live process's temporary is not touched");
        assertTrue(Files.exists(userFile), "other hidden files are not touched");
    }

    // ------------------------------------------------------------------ full disk

    /** A writer that fails like a full disk after {@code limit} characters. */
    private static AtomicFiles.TextBody fullDiskAfter(int limit, String content) {
        return w -> {
            for (int i = 0; i < content.length(); i++) {
                if (i == limit) {
                    throw new IOException("No space left on device");
                }
                w.write(content.charAt(i));
            }
        };
    }

    @Test
    void aFullDiskMidCommitNamesTheFileAndKeepsThePreviousSet() throws IOException {
        Path run = dir.resolve("run");
        Map<String, AtomicFiles.TextBody> old = new LinkedHashMap<>();
        for (String name : CrashingWriter.NAMES) {
            old.put(name, w -> w.write(CrashingWriter.content(name, 1)));
        }
        new RunDirectory(run).commit(old, RunFiles.RESULTS);
        for (String failing : CrashingWriter.NAMES) {
            Map<String, AtomicFiles.TextBody> next = new LinkedHashMap<>();
            for (String name : CrashingWriter.NAMES) {
                String c = CrashingWriter.content(name, 2);
                next.put(name, name.equals(failing) ? fullDiskAfter(100, c) : w -> w.write(c));
            }
            WriteFailedException e = assertThrows(WriteFailedException.class, () -> new RunDirectory(run).commit(next, RunFiles.RESULTS));
            assertEquals("could not write " + run.resolve(failing) + ": No space left on device", e.getMessage());
            for (String name : CrashingWriter.NAMES) {
                assertEquals(1, generationOf(run.resolve(name)), "the previous set is intact");
            }
            assertEquals(List.of(), hidden(run));
            Teach.report(false, e, new PrintWriter(new StringWriter()));
            assertEquals(Teach.COULD_NOT_WRITE, Errors.classify(e).status());
        }
    }

    @Test
    void aFullDiskOnAFreshRunLeavesNoDirectory() {
        Path run = dir.resolve("fresh").resolve("run");
        Map<String, AtomicFiles.TextBody> next = new LinkedHashMap<>();
        next.put(RunFiles.LOSS, fullDiskAfter(3, "epoch,train_loss\n"));
        next.put(RunFiles.RESULTS, w -> w.write("{}"));
        assertThrows(WriteFailedException.class, () -> new RunDirectory(run).commit(next, RunFiles.RESULTS));
        assertFalse(Files.exists(run), "the directory this commit created is removed again");
    }

    /** A real write failure from the kernel: ulimit -f makes writes past the limit fail with EFBIG. */
    @Test
    void aFileSizeLimitInTheMiddleOfARunIsStatusFourNamingTheFile() throws Exception {
        Path out = dir.resolve("limited");
        ChildJvm.Result ok = ChildJvm.teach(dir, "true", "", "run", "--epochs", "40", "--quiet", "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        Map<String, String> before = contents(out);
        ChildJvm.Result r = ChildJvm.teach(dir, "ulimit -f 4", "", "run", "--epochs", "40", "--seed", "2", "--quiet", "--out", out.toString());
        assertEquals(Teach.COULD_NOT_WRITE, r.code(), r.err());
        String line = r.errLines().strip();
        assertEquals(1, line.lines().count(), r.err());
        assertTrue(line.matches("teach: could not write " + java.util.regex.Pattern.quote(out.toString()) + "/\\S+: File too large"), line);
        assertEquals(before, contents(out), "the previous run's files are untouched");
    }

    private static Map<String, String> contents(Path d) throws IOException {
        Map<String, String> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ stdout

    private Path tinyModel() throws IOException {
        return Files.writeString(dir.resolve("m.json"), """
                {"activation": "linear", "washout": 0, "W_ih": [[0.5]], "W_hh": [[0.8]], "W_ho": [[2.0]],
                 "inputs": [[[1.0], [0.0]]], "targets": [[[0.0], [1.0]]]}""");
    }

    @Test
    void aClosedStdoutIsStatusFour() throws Exception {
        Path m = tinyModel();
        ChildJvm.Result r = ChildJvm.teach(dir, "true", ">&-", "grad", "--input", m.toString());
        assertEquals(Teach.COULD_NOT_WRITE, r.code(), r.err());
        assertEquals("teach: could not write to standard output: Bad file descriptor", r.errLines().strip());
    }

    @Test
    void aFullStdoutIsStatusFour() throws Exception {
        Path m = tinyModel();
        ChildJvm.Result r = ChildJvm.teach(dir, "true", ">/dev/full", "grad", "--input", m.toString());
        assertEquals(Teach.COULD_NOT_WRITE, r.code(), r.err());
        assertEquals("teach: could not write to standard output: No space left on device", r.errLines().strip());
        ChildJvm.Result json = ChildJvm.teach(dir, "true", ">/dev/full", "analyze", "--model", m.toString(), "--json");
        assertEquals(Teach.COULD_NOT_WRITE, json.code(), json.err());
    }

    @Test
    void aFailingStdoutWriterInProcessIsStatusFourWithItsReason() throws IOException {
        Path m = tinyModel();
        Writer failing = new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();
        int code = Teach.execute(CheckedOutput.of(failing), new PrintWriter(err), "grad", "--input", m.toString());
        assertEquals(Teach.COULD_NOT_WRITE, code);
        assertEquals("teach: could not write to standard output: Broken pipe", err.toString().strip());
    }

    // ------------------------------------------------------------------ every throwable is one line

    @Command(name = "oom")
    static final class OutOfMemory implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Command(name = "overflow")
    static final class Overflow implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError();
        }
    }

    private static Cli runWith(Object sub, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Teach.execute(new PrintWriter(out), new PrintWriter(err), List.of(sub), args);
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void outOfMemoryIsOneLineSayingHowToGiveMore() {
        Cli r = runWith(new OutOfMemory(), "oom");
        assertEquals(Teach.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("teach: out of memory: the JVM may use "), r.err());
        assertTrue(r.err().contains("TEACH_JAVA_OPTS=-Xmx") || r.err().contains("this machine has"), r.err());
        Cli debug = runWith(new OutOfMemory(), "--debug", "oom");
        assertTrue(debug.err().contains("\tat "), "the trace with --debug");
    }

    @Test
    void anErrorIsAnInternalErrorInOneLine() {
        Cli r = runWith(new Overflow(), "overflow");
        assertEquals(Teach.FAILED, r.code());
        assertEquals("teach: internal error: StackOverflowError (run with --debug for the stack trace)", r.err().strip());
    }

    @Test
    void aRunThatCannotFitIsRefusedBeforeItStarts() {
        Path out = dir.resolve("huge");
        long t0 = System.nanoTime();
        // 30000 hidden units: 9e8 parameters (an int still counts them), about 65 GB with the optimizer and eigenvalues.
        Cli r = Cli.run("run", "--hidden", "30000", "--epochs", "1", "--quiet", "--out", out.toString()).assertBadInput();
        assertTrue((System.nanoTime() - t0) < 5e9, "refused at once");
        assertTrue(r.err().contains("this run needs about ") && r.err().contains(" GB of memory but the JVM may use "), r.err());
        assertTrue(r.err().contains("TEACH_JAVA_OPTS=-Xmx") || r.err().contains("this machine has"), r.err());
        assertFalse(Files.exists(out), "nothing created");
        // 2e11 data cells: refused in one line (by the estimate here; validation may refuse such sizes first).
        Cli.run("run", "--sequences", "2000000", "--length", "100000", "--epochs", "1", "--quiet", "--out", out.toString())
                .assertBadInput();
    }

    @Test
    void aSweepThatCannotFitOnItsThreadsIsRefusedBeforeItStarts() {
        Path log = dir.resolve("huge.jsonl");
        // Each hidden-20000 run alone needs ~30 GB: two of them at once can only fit on a machine with more.
        Cli r = Cli.run("sweep", "--hidden", "10,20000", "--seed", "1..2", "--epochs", "1", "--threads", "2", "--quiet",
                "--out", log.toString()).assertBadInput();
        assertTrue(r.err().startsWith("teach: this sweep needs about ") && r.err().contains("(its 2 largest runs at once on 2 threads)")
                && r.err().contains("fewer --threads"), r.err());
        assertFalse(Files.exists(log) && !readQuietly(log).isEmpty(), "no run written");
        org.teachingrnns.rnn.experiment.ExperimentConfig base = org.teachingrnns.rnn.experiment.ExperimentConfig.defaults();
        var small = base;
        var big = base.withStudent(st -> st.hidden(200));
        double one = MemoryEstimate.runBytes(big);
        assertEquals(one, MemoryEstimate.sweepBytes(java.util.List.of(small, big, small), 1), "one thread: the largest run");
        assertEquals(one + MemoryEstimate.runBytes(small), MemoryEstimate.sweepBytes(java.util.List.of(small, big, small), 2),
                1e-6 * one, "two threads: the two largest");
        assertEquals(MemoryEstimate.sweepBytes(java.util.List.of(small, big), 2),
                MemoryEstimate.sweepBytes(java.util.List.of(small, big), 8), "threads beyond the runs add nothing");
    }

    /**
     * A large nonlinear run's analysis shares its Jacobian eigenvalues out over the common pool, each thread holding a
     * Jacobian, its decomposition's copy and the multishift QR's workspaces (three hidden x hidden arrays' worth): the
     * estimate grows by that per pool thread,
     * a sweep counts the pool once for all its workers, and linear or small runs (analysed on one thread) not at all.
     */
    @Test
    void theEstimateCountsTheAnalysisThreads() {
        var base = org.teachingrnns.rnn.experiment.ExperimentConfig.defaults();
        var tanh256 = base.withStudent(st -> st.hidden(256).activation(org.teachingrnns.rnn.model.Activation.TANH));
        double perThread = 8.0 * 3 * 256 * 256;
        assertEquals(perThread, MemoryEstimate.poolThreadBytes(tanh256));
        assertEquals(62 * perThread, MemoryEstimate.runBytes(tanh256, 63) - MemoryEstimate.runBytes(tanh256, 1), 1e-6 * perThread);
        var linear256 = base.withStudent(st -> st.hidden(256));
        assertEquals(0.0, MemoryEstimate.poolThreadBytes(linear256), "linear: no Jacobian spectra");
        assertEquals(MemoryEstimate.runBytes(linear256, 1), MemoryEstimate.runBytes(linear256, 63));
        // On little data the analysis is the peak: the trajectories and 2000 steps of spectra (about 12 MB here).
        var little = (java.util.function.UnaryOperator<org.teachingrnns.rnn.experiment.DataConfig.Builder>)
                d -> d.sequences(10).length(20).washout(5);
        double nonlinearAnalysis = MemoryEstimate.runBytes(tanh256.withData(little), 0);
        double linearAnalysis = MemoryEstimate.runBytes(linear256.withData(little), 0);
        assertTrue(nonlinearAnalysis > linearAnalysis + 8e6, nonlinearAnalysis + " against " + linearAnalysis);
        var tanh16 = base.withStudent(st -> st.hidden(16).activation(org.teachingrnns.rnn.model.Activation.TANH));
        assertEquals(0.0, MemoryEstimate.poolThreadBytes(tanh16), "below hidden 32 the analysis runs on one thread");
        var tanhTeacher = base.withStudent(st -> st.hidden(64))
                .withTeacher(t -> t.activation(org.teachingrnns.rnn.model.Activation.TANH));
        assertEquals(8.0 * 3 * 64 * 64, MemoryEstimate.poolThreadBytes(tanhTeacher), "a nonlinear teacher is enough");
        assertEquals(2 * MemoryEstimate.runBytes(tanh256, 0) + 8 * perThread,
                MemoryEstimate.sweepBytes(java.util.List.of(tanh256, tanh256), 2, 8), 1e-6 * perThread,
                "two workers share one pool");
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void theEstimateGrowsWithEverySize() {
        org.teachingrnns.rnn.experiment.ExperimentConfig base = org.teachingrnns.rnn.experiment.ExperimentConfig.defaults();
        double b = MemoryEstimate.runBytes(base);
        assertTrue(b > 0 && b < 64e6, "the default run is small: " + b);
        assertTrue(MemoryEstimate.runBytes(base.withStudent(st -> st.hidden(50))) > b);
        assertTrue(MemoryEstimate.runBytes(base.withData(d -> d.length(1500))) > 5 * b);
        assertTrue(MemoryEstimate.runBytes(base.withData(d -> d.sequences(1000))) > 5 * b);
        // 64-bit: sizes whose int products (8 bytes x hidden^2) wrap still give a huge, positive estimate. (Larger
        // hidden sizes no longer reach the estimate: the configuration refuses parameter counts past an int.)
        assertTrue(MemoryEstimate.runBytes(base.withStudent(st -> st.hidden(40_000))) > 8.0 * 40_000 * 40_000);
    }

    // ------------------------------------------------------------------ teachers

    @Test
    void anUnstableTeacherIsRefusedUnlessAllowedAndThenWarned() throws IOException {
        Path out = dir.resolve("unstable");
        Cli r = Cli.run("run", "--max-radius", "1.5", "--epochs", "3", "--quiet", "--out", out.toString()).assertBadInput();
        assertTrue(r.err().contains("the teacher is unstable (spectral radius 1.") && r.err().contains("--allow-unstable"), r.err());
        assertFalse(Files.exists(out));
        Cli allowed = Cli.run("run", "--max-radius", "1.5", "--length", "30", "--washout", "5", "--epochs", "3",
                "--allow-unstable", "--out", out.toString());
        assertTrue(allowed.code() == Teach.OK || allowed.code() == Teach.DIVERGED, allowed.err());
        assertTrue(allowed.err().lines().anyMatch(l -> l.startsWith("teach: warning: the teacher is unstable")), allowed.err());
        Cli random = Cli.run("run", "--teacher", "random", "--teacher-spectral-radius", "3", "--epochs", "3", "--quiet",
                "--out", out.toString()).assertBadInput();
        assertTrue(random.err().contains("--teacher-spectral-radius below 1"), random.err());
        // A tanh teacher is bounded whatever its radius: not refused.
        Cli tanh = Cli.run("run", "--teacher", "random", "--teacher-spectral-radius", "1.5", "--teacher-activation", "tanh",
                "--length", "30", "--washout", "5", "--epochs", "3", "--quiet", "--out", out.toString());
        assertEquals(Teach.OK, tanh.code(), tanh.err());
    }

    @Test
    void aTeacherModelWithSpectralRadiusThreeIsRefused() throws IOException {
        Path t = Files.writeString(dir.resolve("t.json"), """
                {"activation": "linear", "W_ih": [[1.0]], "W_hh": [[3.0]], "W_ho": [[1.0]]}""");
        Cli r = Cli.run("run", "--teacher-model", t.toString(), "--epochs", "3", "--quiet", "--out", dir.resolve("o").toString())
                .assertBadInput();
        assertTrue(r.err().contains("spectral radius 3"), r.err());
    }

    @Test
    void absurdOrdersAreRefusedAtOnceWithAMessage() {
        for (String order : new String[] {"100000", "2000000000", "1000"}) {
            long t0 = System.nanoTime();
            Cli r = Cli.run("run", "--order", order, "--epochs", "1", "--quiet", "--out", dir.resolve("o").toString()).assertBadInput();
            assertTrue(System.nanoTime() - t0 < 10e9, "order " + order + " took " + (System.nanoTime() - t0) / 1e9 + " s");
            assertTrue(r.err().contains("cannot be formed"), r.err());
        }
    }

    @Test
    void theSafeOrdersStillWork() {
        Cli r = Cli.run("run", "--order", "30", "--hidden", "30", "--length", "60", "--washout", "10", "--epochs", "2",
                "--quiet", "--out", dir.resolve("o30").toString());
        assertEquals(Teach.OK, r.code(), r.err());
    }

    // ------------------------------------------------------------------ divergence through the command

    @Test
    void aDivergedRunsFilesHoldFiniteLossesOfTheKeptWeights() throws IOException {
        Path out = dir.resolve("div");
        Cli r = Cli.run("run", "--optimizer", "sgd", "--lr", "50", "--epochs", "200", "--quiet", "--out", out.toString());
        assertEquals(Teach.DIVERGED, r.code(), r.err());
        assertTrue(r.err().strip().startsWith("teach: training diverged at epoch "), r.err());
        JsonNode j = Json.MAPPER.readTree(out.resolve(RunFiles.RESULTS).toFile());
        assertTrue(j.get("train_loss").isNumber(), "train_loss is a number, not null: " + j.get("train_loss"));
        assertTrue(j.get("test_loss").isNumber(), "test_loss is a number, not null: " + j.get("test_loss"));
        List<String> loss = Files.readAllLines(out.resolve(RunFiles.LOSS));
        String last = loss.get(loss.size() - 1);
        double lastTrain = Double.parseDouble(last.split(",")[1]);
        assertEquals(lastTrain, j.get("train_loss").doubleValue(), 0.0, "the kept weights are the ones of the last recorded loss");
    }

    // ------------------------------------------------------------------ smaller cases

    @Test
    void anEmptyOutIsRefused() {
        Cli r = Cli.run("run", "--epochs", "1", "--out", "").assertBadInput();
        assertTrue(r.err().contains("--out must name a directory"), r.err());
    }

    @Test
    void aFailingRunLeavesNoEmptyDirectory() {
        Path out = dir.resolve("a").resolve("b");
        Cli.run("run", "--order", "5000", "--epochs", "1", "--out", out.toString()).assertBadInput();
        assertFalse(Files.exists(dir.resolve("a")), "nothing created for a run that did not write");
    }

    @Test
    void anOutUnderAFileIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Cli r = Cli.run("run", "--epochs", "1", "--out", file.resolve("sub").toString()).assertBadInput();
        assertTrue(r.err().contains(file.toString()) && r.err().contains("is not a directory"), r.err());
    }

    @Test
    void aDirectoryGivenAsAFileIsNamed() {
        Cli r = Cli.run("grad", "--input", dir.toString()).assertBadInput();
        assertEquals("teach: " + dir + " is a directory, not a JSON file", r.err().strip());
    }

    @Test
    void jacksonsHintsForProgrammersAreNotShown() throws IOException {
        Path m = Files.writeString(dir.resolve("nan.json"), "{\"activation\": \"linear\", \"W_hh\": [[NaN]]}");
        Cli r = Cli.run("analyze", "--model", m.toString()).assertBadInput();
        assertFalse(r.err().contains("`") || r.err().contains("JsonReadFeature") || r.err().contains("enable"), r.err());
        assertTrue(r.err().contains("malformed JSON in " + m + " at line 1"), r.err());
    }

    @Test
    void libraryHintsAreCutFromMessages() {
        assertEquals("Non-standard token 'NaN'",
                Errors.withoutLibraryHints("Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"));
        assertEquals("Unexpected character", Errors.withoutLibraryHints("Unexpected character (through reference chain: a[0])"));
    }
}
