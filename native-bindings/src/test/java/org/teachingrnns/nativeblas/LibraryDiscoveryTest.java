package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.numeric.BackendUnavailableException;

/** How the library is found, extracted and reported. None of these tests sets or changes OPENBLAS_CORETYPE. */
class LibraryDiscoveryTest {

    /** A class loader that sees no resources at all: no bundled jar. */
    private static final ClassLoader EMPTY = new URLClassLoader(new URL[0], null);

    @TempDir
    Path tmp;

    private OpenBlasLibrary.Search search(String property, String env, ClassLoader loader, List<Path> system) {
        return new OpenBlasLibrary.Search(property, env, loader, () -> tmp.resolve("cache"), system);
    }

    @Test
    void propertyNamingNoFileGivesOneClearSentence() {
        var e = assertThrows(BackendUnavailableException.class, () -> OpenBlasLibrary.locate(
                search("/no/such/dir/libopenblas.so.0", null, getClass().getClassLoader(), List.of())));
        assertEquals("OpenBLAS not loaded: -Dteachingrnns.openblas=/no/such/dir/libopenblas.so.0 names no library file.",
                e.getMessage());
    }

    @Test
    void propertyWinsOverEnvAndEnvIsReadWithoutIt() {
        var fromEnv = assertThrows(BackendUnavailableException.class, () -> OpenBlasLibrary.locate(
                search(null, "/nowhere/lib.so", EMPTY, List.of())));
        assertTrue(fromEnv.getMessage().contains("$TEACHINGRNNS_OPENBLAS=/nowhere/lib.so names no library file"),
                fromEnv.getMessage());
        var fromProperty = assertThrows(BackendUnavailableException.class, () -> OpenBlasLibrary.locate(
                search("/first", "/second", EMPTY, List.of())));
        assertTrue(fromProperty.getMessage().contains("-Dteachingrnns.openblas=/first"), fromProperty.getMessage());
    }

