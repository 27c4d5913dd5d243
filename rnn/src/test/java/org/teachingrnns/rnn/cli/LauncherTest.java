package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code teach} launcher: stderr carries exactly teach's lines (the JVM's incubator warning removed, nothing
 * else), streamed byte for byte; the exit status and stdout are the JVM's; bad TEACH_JAVA_OPTS, a deleted working
 * directory and a non-UTF-8 locale are handled. A fake {@code java} checks the plumbing exactly; the real JVM, through a
 * jar whose manifest points at this test's class path ({@code TEACH_JAR}), checks the whole.
 */
class LauncherTest {

    static final Path TEACH = findTeach();

    @TempDir
    Path dir;

    Path jar;

    private static Path findTeach() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("teach")) && Files.isDirectory(p.resolve("rnn"))) {
                return p.resolve("teach");
            }
        }
        throw new IllegalStateException("the teach launcher is not above " + Path.of("").toAbsolutePath());
    }

    /** A jar with only a manifest: Main-Class teach, Class-Path this test's class path. */
    @BeforeEach
    void manifestJar() throws IOException {
        jar = dir.resolve("teach-test.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Teach.class.getName());
        List<String> urls = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(e).toAbsolutePath().toUri().toString());
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, m)) {
            j.flush();
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run launch(Path cwd, Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("TEACH_JAR", jar.toString());
        return launch(TEACH, cwd, all, args);
    }

    /**
     * Runs {@code bash teach args} in cwd with this JVM as JAVA_HOME, TEACH_JAR and TEACH_JAVA_OPTS unset unless env
     * sets them; stdout and stderr kept apart.
     */
    static Run launch(Path teach, Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", teach.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("TEACH_JAR");
        pb.environment().remove("TEACH_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "launcher finished");
        t.join();
        return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ with the real JVM

    @Test
    void aQuietRunPrintsNothingOnStderr() throws Exception {
        Run r = launch(dir, Map.of(), "run", "--epochs", "5", "--quiet", "--out", dir.resolve("o").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "no JVM warning, nothing else");
        assertTrue(r.out().contains("train loss"), r.out());
    }

    @Test
    void badInputIsExactlyOneLineAndStatusTwo() throws Exception {
        Run r = launch(dir, Map.of(), "run", "--epochs", "-1");
        assertEquals(2, r.code());
        assertEquals("teach: --epochs must be positive, got -1\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void divergenceStatusThreePassesThrough() throws Exception {
        Run r = launch(dir, Map.of(), "run", "--optimizer", "sgd", "--lr", "50", "--epochs", "200", "--quiet",
                "--out", dir.resolve("d").toString());
        assertEquals(3, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("teach: training diverged at epoch "), r.err());
    }

    @Test
    void garbageInTeachJavaOptsIsOneLineAndStatusTwo() throws Exception {
        for (String opts : new String[] {"-Xmxfoo", "--no-such-jvm-flag", "-XX:+NoSuchOption"}) {
            Run r = launch(dir, Map.of("TEACH_JAVA_OPTS", opts), "info");
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("teach: the JVM does not start with TEACH_JAVA_OPTS='" + opts + "': "), r.err());
        }
        Run ok = launch(dir, Map.of("TEACH_JAVA_OPTS", "-Xmx256m -XX:+UseG1GC"), "run", "--epochs", "3", "--quiet",
                "--out", dir.resolve("g").toString());
        assertEquals(0, ok.code(), "a GC of the user's choice replaces the serial one: " + ok.err());
    }

    @Test
    void aDeletedWorkingDirectoryIsNamedAsSuch() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        List<String> cmd = List.of("bash", "-c", "cd " + ChildJvm.quote(gone.toString()) + " && rmdir " + ChildJvm.quote(gone.toString())
                + " && exec bash " + ChildJvm.quote(TEACH.toString()) + " info");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), all);
        // bash itself says "shell-init: error retrieving current directory" before any script runs; then teach's line.
        assertTrue(all.lines().anyMatch(l -> l.equals("teach: the current directory no longer exists (deleted?); "
                + "cd to an existing directory and run teach again")), all);
        assertFalse(all.contains("JDK"), "not blamed on a missing JDK: " + all);
    }

    @Test
    void nonAsciiPathsWorkUnderTheCLocale() throws Exception {
        Path out = dir.resolve("résultats-ü");
        Run r = launch(dir, Map.of("LC_ALL", "C", "LANG", "C"), "run", "--epochs", "3", "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(Files.exists(out.resolve(RunFiles.RESULTS)));
    }

    // ------------------------------------------------------------------ the plumbing, with a fake java

    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    private Path fakeJdk(Path go) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("fakejdk").resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                for a in "$@"; do [ "$a" = -version ] && { echo 'openjdk version "25.0.1" 2025-10-21' >&2; exit 0; }; done
                printf '%%s\\n' "$@" > '%1$s/args.txt'
                printf '%%s\\n' "${LC_ALL:-}" > '%1$s/lc_all.txt'
                printf '%2$s\\n' >&2
                printf 'result line\\n'
                printf 'epoch 1/3\\repoch 2/3\\r' >&2
                while [ ! -e '%3$s' ]; do sleep 0.02; done
                printf '%2$s\\n' >&2
                printf 'teach: done' >&2
                exit 7
                """.formatted(dir, WARNING, go));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java.getParent().getParent();
    }

    @Test
    void onlyTheFirstIncubatorLineIsRemovedAndTheRestStreamsThroughWithTheExitStatus() throws Exception {
        Path go = dir.resolve("go");
        Path jdk = fakeJdk(go);
        ProcessBuilder pb = new ProcessBuilder("bash", TEACH.toString(), "run", "--x").directory(dir.toFile());
        pb.environment().put("TEACH_JAR", jar.toString());
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("TEACH_JAVA_OPTS", "-Dmine=1");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        InputStream err = p.getErrorStream();
        byte[] expectFirst = "epoch 1/3\repoch 2/3\r".getBytes(StandardCharsets.US_ASCII);
        byte[] got = err.readNBytes(expectFirst.length);  // arrives while the fake JVM still runs: streamed, not buffered
        assertEquals(new String(expectFirst, StandardCharsets.US_ASCII), new String(got, StandardCharsets.US_ASCII));
        assertTrue(p.isAlive());
        Files.createFile(go);
        String rest = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(WARNING + "\nteach: done", rest, "a later identical line is not the JVM's: kept; no newline added");
        assertEquals("result line\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(7, p.exitValue(), "the JVM's exit status");
        List<String> args = Files.readAllLines(dir.resolve("args.txt"));
        assertTrue(args.contains("-XX:+UseSerialGC") && args.contains("-Xms16m"), args.toString());
        assertFalse(args.contains("-XX:-UseOnStackReplacement"), args.toString());
        assertTrue(args.indexOf("-Dmine=1") > args.indexOf("-XX:+UseSerialGC") && args.indexOf("-Dmine=1") < args.indexOf("-jar"),
                "TEACH_JAVA_OPTS after the defaults (so they win), before the jar: " + args);
        assertEquals(List.of("run", "--x"), args.subList(args.size() - 2, args.size()));
        assertEquals("C.UTF-8", Files.readString(dir.resolve("lc_all.txt")).strip(), "a non-UTF-8 locale is replaced for Java");
    }

    // ------------------------------------------------------------------ finding the JDK

    /** A fake JDK under jvms/name whose java records that it ran (in ran-name.txt) and answers -version with version. */
    private Path fakeVersionJdk(Path jvms, String name, String version, String release) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name).resolve("bin")).getParent();
        Path java = home.resolve("bin").resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "$@" >> '%1$s/ran-%2$s.txt'
                for a in "$@"; do [ "$a" = -version ] && { echo 'openjdk version "%3$s" 2026-01-20' >&2; exit 0; }; done
                echo "fake %2$s ran"
                """.formatted(dir, name, version));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (release != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + release + "\"\n");
        }
        return home;
    }

    @Test
    void theNewestJdkIsFoundFromReleaseFilesWithoutStartingOneAndByAskingWhereThereIsNone() throws Exception {
        Path jvms = Files.createDirectories(dir.resolve("jvms"));
        fakeVersionJdk(jvms, "old", "17.0.9", "17.0.9");
        fakeVersionJdk(jvms, "mid", "25.0.1", "25.0.1");
        fakeVersionJdk(jvms, "asked", "26.0.1", null);   // no release file: must be asked with -version
        Map<String, String> env = new java.util.HashMap<>(Map.of("TEACH_JVM_DIR", jvms.toString(), "JAVA_HOME", ""));
        Run r = launch(dir, env, "info");
        assertEquals(0, r.code(), r.err());
        assertEquals("fake asked ran\n", r.out(), "the newest (26, known only by asking) runs teach");
        assertFalse(Files.exists(dir.resolve("ran-old.txt")), "a JDK with a release file is not started to learn its version");
        assertFalse(Files.exists(dir.resolve("ran-mid.txt")));
        assertEquals("-version", Files.readAllLines(dir.resolve("ran-asked.txt")).get(0));

        Path only = Files.createDirectories(dir.resolve("jvms17"));
        fakeVersionJdk(only, "old", "17.0.9", "17.0.9");
        Run none = launch(dir, Map.of("TEACH_JVM_DIR", only.toString(), "JAVA_HOME", "", "PATH", "/nonexistent:/usr/bin:/bin"), "info");
        // java on PATH (Debian's /usr/bin/java is 17 on these machines) is tried last; a JDK >= 25 there would serve.
        if (none.code() == 2) {
            assertTrue(none.err().startsWith("teach: no JDK 25 or newer found"), none.err());
        } else {
            assertEquals(0, none.code(), none.err());
            assertFalse(none.out().contains("fake old ran"), "JDK 17 never runs teach");
        }
    }
}
