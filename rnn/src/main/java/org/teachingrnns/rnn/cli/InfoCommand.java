package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code teach info}: what this machine and JVM offer the kernels. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "CPU and SIMD flags, JDK, Vector API species, BLAS backends and what auto chooses.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the same information as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Map<String, Object> info = SystemInfo.collect();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.pretty(new Json().value(info)));
        } else {
            print(out, info);
        }
        out.flush();
        return Teach.OK;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintWriter out, Map<String, Object> info) {
        Map<String, Object> cpu = (Map<String, Object>) info.get("cpu");
        out.println("CPU         " + cpu.get("model") + " (" + cpu.get("logical_cpus") + " logical CPUs)");
        List<String> simd = (List<String>) cpu.get("simd");
        out.println("SIMD        " + (simd.isEmpty() ? "(none of sse4_2, avx, avx2, fma, avx512* listed)" : String.join(" ", simd)));
        Map<String, Object> jdk = (Map<String, Object>) info.get("jdk");
        out.println("JDK         " + jdk.get("version") + " (" + jdk.get("vendor") + ")");
        out.println("java.home   " + jdk.get("java_home"));
        out.println("OS          " + jdk.get("os"));
        Map<String, Object> vec = (Map<String, Object>) info.get("vector_species");
        if (vec.containsKey("missing")) {
            out.println("Vector API  " + vec.get("missing"));
        } else {
            out.println("Vector API  preferred species: float " + shape(vec.get("float")) + ", double " + shape(vec.get("double")));
        }
        out.println("Backends");
        for (Map<String, Object> b : (List<Map<String, Object>>) info.get("backends")) {
            String name = String.format("  %-10s", b.get("name"));
            if (Boolean.TRUE.equals(b.get("available"))) {
                out.println(name + "available    " + b.get("describe"));
            } else {
                out.println(name + "unavailable  " + b.get("reason"));
            }
        }
        out.println("auto        " + info.get("auto"));
    }

    @SuppressWarnings("unchecked")
    private static String shape(Object o) {
        Map<String, Object> m = (Map<String, Object>) o;
        return m.get("bits") + " bits (" + m.get("lanes") + " lanes)";
    }
}
