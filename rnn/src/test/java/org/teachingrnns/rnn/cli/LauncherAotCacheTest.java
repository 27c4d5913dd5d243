package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up cache (JDK 25 AOT cache beside the jar): made once for a jar, used silently after, made
 * again when the jar is newer, and never changing what a command prints. The launcher runs from a copy of the repository layout ({@code teach}, {@code rnn/target/*-cli.jar})
 * without TEACH_JAR; the jar is this test's class path, each class directory packed into a jar (the JVM caches
 * classes from jars only).
 */
class LauncherAotCacheTest {

    @TempDir
    Path root;

    private Path jar;

    private void layout() throws IOException {
        Files.copy(LauncherTest.TEACH, root.resolve("teach"));
        Path target = Files.createDirectories(root.resolve("rnn/target"));
        Path libs = Files.createDirectories(root.resolve("libs"));
        List<String> urls = new ArrayList<>();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            if (Files.isDirectory(p)) {
                if (p.endsWith("test-classes")) {
                    continue;
                }
                Path packed = libs.resolve("dir" + n++ + ".jar");
                pack(p, packed);
                p = packed;
            }
            urls.add(p.toUri().toString());
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Teach.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        jar = target.resolve("rnn-test-cli.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, m)) {
            j.flush();
        }
    }

    private static void pack(Path dir, Path out) throws IOException {
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream j = new JarOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    private LauncherTest.Run launch(Map<String, String> env, String... args) throws Exception {
        return LauncherTest.launch(root.resolve("teach"), root, env, args);
    }

    private Path cache() {
        return root.resolve("rnn/target/rnn-test-cli.aot");
    }

    @Test
    void theCacheIsMadeOnceUsedSilentlyAndMadeAgainForANewerJar() throws Exception {
        layout();
        LauncherTest.Run plain = launch(Map.of("TEACH_AOT", "off"), "run", "--epochs", "3", "--quiet", "--json", "--out",
                root.resolve("a").toString());
        assertEquals(0, plain.code(), plain.err());
        assertFalse(Files.exists(cache()), "TEACH_AOT=off makes no cache");

        LauncherTest.Run first = launch(Map.of(), "info");
        assertEquals(0, first.code(), first.err());
        assertEquals("teach: preparing the start-up cache for this build (once, a few seconds)...\n", first.err());
        assertTrue(Files.size(cache()) > 1_000_000, "a cache of the loaded classes");
        FileTime made = Files.getLastModifiedTime(cache());

        LauncherTest.Run second = launch(Map.of(), "run", "--epochs", "3", "--quiet", "--json", "--out", root.resolve("b").toString());
        assertEquals(0, second.code(), second.err());
        assertEquals("", second.err(), "the cache is used without a word");
        assertEquals(made, Files.getLastModifiedTime(cache()), "and not made again");
        assertEquals(withoutTiming(plain.out()), withoutTiming(second.out()), "same results with and without it");

        // A rebuilt jar, here with a time ahead of the clock: the cache is made again, carries the jar's time, and
        // is used from then on.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        LauncherTest.Run rebuilt = launch(Map.of(), "info");
        assertEquals(0, rebuilt.code(), rebuilt.err());
        assertTrue(rebuilt.err().startsWith("teach: preparing the start-up cache"), rebuilt.err());
        assertEquals(Files.getLastModifiedTime(jar), Files.getLastModifiedTime(cache()));
        LauncherTest.Run after = launch(Map.of(), "info");
        assertEquals("", after.err(), "used, not made again");
        try (Stream<Path> left = Files.list(root.resolve("rnn/target"))) {
            assertEquals(List.of("rnn-test-cli.aot", "rnn-test-cli.jar"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary left behind");
        }
    }

    /** The losses and eigenvalues of a run's JSON (the rest includes timings). */
    private static String withoutTiming(String json) {
        StringBuilder kept = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"(train_loss|test_loss|teacher_test_loss)\" : [-0-9.eE]+").matcher(json);
        while (m.find()) {
            kept.append(m.group()).append('\n');
        }
        assertTrue(kept.length() > 0, "the run printed its losses: " + json);
        return kept.toString();
    }
}
