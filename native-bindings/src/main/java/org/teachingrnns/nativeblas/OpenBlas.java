package org.teachingrnns.nativeblas;

import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * The {@code openblas} backend: GEMM and GEMV run in OpenBLAS through FFM downcalls, level-1 stays in Java.
 *
 * <p>Level-1 routines are O(n) on vectors the RNN code keeps short; a downcall costs more than the Vector API loop
 * at those lengths, so they delegate to the {@code vector} backend (or {@code scalar} where the Vector API is not
 * available), as Jlama's partial native backend delegates to its Vector one.
 */
public final class OpenBlas extends Blas {

    private final OpenBlasLibrary library;
    private final DowncallMode mode;
    private final CblasCalls calls;
    private final Blas level1;

    private OpenBlas(OpenBlasLibrary library, DowncallMode mode, Blas level1) {
        this.library = library;
        this.mode = mode;
        this.calls = CblasCalls.of(mode);
        this.level1 = level1;
    }

    /** The backend with the default (critical) downcalls; {@link BackendUnavailableException} if OpenBLAS cannot load. */
    public static OpenBlas create() {
        return create(DowncallMode.CRITICAL);
    }

    public static OpenBlas create(DowncallMode mode) {
        OpenBlasLibrary lib = OpenBlasLibrary.get();
        try {
            return new OpenBlas(lib, mode, javaLevel1());
        } catch (LinkageError e) {
            // Linking the downcall handles failed (an FFM implementation without critical downcalls, say).
            throw new BackendUnavailableException("OpenBLAS loaded from " + lib.path() + " but its " + mode
                    + " downcalls could not be linked: " + e + ".", e);
        }
    }

    /** vector if it runs here, else scalar; chosen once, since every {@code Blas.of("openblas")} needs it. */
    static Blas javaLevel1() {
        return Level1.BLAS;
    }

    private static final class Level1 {
        static final Blas BLAS = pick();

        private static Blas pick() {
            try {
                return Blas.of("vector");
            } catch (BackendUnavailableException | IllegalArgumentException | LinkageError e) {
                return Blas.of("scalar");
            }
        }
    }

    public OpenBlasLibrary library() {
        return library;
    }

    public DowncallMode mode() {
        return mode;
    }

    @Override
    public String name() {
        return mode == DowncallMode.CRITICAL ? "openblas" : "openblas-copying";
    }

    @Override
    public String describe() {
        return name() + ": gemm and gemv by " + library.describe() + "; level-1 by " + level1.name()
                + (mode == DowncallMode.CRITICAL ? "" : "; operands copied off-heap per call");
    }

    // ------------------------------------------------------------------ native

    @Override
    protected void dgemmKernel(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        calls.dgemm(transA.cblas, transB.cblas, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    protected void sgemmKernel(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        calls.sgemm(transA.cblas, transB.cblas, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    protected void dgemvKernel(Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                               double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
        calls.dgemv(trans.cblas, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    protected void sgemvKernel(Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                               float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
        calls.sgemv(trans.cblas, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    // ------------------------------------------------------------------ level 1: Java

    @Override
    protected double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        return level1.ddot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected float sdotKernel(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        return level1.sdot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        level1.daxpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void saxpyKernel(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        level1.saxpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void dscalKernel(int n, double alpha, double[] x, int xOff, int incx) {
        level1.dscal(n, alpha, x, xOff, incx);
    }

    @Override
    protected void sscalKernel(int n, float alpha, float[] x, int xOff, int incx) {
        level1.sscal(n, alpha, x, xOff, incx);
    }

    @Override
    protected double dnrm2Kernel(int n, double[] x, int xOff, int incx) {
        return level1.dnrm2(n, x, xOff, incx);
    }
}
