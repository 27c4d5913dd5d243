package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.teachingrnns.rnn.train.EpochTrial;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code teach info}: what this machine and JVM offer the kernels. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "CPU and SIMD flags, JDK, Vector API species, BLAS backends, what auto chooses and the "
                + "OpenBLAS-versus-Java GEMM calibration it chooses by.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the same information as JSON.")
    boolean json;

    @Option(names = "--calibrate", description = "Measure again at which sizes OpenBLAS beats the Java GEMM "
            + "(about 1.4 s of CPU and 3 s of wall time on a quiet 2-core Xeon) and store it for auto, even when a "
            + "calibration is cached.")
    boolean calibrate;

    /** The class of native-bindings (a runtime dependency only) that measures and reports the crossover. */
    static final String CALIBRATION_CLASS = "org.teachingrnns.nativeblas.AutoCalibration";

    @Override
    public Integer call() {
        // First, so that the auto backend built below already finds the calibration (cached or just measured).
        Map<String, Object> calibration = calibration(calibrate);
        Map<String, Object> info = new LinkedHashMap<>(SystemInfo.collect());
        info.put("auto_calibration", calibration);
        info.put("epoch_trials", EpochTrial.cachedDecisions());
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
        Map<String, Object> cal = (Map<String, Object>) info.get("auto_calibration");
        if (cal != null) {
            printCalibration(out, cal);
        }
        Map<String, Object> trials = (Map<String, Object>) info.get("epoch_trials");
        if (trials != null) {
            printEpochTrials(out, trials);
        }
    }

    /**
     * {@code AutoCalibration.report(measure)}, called by reflection: rnn has native-bindings only at run time (its
     * code must not depend on it), and the report is plain maps, lists, strings and numbers.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> calibration(boolean measure) {
        try {
            Object r = Class.forName(CALIBRATION_CLASS).getMethod("report", boolean.class).invoke(null, measure);
            return (Map<String, Object>) r;
        } catch (ClassNotFoundException e) {
            return Map.of("status", "native-bindings is not on the class path: auto has no OpenBLAS to calibrate");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Map.of("status", "failed: " + Teach.oneLine(String.valueOf(cause)));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Map.of("status", "failed: " + Teach.oneLine(String.valueOf(e)));
        }
    }

    /** auto's cached epoch trials: one line per workload, what each candidate's epoch took and what it chose. */
    @SuppressWarnings("unchecked")
    static void printEpochTrials(PrintWriter out, Map<String, Object> trials) {
        if (trials.containsKey("status")) {
            out.println("epoch trials " + trials.get("status"));
        }
        if (!trials.containsKey("directory")) {
            return;
        }
        List<Map<String, Object>> w = (List<Map<String, Object>>) trials.get("workloads");
        out.println("epoch trials " + w.size() + " cached in " + trials.get("directory")
                + (w.isEmpty() ? " (a run of hidden >= " + EpochTrial.MIN_HIDDEN + " under auto adds its own)" : ""));
        for (Map<String, Object> t : w) {
            out.println("  " + t.get("workload") + ": " + t.get("choice") + " ("
                    + EpochTrial.times((Map<String, Number>) t.get("ms_per_epoch")) + " ms per epoch, "
                    + t.get("measured_at") + ")");
        }
    }

    @SuppressWarnings("unchecked")
    static void printCalibration(PrintWriter out, Map<String, Object> cal) {
        out.println("calibration " + cal.get("status"));
        if (cal.containsKey("file")) {
            out.println("  file      " + cal.get("file"));
        }
        if (cal.get("key") instanceof Map<?, ?> key) {
            for (Map.Entry<?, ?> e : key.entrySet()) {
                out.println(String.format(Locale.ROOT, "  key %-12s %s", e.getKey(), e.getValue()));
            }
        }
        if (!cal.containsKey("measured_at")) {
            return;
        }
        out.println(String.format(Locale.ROOT, "  measured  %s, %s clock, %.2f s, OpenBLAS must lead by %.0f%%",
                cal.get("measured_at"), cal.get("clock"), ((Number) cal.get("seconds")).doubleValue(),
                100 * ((Number) cal.get("margin")).doubleValue()));
        for (String type : List.of("dgemm", "sgemm")) {
            Map<String, Object> t = (Map<String, Object>) cal.get(type);
            out.println("  " + type + "     to OpenBLAS: " + t.get("openblas"));
            out.println("                 n   java GFLOP/s   openblas GFLOP/s   java time / openblas time   auto");
            for (Map<String, Object> row : (List<Map<String, Object>>) t.get("sizes")) {
                out.println(String.format(Locale.ROOT, "            %6d %14.1f %18.1f %27.2f   %s",
                        ((Number) row.get("n")).intValue(), ((Number) row.get("java_gflops")).doubleValue(),
                        ((Number) row.get("openblas_gflops")).doubleValue(), ((Number) row.get("speedup")).doubleValue(),
                        row.get("auto")));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String shape(Object o) {
        Map<String, Object> m = (Map<String, Object>) o;
        return m.get("bits") + " bits (" + m.get("lanes") + " lanes)";
    }
}
