package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ScalarBlas;

/** The provider as numeric sees it: by name through ServiceLoader, described for {@code teach info}. */
class OpenBlasProviderTest {

    @Test
    void registeredWithServiceLoader() {
        assertTrue(Blas.names().contains("openblas"), Blas.names().toString());
        OpenBlasProvider p = new OpenBlasProvider();
        assertEquals("openblas", p.name());
        assertEquals(20, p.priority());
    }

    @Test
    void describeCarriesWhatTeachInfoPrints() {
        NativeAssumptions.requireOpenBlas();
        Blas blas = Blas.of("openblas");
        assertInstanceOf(OpenBlas.class, blas);
        assertEquals("openblas", blas.name());
        OpenBlasLibrary lib = OpenBlasLibrary.get();
        String d = blas.describe();
        assertTrue(d.contains(lib.path().toString()), d);
        assertTrue(d.contains("OpenBLAS " + lib.version()), d);
        assertTrue(d.contains("core " + lib.coreName()), d);
        assertTrue(d.contains(lib.threads() + " thread"), d);
        assertEquals(System.getenv("OPENBLAS_CORETYPE") != null,
                d.contains("is set in the environment (pins the kernels)"), d);
    }

    @Test
    void autoCombinesWithTheBestJavaBackend() {
        NativeAssumptions.requireOpenBlas();
        String before = System.getProperty(AutoCalibration.MODE_PROPERTY);
        try {
            // Deterministic: no measurement, no cache; the kernel family's default.
            System.setProperty(AutoCalibration.MODE_PROPERTY, "off");
            Blas auto = new OpenBlasProvider().createForAuto(new ScalarBlas());
            assertTrue(new OpenBlasProvider().loadsWhenNeededUnderAuto());
            assertTrue(auto.name().contains("so it was not loaded or calibrated"), auto.name());
            assertTrue(auto.describe().endsWith("; OpenBLAS not loaded (no product needed it)"), auto.describe());
            largeProduct(auto);
            String core = OpenBlasLibrary.get().coreName();
            assertEquals("auto(openblas for gemm m*n*k >= " + GemmCrossover.format(GemmBySize.threshold(core))
                    + "; calibration off, default for core " + core + "; scalar otherwise)", auto.name());
            assertTrue(auto.describe().contains(OpenBlasLibrary.get().path().toString()), auto.describe());
            System.setProperty(GemmBySize.THRESHOLD_PROPERTY, "4096");
            Blas overridden = new OpenBlasProvider().createForAuto(new ScalarBlas());
            largeProduct(overridden);
            assertEquals("auto(openblas for gemm m*n*k >= 16^3; -Dteachingrnns.openblas.threshold; scalar otherwise)",
                    overridden.name());
            System.setProperty(AutoCalibration.MODE_PROPERTY, "sometimes");
            System.clearProperty(GemmBySize.THRESHOLD_PROPERTY);
            var e = assertThrows(BackendUnavailableException.class,
                    () -> new OpenBlasProvider().createForAuto(new ScalarBlas()));
            assertTrue(e.getMessage().contains("neither lazy nor off"), e.getMessage());
        } finally {
            System.clearProperty(GemmBySize.THRESHOLD_PROPERTY);
            if (before == null) {
                System.clearProperty(AutoCalibration.MODE_PROPERTY);
            } else {
                System.setProperty(AutoCalibration.MODE_PROPERTY, before);
            }
        }
    }

    /** One 32^3 dgemm: at least the trigger, so auto loads OpenBLAS and decides its thresholds. */
    private static void largeProduct(Blas auto) {
        double[] a = new double[32 * 32];
        auto.dgemm(org.teachingrnns.numeric.Transpose.NO, org.teachingrnns.numeric.Transpose.NO, 32, 32, 32, 1.0,
                a, 0, 32, a, 0, 32, 0.0, new double[32 * 32], 0, 32);
    }

    @Test
    void thresholdPropertyOverridesAndBadValuesAreReported() {
        String before = System.getProperty(GemmBySize.THRESHOLD_PROPERTY);
        try {
            System.clearProperty(GemmBySize.THRESHOLD_PROPERTY);
            // The measured crossover depends on the kernels OpenBLAS runs (AVX2 when pinned to Haswell).
            assertEquals(GemmBySize.DEFAULT_THRESHOLD, GemmBySize.threshold("Haswell"));
            assertEquals(GemmBySize.DEFAULT_THRESHOLD, GemmBySize.threshold("Zen"));
            assertEquals(GemmBySize.AVX512_THRESHOLD, GemmBySize.threshold("Cooperlake"));
            assertEquals(GemmBySize.AVX512_THRESHOLD, GemmBySize.threshold("SkylakeX"));
            assertEquals(GemmBySize.AVX512_THRESHOLD, GemmBySize.threshold("SapphireRapids"));
            System.setProperty(GemmBySize.THRESHOLD_PROPERTY, "4096");
            assertEquals(4096, GemmBySize.threshold("Haswell"));
            assertEquals(4096, GemmBySize.threshold("Cooperlake"));
            System.setProperty(GemmBySize.THRESHOLD_PROPERTY, "-1");
            var e = assertThrows(BackendUnavailableException.class, () -> GemmBySize.threshold("Haswell"));
            assertTrue(e.getMessage().startsWith("-Dteachingrnns.openblas.threshold=-1 is not"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(GemmBySize.THRESHOLD_PROPERTY);
            } else {
                System.setProperty(GemmBySize.THRESHOLD_PROPERTY, before);
            }
        }
    }
}
