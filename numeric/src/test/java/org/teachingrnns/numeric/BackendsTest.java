package org.teachingrnns.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Backend discovery and choice. The forced and module-less cases run in a child JVM, because the choice
 * of {@link Blas#get()} is made once per JVM and the module set is fixed at start-up.
 */
class BackendsTest {

    @Test
    void autoPicksVectorWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "surefire adds the module");
        assertTrue(Blas.names().containsAll(List.of("auto", "scalar", "vector")), Blas.names().toString());
        // numeric alone knows scalar and vector; vector has the higher priority.
        assertEquals("vector", Blas.of("auto").name());
        assertEquals("vector", Blas.of("Vector").name());
        assertEquals("scalar", Blas.of(" scalar ").name());
    }

    @Test
    void unknownNamesAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.of("nope"));
        assertTrue(e.getMessage().contains("unknown backend 'nope'") && e.getMessage().contains("vector"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Blas.of(null));
    }

    @Test
    void forcedBackendPropertyIsObeyedAndReported() throws Exception {
        String out = runProbe(true, "-D" + Blas.BACKEND_PROPERTY + "=scalar");
        assertTrue(out.contains("chosen=scalar") && out.contains("forced by -Dteachingrnns.backend=scalar"), out);
        out = runProbe(true, "-D" + Blas.BACKEND_PROPERTY + "=nope");
        assertTrue(out.contains("IllegalArgumentException: unknown backend 'nope'"), out);
        out = runProbe(true, "-Dteachingrnns.vector.bits=128", "-Dteachingrnns.threads=2");
        assertTrue(out.contains("chosen=vector") && out.contains("128-bit") && out.contains("threads 2"), out);
    }

    @Test
    void withoutTheModuleAutoFallsBackToScalarAndSaysWhy() throws Exception {
        String out = runProbe(false);
        assertTrue(out.contains("chosen=scalar"), out);
        assertTrue(out.contains("vector unavailable: the Vector API is not enabled: start the JVM with "
                + "--add-modules jdk.incubator.vector"), out);
        out = runProbe(false, "-D" + Blas.BACKEND_PROPERTY + "=vector");
        assertTrue(out.contains("BackendUnavailableException: the Vector API is not enabled"), out);
    }

    /** Runs {@link BackendProbe} in a fresh JVM (with or without the Vector API) and returns its output. */
    private static String runProbe(boolean withVector, String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withVector) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of(props));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BackendProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
