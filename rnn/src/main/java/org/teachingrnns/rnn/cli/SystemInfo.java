package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Backends;
import org.teachingrnns.numeric.Blas;

/** What {@code teach info} reports: CPU and SIMD flags, the JDK, vector species and the BLAS backends. */
final class SystemInfo {

    private SystemInfo() {
    }

    /** Everything, as an ordered map (the {@code --json} form; the text form prints the same entries). */
    static Map<String, Object> collect() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpu(Path.of("/proc/cpuinfo")));
        Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("version", Runtime.version().toString());
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("java_home", System.getProperty("java.home"));
        jdk.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jdk", jdk);
        m.put("vector_species", VectorInfo.describe());
        m.put("backends", backends());
        String auto;
        try {
            // What auto will do, not what it has done so far in this JVM (nothing): load OpenBLAS and decide now.
            org.teachingrnns.numeric.Blas.get().settle();
            auto = Backends.report();
        } catch (BackendUnavailableException | IllegalArgumentException e) {
            auto = "cannot choose: " + e.getMessage();
        }
        m.put("auto", auto);
        return m;
    }

    /** Model name, logical CPUs and the SIMD flags that matter for these kernels, from /proc/cpuinfo. */
    static Map<String, Object> cpu(Path cpuinfo) {
        Map<String, Object> m = new LinkedHashMap<>();
        String model = null;
        List<String> simd = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (model == null && key.equals("model name")) {
                    model = value;
                } else if (simd.isEmpty() && key.equals("flags")) {
                    simd = simdFlags(value);
                }
                if (model != null && !simd.isEmpty()) {
                    break;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            model = null;
        }
        m.put("model", model != null ? model : "unknown (no " + cpuinfo + "; arch " + System.getProperty("os.arch") + ")");
        m.put("logical_cpus", Runtime.getRuntime().availableProcessors());
        m.put("simd", simd);
        return m;
    }

    /** The flags that say which x86 vector instructions exist: SSE4.2, AVX, AVX2, FMA, F16C, AVX-512*, AMX*. */
    static List<String> simdFlags(String flags) {
        List<String> out = new ArrayList<>();
        for (String f : flags.split("\\s+")) {
            if (f.equals("sse4_2") || f.equals("avx") || f.equals("avx2") || f.equals("fma") || f.equals("f16c")
                    || f.startsWith("avx512") || f.startsWith("avx_vnni") || f.startsWith("amx")) {
                out.add(f);
            }
        }
        return out;
    }

    /** For each backend name: whether it loads here and its one-line description, or why not. */
    static List<Map<String, Object>> backends() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : Blas.names()) {
            if (name.equals("auto")) {
                continue;
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", name);
            try {
                Blas blas = Blas.of(name);
                b.put("available", true);
                b.put("describe", blas.describe());
            } catch (BackendUnavailableException | LinkageError e) {
                b.put("available", false);
                b.put("reason", e.getMessage());
            }
            list.add(b);
        }
        return list;
    }
}
