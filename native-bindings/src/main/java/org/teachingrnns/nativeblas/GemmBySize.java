package org.teachingrnns.nativeblas;

import java.util.Locale;

import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * What {@code auto} runs when OpenBLAS loads: GEMM goes to OpenBLAS when {@code m*n*k} reaches a threshold
 * measured on this CPU, everything else (small GEMM, GEMV, level-1) to the best Java backend.
 *
 * <p>The RNN's GEMV and small GEMM calls (hidden sizes 5 to a few dozen) lose more to the downcall than
 * OpenBLAS's kernels win back; large batched GEMMs (the input projection over a whole batch) win.
 */
final class GemmBySize extends Blas {

    /** Overrides {@link #DEFAULT_THRESHOLD} (a whole number of multiply-adds, m*n*k). */
    static final String THRESHOLD_PROPERTY = "teachingrnns.openblas.threshold";

    /**
     * The crossover in m*n*k from which OpenBLAS is at least as fast as the Java GEMM: 128^3.
     *
     * <p>Measured with {@code org.teachingrnns.bench.GemmSideBySide} (square, both backends alternating in one JVM,
     * best of 15-31 rounds), AMD EPYC Zen 4 (family 25 model 17, 2 vCPU, AVX-512), JDK 25, one OpenBLAS thread, OpenBLAS 0.3.31 from
     * the bytedeco jar with OPENBLAS_CORETYPE=Haswell as on these machines, against vector (512-bit). dgemm time
     * OpenBLAS / vector: n=16 1.76, 32 1.42, 64 1.18, 96 1.14, 112 1.15, then 128 0.98, 160 1.00, 256 0.98,
     * 384 1.02, 1024 0.78. sgemm: vector ahead by 14-34% from 32 to 192, level from 512. With the pin removed
     * (Cooperlake kernels) OpenBLAS leads from n=24 (0.68-0.92), so there a lower threshold would gain 10-30% on
     * 24..96; set -Dteachingrnns.openblas.threshold for that. Re-measure when the Java kernels change.
     */
    static final long DEFAULT_THRESHOLD = 128L * 128 * 128;

    /**
     * The crossover when OpenBLAS runs its AVX-512 kernels (core SkylakeX, Cooperlake or SapphireRapids, as when
     * OPENBLAS_CORETYPE is not pinned on this CPU): 24^3. Measured as {@link #DEFAULT_THRESHOLD}, unpinned: dgemm
     * time OpenBLAS / vector 0.94 at n=16, 0.68-0.92 from n=24 to 96, 0.76-1.01 above.
     */
    static final long AVX512_THRESHOLD = 24L * 24 * 24;

    private final OpenBlas openBlas;
    private final Blas java;
    private final long threshold;

    GemmBySize(OpenBlas openBlas, Blas java, long threshold) {
        this.openBlas = openBlas;
        this.java = java;
        this.threshold = threshold;
    }

    /**
     * The threshold for OpenBLAS running the kernels of {@code coreName} (openblas_get_corename): the property if
     * set, else the crossover measured for that kernel family.
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

    /** OpenBLAS's names for its AVX-512 kernel families (driver/others/dynamic.c, corename[]). */
    static boolean avx512Kernels(String coreName) {
        String c = coreName == null ? "" : coreName.trim().toLowerCase(Locale.ROOT);
        return c.equals("skylakex") || c.equals("cooperlake") || c.equals("sapphirerapids");
    }

    long gemmThreshold() {
        return threshold;
    }

    private boolean nativeGemm(int m, int n, int k) {
        return (long) m * n * k >= threshold;
    }

    @Override
    public String name() {
        return "auto(openblas for gemm m*n*k >= " + threshold + ", " + java.name() + " otherwise)";
    }

    @Override
    public String describe() {
        return name() + "; " + openBlas.describe();
    }

    @Override
    protected void dgemmKernel(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        if (nativeGemm(m, n, k)) {
            openBlas.dgemmKernel(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            java.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    protected void sgemmKernel(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        if (nativeGemm(m, n, k)) {
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
