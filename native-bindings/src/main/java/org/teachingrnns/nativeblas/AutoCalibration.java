package org.teachingrnns.nativeblas;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.teachingrnns.nativeblas.GemmCalibration.Clock;
import org.teachingrnns.nativeblas.GemmCalibration.Product;
import org.teachingrnns.nativeblas.GemmCrossover.SizeTiming;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Where {@code auto} sends GEMM: measured on the machine, once per {@link CalibrationKey}, and cached.
 *
 * <p>When it runs: never for a JVM whose products all stay below 16^3 multiply-adds (the smallest size measured);
 * otherwise at the first larger GEMM through {@code auto} when no calibration for this key is cached (1.3-1.4 s
 * of CPU, 3.0-3.2 s of wall time on the quiet Xeon, once per machine, library, kernels and JDK; README, Backends), or
 * on request ({@code teach info --calibrate}).
 * {@code teach info} measures when nothing is cached. {@code -Dteachingrnns.openblas.threshold} overrides the
 * result; {@code -Dteachingrnns.openblas.calibration=off} (or {@code TEACHINGRNNS_OPENBLAS_CALIBRATION=off}, as
 * the build sets for tests, which must be deterministic) never measures or reads the cache and uses the kernel
 * family's default ({@link GemmBySize#threshold(String)}).
 */
public final class AutoCalibration {

    /** {@code lazy} (default) or {@code off}. */
    public static final String MODE_PROPERTY = "teachingrnns.openblas.calibration";
    /** Read when the property is not set (child JVMs inherit it). */
    public static final String MODE_ENV = "TEACHINGRNNS_OPENBLAS_CALIBRATION";

    /** The smallest product that can go to OpenBLAS after any calibration: the smallest size measured. */
    static final long TRIGGER = (long) GemmCalibration.SIZES[0] * GemmCalibration.SIZES[0] * GemmCalibration.SIZES[0];

    private static final Object LOCK = new Object();
    /** Calibrations this JVM measured or read, by key: a second GemmBySize never measures again. */
    private static final Map<CalibrationKey, Calibration> KNOWN = new HashMap<>();

    private AutoCalibration() {
    }

    /** Whether calibration may run (and the cache be read); false for {@code off}. */
    static boolean enabled() {
        String v = System.getProperty(MODE_PROPERTY);
        String from = "-D" + MODE_PROPERTY;
        if (v == null || v.isBlank()) {
            v = System.getenv(MODE_ENV);
            from = "$" + MODE_ENV;
        }
        if (v == null || v.isBlank()) {
            return true;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "lazy", "on" -> true;
            case "off" -> false;
            default -> throw new BackendUnavailableException(from + "=" + v + " is neither lazy nor off.");
        };
    }

    /**
     * What {@code auto} runs: {@code java} until the first product that could go to OpenBLAS (m*n*k at least
     * {@link #TRIGGER}), which loads the library and decides what goes to it ({@link #decision(OpenBlas, Blas)}).
     * The properties are checked now, so a bad value is reported when the backend is built.
     */
    static GemmBySize forAuto(Blas java) {
        if (GemmBySize.thresholdOverridden()) {
            GemmBySize.threshold("");
        }
        enabled();
        return new GemmBySize(java, OpenBlas::create, library -> decision(library, java));
    }

    /**
     * What goes to this library, decided at the first product that reaches {@link #TRIGGER}: the overriding
     * threshold, the default when calibration is off, this JVM's or the cached calibration, else measured now (once
     * per key; a failed measurement falls back to the default).
     */
    static GemmBySize.Decision decision(OpenBlas openBlas, Blas java) {
        OpenBlasLibrary lib = openBlas.library();
        if (GemmBySize.thresholdOverridden()) {
            long t = GemmBySize.threshold(lib.coreName());
            return GemmBySize.Decision.thresholds(t, t, "-D" + GemmBySize.THRESHOLD_PROPERTY);
        }
        if (!enabled()) {
            return fallback(lib, "calibration off");
        }
        CalibrationKey key = CalibrationKey.of(lib, java);
        try {
            return decision(calibration(openBlas, java, key));
        } catch (RuntimeException | LinkageError e) {
            return fallback(lib, "calibration failed: " + e);
        }
    }

