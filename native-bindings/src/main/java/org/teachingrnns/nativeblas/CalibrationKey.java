package org.teachingrnns.nativeblas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Fingerprint;

/**
 * What a calibration depends on; any change means the crossover must be measured again. The CPU (model string,
 * family, model, stepping), the OpenBLAS (file, release, kernel family, threads), the environment variables that
 * change its kernels or blocking, the JDK, and the Java backend's own description (Vector API width, GEMM tile
 * and blocking, threads) with its kernels' code ({@link Blas#kernelFingerprint()}), so that a new build of the Java
 * kernels is measured again.
 */
record CalibrationKey(String cpu, String openBlas, String environment, String jdk, String javaBackend) {

    /** OpenBLAS variables that pick other kernels or blocking (driver/others/dynamic.c, init.c). */
    static final List<String> ENVIRONMENT = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    static CalibrationKey of(OpenBlasLibrary lib, Blas java) {
        StringBuilder env = new StringBuilder();
        for (String v : ENVIRONMENT) {
            String value = System.getenv(v);
            env.append(env.isEmpty() ? "" : ", ").append(v).append('=').append(value == null ? "(unset)" : value);
        }
        return new CalibrationKey(cpu(Path.of("/proc/cpuinfo")),
                lib.path() + ", OpenBLAS " + lib.version() + ", core " + lib.coreName() + ", " + lib.threads()
                        + (lib.threads() == 1 ? " thread" : " threads"),
                env.toString(),
                Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                java.describe() + "; kernels " + java.kernelFingerprint());
    }

    /** {@code model name (family F, model M, stepping S)} from the first processor of a cpuinfo file. */
    static String cpu(Path cpuinfo) {
        Map<String, String> first = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.isBlank() && !first.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    first.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs)";
        }
        return first.getOrDefault("model name", "unknown") + " (family " + first.getOrDefault("cpu family", "?")
                + ", model " + first.getOrDefault("model", "?") + ", stepping " + first.getOrDefault("stepping", "?")
                + ")";
    }

    /** The fields by name, in a stable order (the cache file and {@code teach info} print them). */
    Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", cpu);
        m.put("openblas", openBlas);
        m.put("environment", environment);
        m.put("jdk", jdk);
        m.put("java_backend", javaBackend);
        return m;
    }

    /** 12 hex digits of SHA-256 over the fields: names the cache file. */
    String hash() {
        StringBuilder text = new StringBuilder();
        for (var e : fields().entrySet()) {
            text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return Fingerprint.ofText(text.toString());
    }
}