    @Test
    void aDirectoryIsSearchedForLibopenblasSo0() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("lib"));
        var e = assertThrows(BackendUnavailableException.class,
                () -> OpenBlasLibrary.locate(search(dir.toString(), null, EMPTY, List.of())));
        assertTrue(e.getMessage().contains("(looked for " + dir.resolve("libopenblas.so.0") + ")"), e.getMessage());
        Path lib = Files.writeString(dir.resolve("libopenblas.so.0"), "x");
        var c = OpenBlasLibrary.locate(search(dir.toString(), null, EMPTY, List.of()));
        assertEquals(lib.toAbsolutePath(), c.path());
        assertEquals(OpenBlasLibrary.Source.PROPERTY, c.source());
    }

    @Test
    void aFileThatIsNotALibraryFailsToLoadWithTheReason() throws IOException {
        Path fake = Files.writeString(tmp.resolve("libopenblas.so.0"), "not an ELF file");
        var c = OpenBlasLibrary.locate(search(fake.toString(), null, EMPTY, List.of()));
        var e = assertThrows(BackendUnavailableException.class, () -> OpenBlasLibrary.load(c, 1));
        assertTrue(e.getMessage().startsWith("OpenBLAS not loaded: " + fake.toAbsolutePath()
                + " (from -Dteachingrnns.openblas) could not be opened: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void withoutJarTheSystemPathsAreUsedInOrder() throws IOException {
        Path missing = tmp.resolve("a/libopenblas.so.0");
        Path present = Files.createDirectories(tmp.resolve("b")).resolve("libopenblas.so.0");
        Files.writeString(present, "x");
        var c = OpenBlasLibrary.locate(search(null, null, EMPTY, List.of(missing, present)));
        assertEquals(present, c.path());
        assertEquals(OpenBlasLibrary.Source.SYSTEM, c.source());
    }

    @Test
    void nothingFoundSaysWhatWasTried() {
        var e = assertThrows(BackendUnavailableException.class, () -> OpenBlasLibrary.locate(
                search(null, null, EMPTY, List.of(tmp.resolve("x/libopenblas.so.0")))));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("OpenBLAS not found: "), msg);
        assertTrue(msg.contains("org.bytedeco:openblas") && msg.contains(tmp.resolve("x").toString())
                && msg.contains("-Dteachingrnns.openblas"), msg);
        assertFalse(msg.contains("\n"));
    }

    @Test
    void theJarComesBeforeTheSystem() {
        assumeTrue(BundledOpenBlas.isLinuxX8664(), "the bundled OpenBLAS is linux-x86_64 only");
        var c = OpenBlasLibrary.locate(search(null, null, getClass().getClassLoader(),
                OpenBlasLibrary.SYSTEM_PATHS));
        assertEquals(OpenBlasLibrary.Source.JAR, c.source());
        assertTrue(c.path().startsWith(tmp.resolve("cache")), c.path().toString());
    }

    // ------------------------------------------------------------------ extraction

    private BundledOpenBlas.Bundle bundle() {
        assumeTrue(BundledOpenBlas.isLinuxX8664(), "the bundled OpenBLAS is linux-x86_64 only");
        BundledOpenBlas.Bundle b = BundledOpenBlas.find(getClass().getClassLoader());
        assertNotNull(b, "org.bytedeco:openblas:linux-x86_64 is a dependency of this module");
        return b;
    }

    @Test
    void extractionIntoAFreshCacheDirectory() throws IOException {
        var b = bundle();
        assertEquals("0.3.31-1.5.13", b.version());
        Path dir = BundledOpenBlas.extract(b, tmp);
        assertEquals(tmp.resolve(b.directoryName()), dir);
        for (var e : b.entries()) {
            assertEquals(e.size(), Files.size(dir.resolve(e.name())), e.name());
        }
        assertTrue(BundledOpenBlas.complete(b, dir));
        assertEquals(List.of(dir), list(tmp), "no temporary directories left behind");
        // A second call reuses the copy without rewriting it.
        var stamp = Files.getLastModifiedTime(dir.resolve("libopenblas.so.0"));
        assertEquals(dir, BundledOpenBlas.extract(b, tmp));
        assertEquals(stamp, Files.getLastModifiedTime(dir.resolve("libopenblas.so.0")));
    }

    @Test
    void concurrentExtractionGivesOneGoodCopy() throws Exception {
        var b = bundle();
        CountDownLatch start = new CountDownLatch(1);
        Callable<Path> task = () -> {
            start.await();
            return BundledOpenBlas.extract(b, tmp);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Path> f1 = pool.submit(task);
            Future<Path> f2 = pool.submit(task);
            start.countDown();
            Path d1 = f1.get();
            Path d2 = f2.get();
            assertEquals(d1, d2);
            assertTrue(BundledOpenBlas.complete(b, d1));
            assertEquals(List.of(d1), list(tmp), "exactly one directory, no temporary leftovers");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBrokenCopyIsReplaced() throws IOException {
        var b = bundle();
        Path dir = Files.createDirectories(tmp.resolve(b.directoryName()));
        Files.writeString(dir.resolve("libopenblas.so.0"), "truncated");
        assertFalse(BundledOpenBlas.complete(b, dir));
        assertEquals(dir, BundledOpenBlas.extract(b, tmp));
        assertTrue(BundledOpenBlas.complete(b, dir));
        assertEquals(List.of(dir), list(tmp));
    }

    @Test
    void noBundleWithoutTheJar() {
        assertNull(BundledOpenBlas.find(EMPTY));
    }

    // ------------------------------------------------------------------ what was loaded

    @Test
    void theLoadedLibraryIsDescribed() {
        NativeAssumptions.requireOpenBlas();
        String coreTypeBefore = System.getenv("OPENBLAS_CORETYPE");
        OpenBlasLibrary lib = OpenBlasLibrary.get();
        assertSame(lib, OpenBlasLibrary.get(), "loaded once per JVM");
        assertTrue(Files.isRegularFile(lib.path()));
        assertTrue(lib.config().startsWith("OpenBLAS "), lib.config());
        assertTrue(lib.version().matches("\\d+\\.\\d+\\.\\d+.*"), lib.version());
        assertFalse(lib.coreName().isBlank());
        String expectedThreads = System.getProperty(OpenBlasLibrary.THREADS_PROPERTY, "1");
        assertEquals(Integer.parseInt(expectedThreads), lib.threads());
        String d = lib.describe();
        assertTrue(d.contains(lib.path().toString()) && d.contains(lib.version()) && d.contains(lib.coreName())
                && d.contains(lib.threads() + " thread"), d);
        if (coreTypeBefore == null) {
            assertFalse(d.contains("OPENBLAS_CORETYPE"), d);
        } else {
            assertTrue(d.contains("OPENBLAS_CORETYPE=" + coreTypeBefore
                    + " is set in the environment (pins the kernels)"), d);
            assertEquals(coreTypeBefore, lib.coreName().isEmpty() ? null : coreTypeBefore);
        }
        assertEquals(coreTypeBefore, System.getenv("OPENBLAS_CORETYPE"), "loading never changes OPENBLAS_CORETYPE");
    }

    @Test
    void jextractsLookupByNameBindsTheBundledCopyEvenWhenTheSystemHasOne() {
        // cblas_h asks for "libopenblas.so.0" by name; with the jar on the class path and no explicit path, the
        // calls must reach the extracted 0.3.31 (the jar's version), not a system libopenblas0 (0.3.21 on Debian 12).
        assumeTrue(BundledOpenBlas.isLinuxX8664(), "the bundled OpenBLAS is linux-x86_64 only");
        assumeTrue(System.getProperty(OpenBlasLibrary.PATH_PROPERTY) == null
                && System.getenv(OpenBlasLibrary.PATH_ENV) == null, "an explicit OpenBLAS path is set");
        OpenBlasLibrary lib = OpenBlasLibrary.get();
        assertEquals(OpenBlasLibrary.Source.JAR, lib.source());
        assertEquals("0.3.31", lib.version(), "openblas_get_config() through cblas_h: " + lib.config());
    }

    @Test
    void badThreadCountIsRejectedWithASentence() {
        String before = System.getProperty(OpenBlasLibrary.THREADS_PROPERTY);
        try {
            System.setProperty(OpenBlasLibrary.THREADS_PROPERTY, "zero");
            var e = assertThrows(BackendUnavailableException.class, OpenBlasLibrary::threadsFromProperty);
            assertEquals("OpenBLAS not loaded: -Dteachingrnns.openblas.threads=zero is not a positive whole number.",
                    e.getMessage());
            System.setProperty(OpenBlasLibrary.THREADS_PROPERTY, "3");
            assertEquals(3, OpenBlasLibrary.threadsFromProperty());
        } finally {
            if (before == null) {
                System.clearProperty(OpenBlasLibrary.THREADS_PROPERTY);
            } else {
                System.setProperty(OpenBlasLibrary.THREADS_PROPERTY, before);
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