    private static GemmBySize.Decision fallback(OpenBlasLibrary lib, String why) {
        long t = GemmBySize.threshold(lib.coreName());
        return GemmBySize.Decision.thresholds(t, t, why + ", default for core " + lib.coreName());
    }

    static GemmBySize.Decision decision(Calibration c) {
        return new GemmBySize.Decision(c.dgemm().openBlas(), c.sgemm().openBlas(),
                "measured " + c.measuredAt().truncatedTo(ChronoUnit.SECONDS));
    }

    private static Path file(CalibrationKey key) {
        return CalibrationCache.file(BundledOpenBlas.defaultCacheRoot(), key);
    }

    /** This JVM's calibration for the key, else the cached one, else null. */
    private static Calibration lookUp(CalibrationKey key) {
        synchronized (LOCK) {
            Calibration c = KNOWN.get(key);
            if (c == null) {
                c = CalibrationCache.read(file(key), key);
                if (c != null) {
                    KNOWN.put(key, c);
                }
            }
            return c;
        }
    }

    /** The calibration for the key: known, cached (another JVM may have written it meanwhile), or measured now. */
    private static Calibration calibration(OpenBlas openBlas, Blas java, CalibrationKey key) {
        synchronized (LOCK) {
            Calibration c = lookUp(key);
            return c != null ? c : measureAndStore(openBlas, java, key).calibration();
        }
    }

    private static Measured measureAndStore(OpenBlas openBlas, Blas java, CalibrationKey key) {
        synchronized (LOCK) {
            Measured m = measure(openBlas, java, key);
            KNOWN.put(key, m.calibration());
            if (m.notStored() == null) {
                try {
                    CalibrationCache.write(file(key), m.calibration());
                } catch (java.io.UncheckedIOException notStored) {
                    // This JVM uses the result anyway; the next one measures again (report() shows the file missing).
                }
            }
            return m;
        }
    }

    /**
     * A calibration and, when it is not to be stored, why: this JVM uses it (its OpenBLAS calls do run that slowly)
     * but the next JVM measures again.
     */
    record Measured(Calibration calibration, String notStored) {
    }

    /** Why a calibration of these two runs is not to be stored, or null. */
    static String notStored(GemmCalibration.Run dgemm, GemmCalibration.Run sgemm) {
        String cold = dgemm.openBlasCold() && sgemm.openBlasCold() ? "dgemm and sgemm"
                : dgemm.openBlasCold() ? "dgemm" : sgemm.openBlasCold() ? "sgemm" : null;
        return cold == null ? null : "OpenBLAS's " + cold + " calls stayed in C1's code while timed (a busy JIT),"
                + " so its small sizes read slower than a warm JVM runs them; the next JVM measures again";
    }

