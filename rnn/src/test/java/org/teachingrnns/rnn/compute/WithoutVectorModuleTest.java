package org.teachingrnns.rnn.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scalar path in JVMs started without {@code --add-modules jdk.incubator.vector} (child processes, since a
 * running JVM cannot drop a module): {@code teach run --backend scalar} works, {@code auto} falls back with one
 * note, {@code --backend vector} is one line and status 2, and never a stack trace. In a JVM that has the module,
 * training on the scalar compute, and a whole experiment with its eigen step, load no Vector API class.
 */
class WithoutVectorModuleTest {

    @TempDir
    Path dir;

    record Child(int code, String out, String err) {
    }

    private static final List<String> SMALL = List.of("--order", "2", "--hidden", "3", "--sequences", "10",
            "--length", "40", "--washout", "5", "--epochs", "20");

    static Child java(List<String> jvmFlags, String main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        // Small outputs; read both after exit would risk a full pipe for the class-load log, so read concurrently.
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outText = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(out));
        var errText = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(err));
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child JVM timed out: " + cmd);
        return new Child(p.exitValue(), outText.join(), errText.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Child teach(String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(SMALL);
        return java(List.of("--enable-native-access=ALL-UNNAMED"), "org.teachingrnns.rnn.cli.Teach", a);
    }

    private static void assertNoStackTrace(Child c) {
        assertFalse(c.err().contains("\tat "), c.err());
        assertFalse(c.err().contains("Exception"), c.err());
        assertFalse(c.err().contains("Error"), c.err());
    }

    @Test
    void scalarRunsWithoutTheModule() throws Exception {
        Path out = dir.resolve("scalar");
        Child c = teach("run", "--quiet", "--backend", "scalar", "--out", out.toString());
        assertEquals(0, c.code(), c.err());
        assertNoStackTrace(c);
        String results = Files.readString(out.resolve("results.json"));
        assertTrue(results.contains("\"backend\" : \"scalar\""), results);
        assertTrue(results.contains("BPTT engines: scalar"), results);
    }

    @Test
    void autoFallsBackToScalarWithOneNote() throws Exception {
        Path out = dir.resolve("auto");
        Child c = teach("run", "--out", out.toString());
        assertEquals(0, c.code(), c.err());
        assertNoStackTrace(c);
        List<String> notes = c.err().lines().filter(l -> l.startsWith("teach: note: ")).toList();
        assertEquals(1, notes.size(), c.err());
        assertTrue(notes.get(0).contains("Vector API is not enabled"), notes.get(0));
        assertTrue(Files.readString(out.resolve("results.json")).contains("BPTT engines: scalar"));
    }

    @Test
    void vectorWithoutTheModuleIsOneLineAndStatusTwo() throws Exception {
        Child c = teach("run", "--quiet", "--backend", "vector", "--out", dir.resolve("v").toString());
        assertEquals(2, c.code(), c.err());
        assertNoStackTrace(c);
        List<String> lines = c.err().lines().filter(l -> l.startsWith("teach: ")).toList();
        assertEquals(1, lines.size(), c.err());
        assertTrue(lines.get(0).contains("--add-modules jdk.incubator.vector"), lines.get(0));
    }

    @Test
    void scalarTrainingLoadsNoVectorApiClassEvenWithTheModule() throws Exception {
        Child scalar = java(List.of("--add-modules", "jdk.incubator.vector", "-Xlog:class+load=info"),
                ScalarTrainingProbe.class.getName(), List.of("scalar"));
        assertEquals(0, scalar.code(), scalar.err());
        assertTrue(scalar.out().contains("tanh hidden 20 loss"), scalar.out());
        assertFalse(scalar.out().contains("jdk.incubator.vector."), "scalar training loaded Vector API classes");
        // The probe can see the difference: the vector compute does load them.
        Child vector = java(List.of("--add-modules", "jdk.incubator.vector", "-Xlog:class+load=info"),
                ScalarTrainingProbe.class.getName(), List.of("vector"));
        assertEquals(0, vector.code(), vector.err());
        assertTrue(vector.out().contains("jdk.incubator.vector.DoubleVector"), "the probe should see vector classes load");
    }

    @Test
    void scalarExperimentWithItsEigenStepLoadsNoVectorApiClassEvenWithTheModule() throws Exception {
        Child scalar = java(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xlog:class+load=info"), ScalarExperimentProbe.class.getName(), List.of("scalar"));
        assertEquals(0, scalar.code(), scalar.err());
        assertTrue(scalar.out().contains("experiment eigenvalues 24 backend scalar"), scalar.out());
        assertFalse(scalar.out().contains("jdk.incubator.vector."), "a scalar experiment loaded Vector API classes: "
                + scalar.out().lines().filter(l -> l.contains("jdk.incubator.vector.")).findFirst().orElse(""));
        Child vector = java(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xlog:class+load=info"), ScalarExperimentProbe.class.getName(), List.of("vector"));
        assertEquals(0, vector.code(), vector.err());
        assertTrue(vector.out().contains("jdk.incubator.vector.DoubleVector"), "the probe should see vector classes load");
    }
}
