package org.teachingrnns.nativeblas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.teachingrnns.nativeblas.GemmCrossover.SizeTiming;

/**
 * One measurement of the GEMM crossover on this machine: for each element type the timings and the threshold
 * decided from them, and what it was measured on ({@link CalibrationKey}). Stored as a properties file by
 * {@link CalibrationCache}.
 *
 * @param clock   {@code thread-cpu} (both backends single-threaded) or {@code wall}
 * @param seconds clock time the measurement took, warm-up included
 */
record Calibration(CalibrationKey key, Instant measuredAt, String clock, double seconds, double margin,
                   PerType dgemm, PerType sgemm) {

    /** Timings in ascending n and the threshold in multiply-adds ({@link GemmCrossover#NEVER} for never). */
    record PerType(List<SizeTiming> timings, long threshold) {
        PerType {
            timings = List.copyOf(timings);
        }
    }

    static final int FORMAT = 1;

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
        p.setProperty(prefix + ".threshold", t.threshold() == GemmCrossover.NEVER ? "never" : Long.toString(t.threshold()));
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
            return new Calibration(key, Instant.parse(req(p, "measured_at")), req(p, "clock"),
                    Double.parseDouble(req(p, "seconds")), Double.parseDouble(req(p, "margin")),
                    perType(p, "dgemm"), perType(p, "sgemm"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static PerType perType(Properties p, String prefix) {
        String t = req(p, prefix + ".threshold");
        long threshold = t.equals("never") ? GemmCrossover.NEVER : Long.parseLong(t);
        if (threshold < 0) {
            throw new IllegalArgumentException("negative threshold");
        }
        List<SizeTiming> timings = new ArrayList<>();
        String all = req(p, prefix + ".timings");
        if (!all.isEmpty()) {
            for (String s : all.split(",")) {
                String[] f = s.split(":");
                timings.add(new SizeTiming(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
            }
        }
        return new PerType(timings, threshold);
    }

    private static String req(Properties p, String name) {
        String v = p.getProperty(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }

    /** e.g. {@code dgemm from 128^3, sgemm never (measured 2026-11-30T09:40:12Z)}. */
    String summary() {
        return "dgemm " + from(dgemm.threshold()) + ", sgemm " + from(sgemm.threshold()) + " (measured "
                + measuredAt + ")";
    }

    static String from(long threshold) {
        return threshold == GemmCrossover.NEVER ? "never" : "from " + GemmCrossover.format(threshold);
    }

    /** One line per size for logs: {@code n=64 java 80.1 openblas 60.3 GFLOP/s (0.75)}. */
    static String table(PerType t) {
        StringBuilder sb = new StringBuilder();
        for (SizeTiming s : t.timings()) {
            sb.append(String.format(Locale.ROOT, "n=%d java %.1f openblas %.1f GFLOP/s (%.2f)%n", s.n(), s.javaGflops(),
                    s.openBlasGflops(), s.speedup()));
        }
        return sb.toString();
    }
}