    /** Both element types on the real backends (1.3-1.4 s of this thread's CPU on the Xeon; README, Backends). */
    static Measured measure(OpenBlas openBlas, Blas java, CalibrationKey key) {
        boolean singleThreaded = openBlas.library().threads() == 1 && javaThreads() == 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = singleThreaded && mx.isCurrentThreadCpuTimeSupported();
        Clock clock = cpu ? mx::getCurrentThreadCpuTime : System::nanoTime;
        int max = GemmCalibration.SIZES[GemmCalibration.SIZES.length - 1];
        SplittableRandom rng = new SplittableRandom(12345);
        double[] da = rng.doubles(max * max, -1, 1).toArray();
        double[] db = rng.doubles(max * max, -1, 1).toArray();
        double[] dc = new double[warmC()];
        Product dJava = n -> java.dgemm(Transpose.NO, Transpose.NO, n, n, n, 1.0, da, 0, n, db, 0, n, 0.0, dc, 0, n);
        Product dOpen = n -> openBlas.dgemm(Transpose.NO, Transpose.NO, n, n, n, 1.0, da, 0, n, db, 0, n, 0.0, dc, 0, n);
        Product dJavaWarm = n -> java.dgemm(Transpose.NO, Transpose.NO, GemmCalibration.warmRows(n), n,
                GemmCalibration.warmDepth(n), 1.0, da, 0, GemmCalibration.warmDepth(n), db, 0, n, 0.0, dc, 0, n);
        Product dOpenWarm = n -> openBlas.dgemm(Transpose.NO, Transpose.NO, GemmCalibration.warmRows(n), n,
                GemmCalibration.warmDepth(n), 1.0, da, 0, GemmCalibration.warmDepth(n), db, 0, n, 0.0, dc, 0, n);
        float[] sa = new float[max * max];
        float[] sb = new float[max * max];
        float[] sc = new float[warmC()];
        for (int i = 0; i < sa.length; i++) {
            sa[i] = (float) da[i];
            sb[i] = (float) db[i];
        }
        Product sJava = n -> java.sgemm(Transpose.NO, Transpose.NO, n, n, n, 1f, sa, 0, n, sb, 0, n, 0f, sc, 0, n);
        Product sOpen = n -> openBlas.sgemm(Transpose.NO, Transpose.NO, n, n, n, 1f, sa, 0, n, sb, 0, n, 0f, sc, 0, n);
        Product sJavaWarm = n -> java.sgemm(Transpose.NO, Transpose.NO, GemmCalibration.warmRows(n), n,
                GemmCalibration.warmDepth(n), 1f, sa, 0, GemmCalibration.warmDepth(n), sb, 0, n, 0f, sc, 0, n);
        Product sOpenWarm = n -> openBlas.sgemm(Transpose.NO, Transpose.NO, GemmCalibration.warmRows(n), n,
                GemmCalibration.warmDepth(n), 1f, sa, 0, GemmCalibration.warmDepth(n), sb, 0, n, 0f, sc, 0, n);
        // OpenBLAS's Java side for both types before either is timed (GemmCalibration.warmOpenBlasSide says why).
        GemmCalibration.warmOpenBlasSide(clock, dOpenWarm, sOpenWarm);
        GemmCalibration.Run d = GemmCalibration.measure(GemmCalibration.SIZES, dJava, dOpen, dJavaWarm, dOpenWarm,
                clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        GemmCalibration.Run s = GemmCalibration.measure(GemmCalibration.SIZES, sJava, sOpen, sJavaWarm, sOpenWarm,
                clock, GemmCalibration.ROUNDS, GemmCalibration.BUDGET_NANOS, GemmCrossover.MARGIN);
        return new Measured(new Calibration(key, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                cpu ? "thread-cpu" : "wall", (d.nanos() + s.nanos()) * 1e-9, GemmCrossover.MARGIN,
                Calibration.PerType.of(d.timings(), GemmCrossover.MARGIN),
                Calibration.PerType.of(s.timings(), GemmCrossover.MARGIN)), notStored(d, s));
    }

    /**
     * Where decisions measured on top of this machine's calibration are kept: {@code
     * <cache>/auto-calibration/<name>/<key hash>}, the key being the calibration's (CPU, OpenBLAS, its environment,
     * JDK, Java kernels), so they are measured again whenever the calibration would be. Null when {@code auto}
     * does not measure here: calibration off, a threshold forced by {@code -Dteachingrnns.openblas.threshold},
     * or OpenBLAS unavailable. rnn's epoch trial keeps its per-workload choices there.
     */
    public static Path measuredDecisions(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("..")) {
            throw new IllegalArgumentException("a plain directory name, got '" + name + "'");
        }
        try {
            if (GemmBySize.thresholdOverridden() || !enabled()) {
                return null;
            }
            OpenBlas openBlas = OpenBlas.create();
            CalibrationKey key = CalibrationKey.of(openBlas.library(), OpenBlas.javaLevel1());
            return BundledOpenBlas.defaultCacheRoot().resolve(CalibrationCache.DIRECTORY).resolve(name)
                    .resolve(key.hash());
        } catch (BackendUnavailableException | LinkageError e) {
            return null;   // a bad mode value was reported when auto was built; no OpenBLAS: nothing to choose
        }
    }

    /**
     * Whether OpenBLAS (when it loads) and the Java kernels each run one thread, so that a thread's CPU time measures
     * a product's cost (else a measurement must use wall time).
     */
    public static boolean singleThreaded() {
        try {
            return OpenBlas.create().library().threads() == 1 && javaThreads() == 1;
        } catch (BackendUnavailableException | LinkageError e) {
            return javaThreads() == 1;
        }
    }

