package org.teachingrnns.nativeblas;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * What {@code auto} runs when OpenBLAS loads: GEMM goes to OpenBLAS when {@code m*n*k} lies in the ranges where
 * OpenBLAS was measured faster on this machine ({@link AutoCalibration}, {@link OpenBlasRanges}), one set for dgemm
 * and one for sgemm; everything else (other GEMM sizes, GEMV, level-1) to the best Java backend.
 *
 * <p>The RNN's GEMV and small GEMM calls (hidden sizes 5 to a few dozen) lose more to the downcall than
 * OpenBLAS's kernels win back; large batched GEMMs may win, by how much depends on the kernels OpenBLAS runs
 * (OPENBLAS_CORETYPE=Haswell on an AVX-512 CPU halves its speed), hence the measurement.
 *
 * <p>Under {@code auto} the library itself is loaded only at the first product that could go to it (m*n*k at least
 * {@link AutoCalibration#TRIGGER}): loading and linking it cost about 0.1 s of a short run's start-up (1.7 s CPU of a
 * one-epoch {@code teach run} against 1.5 s without it, quiet Xeon), and a run of hidden size 5 never needs it. If it
 * cannot load then, every product stays in Java and {@link #name()} says why.
 */
final class GemmBySize extends Blas {

    /** Overrides the calibration for both types (a whole number of multiply-adds, m*n*k). */
    static final String THRESHOLD_PROPERTY = "teachingrnns.openblas.threshold";

    /**
     * Used only when calibration is off or failed: the crossover measured once with
     * {@code org.teachingrnns.bench.GemmSideBySide} on an AMD EPYC Zen 4 (family 25 model 17, 2 vCPU, AVX-512),
     * JDK 25, one OpenBLAS thread, OpenBLAS 0.3.31 pinned to Haswell, against vector (512-bit): dgemm time
     * OpenBLAS / vector 1.76 at n=16 down to 0.98 at 128. On a Zen 5 the same pin leaves OpenBLAS at half the
     * vector kernel's speed at n=512, which is why {@code auto} measures instead.
     */
    static final long DEFAULT_THRESHOLD = 128L * 128 * 128;

    /** As {@link #DEFAULT_THRESHOLD} for OpenBLAS's AVX-512 kernels (unpinned on that Zen 4: 0.68-0.92 from n=24). */
    static final long AVX512_THRESHOLD = 24L * 24 * 24;

    /** The products of each element type that go to OpenBLAS, and where that rule comes from. */
    record Decision(OpenBlasRanges dgemm, OpenBlasRanges sgemm, String source) {

        /** A fixed threshold per type ({@link GemmCrossover#NEVER} for never): the fallbacks and the override. */
        static Decision thresholds(long dgemm, long sgemm, String source) {
            return new Decision(OpenBlasRanges.from(dgemm), OpenBlasRanges.from(sgemm), source);
        }
    }

    /** The library: given, or loaded at the first product of at least the trigger (written before decision). */
    private volatile OpenBlas openBlas;
    private final Blas java;
    /** Loads the library at the first product of at least the trigger; null when it was given. */
    private final Supplier<OpenBlas> loader;
    /** The decision for the library, made once at that product; null when it was given. */
    private final Function<OpenBlas, Decision> decide;
    private volatile Decision decision;
    /** Why the library could not be loaded when a product needed it; null while it loaded or was not needed. */
    private volatile String unavailable;

    /** A fixed decision. */
    GemmBySize(OpenBlas openBlas, Blas java, Decision decision) {
        this.openBlas = openBlas;
        this.java = java;
        this.loader = null;
        this.decide = null;
        this.decision = decision;
    }

    /** The same threshold for both types (tests). */
    GemmBySize(OpenBlas openBlas, Blas java, long threshold) {
        this(openBlas, java, Decision.thresholds(threshold, threshold, "given"));
    }

    /**
     * The decision from {@code calibration}, asked (once, never throwing) at the first GEMM of at least
     * {@link AutoCalibration#TRIGGER} multiply-adds; smaller products run in Java until then, as after it.
     */
    GemmBySize(OpenBlas openBlas, Blas java, Supplier<Decision> calibration) {
        this.openBlas = openBlas;
        this.java = java;
        this.loader = null;
        this.decide = library -> calibration.get();
    }

    /**
     * {@code auto}'s form: nothing native is touched until the first GEMM of at least {@link AutoCalibration#TRIGGER}
     * multiply-adds; then {@code loader} loads the library and {@code decide} gives its decision. If either throws
     * {@link BackendUnavailableException} or {@link LinkageError}, every product stays in {@code java}.
     */
    GemmBySize(Blas java, Supplier<OpenBlas> loader, Function<OpenBlas, Decision> decide) {
        this.java = java;
        this.loader = loader;
        this.decide = decide;
    }

    /**
     * The default for OpenBLAS running the kernels of {@code coreName} (openblas_get_corename) when nothing is
     * measured: the property if set, else the crossover measured once for that kernel family.
     */
    static long threshold(String coreName) {
        String v = System.getProperty(THRESHOLD_PROPERTY);
        if (v == null || v.isBlank()) {
            return avx512Kernels(coreName) ? AVX512_THRESHOLD : DEFAULT_THRESHOLD;
        }
        try {
            long t = Long.parseLong(v.trim());
            if (t >= 0) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BackendUnavailableException("-D" + THRESHOLD_PROPERTY + "=" + v
                + " is not a whole number >= 0 (multiply-adds m*n*k from which gemm goes to OpenBLAS).");
    }

    static boolean thresholdOverridden() {
        String v = System.getProperty(THRESHOLD_PROPERTY);
        return v != null && !v.isBlank();
    }

    /** OpenBLAS's names for its AVX-512 kernel families (driver/others/dynamic.c, corename[]). */
    static boolean avx512Kernels(String coreName) {
        String c = coreName == null ? "" : coreName.trim().toLowerCase(Locale.ROOT);
        return c.equals("skylakex") || c.equals("cooperlake") || c.equals("sapphirerapids");
    }

    /** The decision for a product of {@code mnk}: null while pending and below the trigger. */
    private Decision decisionFor(long mnk) {
        Decision t = decision;
        if (t != null || mnk < AutoCalibration.TRIGGER) {
            return t;
        }
        synchronized (this) {
            if (decision == null) {
                try {
                    OpenBlas library = openBlas != null ? openBlas : loader.get();
                    Decision decided = decide.apply(library);
                    openBlas = library;
                    decision = decided;
                } catch (BackendUnavailableException | LinkageError e) {
                    // Only the deferred form can get here (a given library's calibration never throws): the run
                    // goes on in Java, and the name says why.
                    unavailable = e.getMessage() == null ? e.toString() : e.getMessage();
                    decision = new Decision(OpenBlasRanges.NONE, OpenBlasRanges.NONE, "openblas unavailable");
                }
            }
            return decision;
        }
    }

    /** Loads the library and decides now, as the first product of at least the trigger would. */
    @Override
    public void settle() {
        decisionFor(AutoCalibration.TRIGGER);
    }

    /** Whether the library is loaded (given, or loaded by a product that reached the trigger). */
    boolean loaded() {
        return openBlas != null;
    }

    private boolean nativeDgemm(int m, int n, int k) {
        long mnk = (long) m * n * k;
        Decision t = decisionFor(mnk);
        return t != null && t.dgemm().contains(mnk);
    }

    private boolean nativeSgemm(int m, int n, int k) {
        long mnk = (long) m * n * k;
        Decision t = decisionFor(mnk);
        return t != null && t.sgemm().contains(mnk);
    }

    /**
     * E.g. {@code auto(openblas for dgemm m*n*k in [16^3, 78^3) or >= 157^3, sgemm m*n*k >= 222^3; measured
     * 2026-11-30T09:40:12Z; vector otherwise)}; results.json's {@code backend} and {@code backend_choice} carry it.
     */
    @Override
    public String name() {
        Decision t = decision;
        if (t == null) {
            // What ran and why, not what might: no product has reached the size OpenBLAS could take, so every
            // one ran in Java and nothing was measured (a run of hidden size 5 never gets there).
            return "auto(" + java.name() + " for every gemm so far: none has reached m*n*k >= "
                    + GemmCrossover.format(AutoCalibration.TRIGGER) + ", the smallest product OpenBLAS is calibrated"
                    + " for and could take, so it was not " + (openBlas == null ? "loaded or calibrated" : "calibrated")
                    + "; " + java.name() + " otherwise)";
        }
        String why = unavailable;
        if (why != null) {
            return "auto(" + java.name() + " for every gemm: openblas unavailable: " + why + ")";
        }
        String rule = t.dgemm().equals(t.sgemm())
                ? (t.dgemm().none() ? "openblas for no gemm" : "openblas for gemm " + t.dgemm().describe())
                : "openblas for dgemm " + t.dgemm().describe() + ", sgemm " + t.sgemm().describe();
        return "auto(" + rule + "; " + t.source() + "; " + java.name() + " otherwise)";
    }

    @Override
    public String describe() {
        OpenBlas library = openBlas;
        return library != null ? name() + "; " + library.describe()
                : unavailable != null ? name() : name() + "; OpenBLAS not loaded (no product needed it)";
    }

    @Override
    protected void dgemmKernel(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        if (nativeDgemm(m, n, k)) {
            openBlas.dgemmKernel(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            java.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    protected void sgemmKernel(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        if (nativeSgemm(m, n, k)) {
            openBlas.sgemmKernel(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            java.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    protected void dgemvKernel(Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                               double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
        java.dgemv(trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    protected void sgemvKernel(Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                               float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
        java.sgemv(trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    protected double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        return java.ddot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected float sdotKernel(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        return java.sdot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        java.daxpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void saxpyKernel(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        java.saxpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void dscalKernel(int n, double alpha, double[] x, int xOff, int incx) {
        java.dscal(n, alpha, x, xOff, incx);
    }

    @Override
    protected void sscalKernel(int n, float alpha, float[] x, int xOff, int incx) {
        java.sscal(n, alpha, x, xOff, incx);
    }

    @Override
    protected double dnrm2Kernel(int n, double[] x, int xOff, int incx) {
        return java.dnrm2(n, x, xOff, incx);
    }
}
