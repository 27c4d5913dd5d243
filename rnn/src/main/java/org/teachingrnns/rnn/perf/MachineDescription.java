package org.teachingrnns.rnn.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.teachingrnns.numeric.Blas;

/**
 * What a benchmark's numbers depend on: CPU model, family and model number, SIMD flags, logical CPUs, JDK, Vector
 * API width, and the OpenBLAS version and core type (OpenBLAS picks its kernels by core; OPENBLAS_CORETYPE pins
 * it). A map of plain values, in the order written to {@code teach bench --json}.
 */
public final class MachineDescription {

    private static final Pattern OPENBLAS = Pattern.compile("OpenBLAS (\\S+), core ([^,]+)");

    private MachineDescription() {
    }

    public static Map<String, Object> collect(Path cpuinfo, Map<String, Blas> backends) {
        Map<String, Object> m = new LinkedHashMap<>(cpu(cpuinfo));
        m.put("logical_cpus", Runtime.getRuntime().availableProcessors());
        m.put("jdk", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("vector_bits", vectorBits());
        Blas openblas = backends.get("openblas");
        if (openblas != null) {
            String d = openblas.describe();
            Matcher x = OPENBLAS.matcher(d);
            m.put("openblas_version", x.find() ? x.group(1) : null);
            m.put("openblas_core", x.find(0) ? x.group(2).trim() : null);
        } else {
            m.put("openblas_version", null);
            m.put("openblas_core", null);
        }
        m.put("openblas_coretype_env", System.getenv("OPENBLAS_CORETYPE"));
        Map<String, String> described = new LinkedHashMap<>();
        backends.forEach((name, blas) -> described.put(name, blas.describe()));
        m.put("backends", described);
        return m;
    }

    /** cpu_model, cpu_family, cpu_model_number and simd from /proc/cpuinfo (absent values are null). */
    static Map<String, Object> cpu(Path cpuinfo) {
        Map<String, Object> m = new LinkedHashMap<>();
        String model = null;
        String family = null;
        String number = null;
        List<String> simd = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    if (model != null) {
                        break; // the first processor's block is enough
                    }
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "model name" -> model = model == null ? value : model;
                    case "cpu family" -> family = family == null ? value : family;
                    case "model" -> number = number == null ? value : number;
                    case "flags" -> {
                        if (simd.isEmpty()) {
                            for (String f : value.split("\\s+")) {
                                if (f.equals("sse4_2") || f.equals("avx") || f.equals("avx2") || f.equals("fma")
                                        || f.startsWith("avx512") || f.startsWith("amx")) {
                                    simd.add(f);
                                }
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // not Linux, or no /proc: the fields stay null
        }
        m.put("cpu_model", model);
        m.put("cpu_family", integer(family));
        m.put("cpu_model_number", integer(number));
        m.put("simd", simd);
        return m;
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Bits of the preferred double species, or null without the Vector API module. */
    static Integer vectorBits() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return Species.bits();
        } catch (LinkageError e) {
            return null;
        }
    }

    /** Only loaded when the module is present. */
    private static final class Species {
        static int bits() {
            return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