    /** Elements of C for the largest product measured or warmed (the warm-up's rows x n exceed n x n). */
    private static int warmC() {
        int c = 0;
        for (int n : GemmCalibration.SIZES) {
            c = Math.max(c, Math.max(n * n, GemmCalibration.warmRows(n) * n));
        }
        return c;
    }

    /** numeric's VectorBlas threads ({@code -Dteachingrnns.threads}, default 1), read without loading its class. */
    private static int javaThreads() {
        try {
            return Math.max(1, Integer.parseInt(System.getProperty("teachingrnns.threads", "1").trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    // ------------------------------------------------------------------ teach info

    /**
     * What {@code teach info} shows (plain maps, lists, strings and numbers, so the CLI needs no compile-time
     * dependency on this module): the key, the GFLOP/s per size of both backends, the ranges auto sends to OpenBLAS
     * and which backend each measured size goes to, when measured,
     * the cache file. With {@code measure}, or when nothing is cached and calibration is not off, it measures now
     * and stores the result.
     */
    public static Map<String, Object> report(boolean measure) {
        Map<String, Object> m = new LinkedHashMap<>();
        OpenBlas openBlas;
        Blas java;
        try {
            openBlas = OpenBlas.create();
            java = OpenBlas.javaLevel1();
        } catch (BackendUnavailableException e) {
            m.put("status", "unavailable: " + e.getMessage());
            return m;
        }
        OpenBlasLibrary lib = openBlas.library();
        CalibrationKey key = CalibrationKey.of(lib, java);
        Path file = file(key);
        boolean enabled;
        try {
            enabled = enabled();
        } catch (BackendUnavailableException e) {
            m.put("status", e.getMessage());
            return m;
        }
        Calibration c = null;
        String status;
        boolean notWritten = false;
        if (measure) {
            Measured measured = measureAndStore(openBlas, java, key);
            c = measured.calibration();
            notWritten = measured.notStored() != null;
            status = "measured now" + (notWritten ? "; not stored: " + measured.notStored() : "");
        } else if (!enabled) {
            status = "off (" + MODE_PROPERTY + " / $" + MODE_ENV + "); auto uses the default for core "
                    + lib.coreName() + ", " + GemmCrossover.format(GemmBySize.threshold(lib.coreName()));
        } else {
            c = lookUp(key);
            if (c != null) {
                status = "cached";
            } else {
                c = calibration(openBlas, java, key);
                status = "measured now (nothing cached for this key)";
            }
        }
        if (GemmBySize.thresholdOverridden()) {
            status += "; -D" + GemmBySize.THRESHOLD_PROPERTY + "=" + System.getProperty(GemmBySize.THRESHOLD_PROPERTY)
                    + " overrides it";
        }
        m.put("status", status);
        m.put("file", file.toString() + (notWritten ? " (not written)"
                : c != null && !Files.isRegularFile(file) ? " (could not be written)" : ""));
        m.put("key", new LinkedHashMap<>(key.fields()));
        if (c == null) {
            return m;
        }
        m.put("measured_at", c.measuredAt().toString());
        m.put("clock", c.clock());
        m.put("seconds", c.seconds());
        m.put("margin", c.margin());
        m.put("dgemm", perType(c.dgemm()));
        m.put("sgemm", perType(c.sgemm()));
        return m;
    }

    private static Map<String, Object> perType(Calibration.PerType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("openblas", t.openBlas().describe());
        m.put("openblas_mnk", t.openBlas().bounds());
        List<Map<String, Object>> sizes = new ArrayList<>();
        for (SizeTiming s : t.timings()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n", s.n());
            row.put("java_gflops", round(s.javaGflops()));
            row.put("openblas_gflops", round(s.openBlasGflops()));
            row.put("speedup", round(s.speedup()));
            row.put("auto", t.openBlas().contains((long) s.n() * s.n() * s.n()) ? "openblas" : "java");
            sizes.add(row);
        }
        m.put("sizes", sizes);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
