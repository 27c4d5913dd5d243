package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.nativeblas.GemmCrossover.SizeTiming;
import org.teachingrnns.numeric.ScalarBlas;
import org.teachingrnns.numeric.Transpose;

/** The calibration file round-trips, is keyed, survives garbage; GemmBySize asks for a calibration only when it matters. */
class CalibrationCacheTest {

    @TempDir
    Path dir;

    static final CalibrationKey KEY = new CalibrationKey("Test CPU (family 6, model 207, stepping 2)",
            "/x/libopenblas.so.0, OpenBLAS 0.3.31, core Haswell, 1 thread",
            "OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=(unset)", "25.0.3", "vector (512-bit)");

    static Calibration sample(CalibrationKey key) {
        return new Calibration(key, Instant.parse("2026-11-30T09:00:00Z"), "thread-cpu", 0.5, 0.05,
                Calibration.PerType.of(List.of(new SizeTiming(16, 2e-7, 3e-7), new SizeTiming(24, 5e-7, 4e-7),
                        new SizeTiming(32, 5e-7, 6e-7)), 0.05),
                Calibration.PerType.of(List.of(new SizeTiming(16, 1e-7, 3e-7)), 0.05));
    }

    @Test
    void roundTripsAndIsKeyed() throws Exception {
        Path file = CalibrationCache.file(dir, KEY);
        assertNull(CalibrationCache.read(file, KEY));
        CalibrationCache.write(file, sample(KEY));
        assertEquals(sample(KEY), CalibrationCache.read(file, KEY));
        // The ranges are derived from the stored timings on reading: dgemm's band of 24 only, from sqrt(16 * 24) = 20
        // to sqrt(24 * 32) = 28.
        assertEquals("m*n*k in [20^3, 28^3)", CalibrationCache.read(file, KEY).dgemm().openBlas().describe());
        assertEquals("never", CalibrationCache.read(file, KEY).sgemm().openBlas().describe());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        // Another OpenBLAS kernel family, another environment: another file, and this one does not answer for it.
        CalibrationKey unpinned = new CalibrationKey(KEY.cpu(), KEY.openBlas().replace("Haswell", "Cooperlake"),
                "OPENBLAS_CORETYPE=(unset), OPENBLAS_L2_SIZE=(unset)", KEY.jdk(), KEY.javaBackend());
        assertNotEquals(file, CalibrationCache.file(dir, unpinned));
        assertNull(CalibrationCache.read(file, unpinned));
    }

    /** A new build of the Java kernels (another code fingerprint, the same description) is another key. */
    @Test
    void theJavaKernelsCodeIsPartOfTheKey() {
        NativeAssumptions.requireOpenBlas();
        OpenBlasLibrary lib = OpenBlas.create().library();
        CalibrationKey one = CalibrationKey.of(lib, kernels("aaaaaaaaaaaa"));
        CalibrationKey other = CalibrationKey.of(lib, kernels("bbbbbbbbbbbb"));
        assertTrue(one.javaBackend().endsWith("; kernels aaaaaaaaaaaa"), one.javaBackend());
        assertNotEquals(one, other);
        assertNotEquals(one.hash(), other.hash());
        assertEquals(one, CalibrationKey.of(lib, kernels("aaaaaaaaaaaa")));
    }

    private static org.teachingrnns.numeric.Blas kernels(String fingerprint) {
        return new org.teachingrnns.numeric.ForwardingBlas(new ScalarBlas()) {
            @Override
            public String name() {
                return "java";
            }

            @Override
            public String kernelFingerprint() {
                return fingerprint;
            }
        };
    }

