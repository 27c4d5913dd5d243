package org.teachingrnns.nativeblas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.teachingrnns.nativeblas.GemmCrossover.SizeTiming;

/**
 * One measurement of where OpenBLAS beats the Java GEMM on this machine: for each element type the timings and the
 * ranges decided from them, and what it was measured on ({@link CalibrationKey}). Stored as a properties file by
 * {@link CalibrationCache}: the timings and the margin, not the ranges, which are derived again on reading
 * ({@link GemmCrossover#ranges}, the one place of that rule).
 *
 * @param clock   {@code thread-cpu} (both backends single-threaded) or {@code wall}
 * @param seconds clock time the measurement took, warm-up included
 */
record Calibration(CalibrationKey key, Instant measuredAt, String clock, double seconds, double margin,
                   PerType dgemm, PerType sgemm) {

    /** Timings in ascending n and the ranges of m*n*k decided from them. */
    record PerType(List<SizeTiming> timings, OpenBlasRanges openBlas) {
        PerType {
            timings = List.copyOf(timings);
        }

        /** The timings with the ranges {@link GemmCrossover#ranges} decides for them at {@code margin}. */
        static PerType of(List<SizeTiming> timings, double margin) {
            return new PerType(timings, GemmCrossover.ranges(timings, margin));
        }
    }

    /**
     * 2: every size measured, the ranges derived from the timings. Files of format 1 (one threshold per type, the
     * sweep stopped where OpenBLAS led "clearly") are measured again.
     */
    static final int FORMAT = 2;

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        for (Map.Entry<String, String> e : key.fields().entrySet()) {
            p.setProperty("key." + e.getKey(), e.getValue());
        }
        p.setProperty("measured_at", measuredAt.toString());
        p.setProperty("clock", clock);
        p.setProperty("seconds", Double.toString(seconds));
        p.setProperty("margin", Double.toString(margin));
        put(p, "dgemm", dgemm);
        put(p, "sgemm", sgemm);
        return p;
    }

    private static void put(Properties p, String prefix, PerType t) {
        StringBuilder sb = new StringBuilder();
        for (SizeTiming s : t.timings()) {
            sb.append(sb.isEmpty() ? "" : ",").append(s.n()).append(':').append(s.javaSeconds()).append(':')
                    .append(s.openBlasSeconds());
        }
        p.setProperty(prefix + ".timings", sb.toString());
    }

    /** The calibration in {@code p}, or null when it is of another format or broken in any way. */
    static Calibration fromProperties(Properties p) {
        try {
            if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
                return null;
            }
            CalibrationKey key = new CalibrationKey(req(p, "key.cpu"), req(p, "key.openblas"),
                    req(p, "key.environment"), req(p, "key.jdk"), req(p, "key.java_backend"));
            double margin = Double.parseDouble(req(p, "margin"));
            if (!(margin >= 0 && margin < 1)) {
                return null;
            }
            return new Calibration(key, Instant.parse(req(p, "measured_at")), req(p, "clock"),
                    Double.parseDouble(req(p, "seconds")), margin, perType(p, "dgemm", margin),
                    perType(p, "sgemm", margin));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static PerType perType(Properties p, String prefix, double margin) {
        List<SizeTiming> timings = new ArrayList<>();
        String all = req(p, prefix + ".timings");
        if (!all.isEmpty()) {
            for (String s : all.split(",")) {
                String[] f = s.split(":");
                timings.add(new SizeTiming(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
            }
        }
        for (int i = 1; i < timings.size(); i++) {
            if (timings.get(i).n() <= timings.get(i - 1).n()) {
                throw new IllegalArgumentException("sizes not ascending");
            }
        }
        return PerType.of(timings, margin);
    }

    private static String req(Properties p, String name) {
        String v = p.getProperty(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }
}