    @Test
    void brokenFilesAreIgnored() throws Exception {
        Path file = CalibrationCache.file(dir, KEY);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "format=1\nkey.cpu=x\n");
        assertNull(CalibrationCache.read(file, KEY));
        Files.writeString(file, "\\u12");
        assertNull(CalibrationCache.read(file, KEY));
        CalibrationCache.write(file, sample(KEY));
        String good = Files.readString(file);
        for (String[] edit : new String[][] {{"dgemm.timings=16\\:", "dgemm.timings=48\\:"}, {"24\\:5.0E-7", "24\\:-5.0E-7"},
                {"margin=0.05", "margin=-1"}, {"format=2", "format=1"}}) {
            assertTrue(good.contains(edit[0]), good);
            Files.writeString(file, good.replace(edit[0], edit[1]));
            assertNull(CalibrationCache.read(file, KEY), "read with " + edit[1]);
        }
    }

    @Test
    void cpuModelFamilyAndModelAreRead() throws Exception {
        Path f = dir.resolve("cpuinfo");
        Files.writeString(f, "processor\t: 0\ncpu family\t: 6\nmodel\t\t: 207\nmodel name\t: Intel(R) Xeon(R) Processor\n"
                + "stepping\t: 2\n\nprocessor\t: 1\nmodel name\t: other\n");
        assertEquals("Intel(R) Xeon(R) Processor (family 6, model 207, stepping 2)", CalibrationKey.cpu(f));
        assertTrue(CalibrationKey.cpu(dir.resolve("absent")).startsWith("unknown"));
    }

    @Test
    void calibrationIsAskedOnlyAtTheFirstProductThatCouldGoToOpenBlas() {
        NativeAssumptions.requireOpenBlas();
        AtomicInteger asked = new AtomicInteger();
        GemmBySize auto = new GemmBySize(OpenBlas.create(), new ScalarBlas(), () -> {
            asked.incrementAndGet();
            return GemmBySize.Decision.thresholds(GemmCrossover.NEVER, 32L * 32 * 32, "synthetic");
        });
        assertEquals("auto(scalar for every gemm so far: none has reached m*n*k >= 16^3, the smallest product"
                + " OpenBLAS is calibrated for and could take, so it was not calibrated; scalar otherwise)", auto.name());
        double[] a = new double[64 * 64];
        double[] c = new double[64 * 64];
        auto.dgemm(Transpose.NO, Transpose.NO, 15, 15, 15, 1.0, a, 0, 15, a, 0, 15, 0.0, c, 0, 15);
        auto.dgemm(Transpose.NO, Transpose.NO, 4000, 1, 1, 1.0, a, 0, 1, a, 0, 1, 0.0, c, 0, 1);
        assertEquals(0, asked.get(), "products below 16^3 never calibrate");
        auto.dgemm(Transpose.NO, Transpose.NO, 16, 16, 16, 1.0, a, 0, 16, a, 0, 16, 0.0, c, 0, 16);
        auto.dgemm(Transpose.NO, Transpose.NO, 64, 64, 64, 1.0, a, 0, 64, a, 0, 64, 0.0, c, 0, 64);
        assertEquals(1, asked.get());
        assertEquals("auto(openblas for dgemm never, sgemm m*n*k >= 32^3; synthetic; scalar otherwise)", auto.name());
    }

    @Test
    void autoLoadsOpenBlasOnlyAtTheFirstProductThatCouldGoToItAndRunsOnInJavaIfItCannotLoad() {
        AtomicInteger loads = new AtomicInteger();
        GemmBySize missing = new GemmBySize(new ScalarBlas(), () -> {
            loads.incrementAndGet();
            throw new org.teachingrnns.numeric.BackendUnavailableException("libopenblas.so.0 is not on this machine.");
        }, library -> { throw new AssertionError("no library, no thresholds"); });
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        double[] a = rng.doubles(40 * 40, -1, 1).toArray();
        double[] b = rng.doubles(40 * 40, -1, 1).toArray();
        double[] c = new double[40 * 40];
        double[] expected = new double[40 * 40];
        missing.dgemm(Transpose.NO, Transpose.NO, 15, 15, 15, 1.0, a, 0, 15, b, 0, 15, 0.0, c, 0, 15);
        assertEquals(0, loads.get(), "a product below 16^3 never loads the library");
        assertTrue(missing.name().contains("so it was not loaded or calibrated"), missing.name());
        assertTrue(missing.describe().endsWith("OpenBLAS not loaded (no product needed it)"), missing.describe());
        missing.dgemm(Transpose.NO, Transpose.NO, 40, 40, 40, 1.0, a, 0, 40, b, 0, 40, 0.0, c, 0, 40);
        missing.dgemm(Transpose.NO, Transpose.NO, 40, 40, 40, 1.0, a, 0, 40, b, 0, 40, 0.0, c, 0, 40);
        new ScalarBlas().dgemm(Transpose.NO, Transpose.NO, 40, 40, 40, 1.0, a, 0, 40, b, 0, 40, 0.0, expected, 0, 40);
        assertEquals(1, loads.get(), "tried once");
        assertTrue(java.util.Arrays.equals(expected, c), "the product ran in Java");
        assertEquals("auto(scalar for every gemm: openblas unavailable: libopenblas.so.0 is not on this machine.)",
                missing.name());

        NativeAssumptions.requireOpenBlas();
        AtomicInteger decided = new AtomicInteger();
        GemmBySize present = new GemmBySize(new ScalarBlas(), () -> {
            loads.incrementAndGet();
            return OpenBlas.create();
        }, library -> {
            decided.incrementAndGet();
            return GemmBySize.Decision.thresholds(32L * 32 * 32, GemmCrossover.NEVER, "synthetic");
        });
        present.dgemm(Transpose.NO, Transpose.NO, 15, 15, 15, 1.0, a, 0, 15, b, 0, 15, 0.0, c, 0, 15);
        assertEquals(1, loads.get());
        assertTrue(!present.loaded());
        present.dgemm(Transpose.NO, Transpose.NO, 40, 40, 40, 1.0, a, 0, 40, b, 0, 40, 0.0, c, 0, 40);
        present.dgemm(Transpose.NO, Transpose.NO, 40, 40, 40, 1.0, a, 0, 40, b, 0, 40, 0.0, c, 0, 40);
        assertEquals(2, loads.get(), "loaded once, at the first product of at least 16^3");
        assertEquals(1, decided.get());
        assertTrue(present.loaded());
        assertEquals("auto(openblas for dgemm m*n*k >= 32^3, sgemm never; synthetic; scalar otherwise)", present.name());
        assertTrue(present.describe().contains(OpenBlasLibrary.get().path().toString()), present.describe());
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-12, "OpenBLAS's product");
        }
    }
}
