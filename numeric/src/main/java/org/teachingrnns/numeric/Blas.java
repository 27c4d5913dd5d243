package org.teachingrnns.numeric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * The BLAS front: CBLAS row-major semantics on heap arrays with offsets.
 *
 * <p>Every public method validates its arguments once (sizes, leading dimensions, array bounds) and throws
 * {@link IllegalArgumentException} with a clear message; the protected kernels behind it trust them. This
 * is the shape of netlib's {@code AbstractBLAS}: a backend only writes kernels. Conventions (BLAS
 * reference, CBLAS row-major):
 * <ul>
 *   <li>{@code gemm}: {@code C = alpha op(A) op(B) + beta C}, op(A) m x k, op(B) k x n, C m x n. With
 *       {@code beta == 0} C is overwritten, never read (so C may hold NaN). m, n or k may be 0; with
 *       k == 0 or alpha == 0, C is only scaled by beta.</li>
 *   <li>{@code gemv}: {@code y = alpha op(A) x + beta y}, A stored m x n, strides {@code incx, incy > 0}.</li>
 *   <li>Row-major: element (i, j) of a matrix with leading dimension ld sits at {@code off + i*ld + j}.</li>
 * </ul>
 *
 * <p>{@link #get()} chooses a backend once ({@code auto}); {@link #of(String)} asks for one by name. The
 * system property {@code teachingrnns.backend} forces the choice of {@code get()}.
 */
public abstract class Blas {

    /** System property that forces the backend {@link #get()} returns: scalar, vector, openblas, auto. */
    public static final String BACKEND_PROPERTY = "teachingrnns.backend";

    /** For backends: a subclass writes the protected kernels and registers a {@link BlasProvider}. */
    protected Blas() {
    }

    /** The backend's name as reported to users, for example {@code vector} or {@code auto(openblas>=64^3, vector)}. */
    public abstract String name();

    /** A one-line description of the backend and its settings (vector width, library path, threads). */
    public String describe() {
        return name();
    }

    /**
     * Names the code of this backend's kernels ({@link Fingerprint} of the classes they are in), so that timings
     * of it can be keyed by the code that ran: {@code auto}'s calibration is measured again when the Java kernels
     * change. This class's own file here; backends whose kernels live in other classes name those too.
     */
    public String kernelFingerprint() {
        return Fingerprint.ofClasses(getClass());
    }

    /**
     * Makes now every choice this backend otherwise defers to the first call that needs it, so that {@link #name()}
     * says what it will do rather than what it has done so far: {@code auto} loads OpenBLAS and decides where GEMM
     * goes (reading or measuring the calibration). Nothing for the other backends. {@code teach info} calls it.
     */
    public void settle() {
    }

    // ------------------------------------------------------------------ level 3

    public final void dgemm(Transpose transA, Transpose transB, int m, int n, int k,
                            double alpha, double[] a, int aOff, int lda,
                            double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        checkGemm(transA, transB, m, n, k, a == null ? -1 : a.length, aOff, lda,
                b == null ? -1 : b.length, bOff, ldb, c == null ? -1 : c.length, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        dgemmKernel(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    public final void sgemm(Transpose transA, Transpose transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        checkGemm(transA, transB, m, n, k, a == null ? -1 : a.length, aOff, lda,
                b == null ? -1 : b.length, bOff, ldb, c == null ? -1 : c.length, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        sgemmKernel(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Convenience: {@code C = A B} for dense row-major matrices with no padding and no offsets. */
    public final void dgemm(int m, int n, int k, double[] a, double[] b, double[] c) {
        dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, 0, Math.max(1, k), b, 0, Math.max(1, n),
                0.0, c, 0, Math.max(1, n));
    }

    // ------------------------------------------------------------------ level 2

    public final void dgemv(Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                            double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
        checkGemv(trans, m, n, a == null ? -1 : a.length, aOff, lda, x == null ? -1 : x.length, xOff, incx,
                y == null ? -1 : y.length, yOff, incy);
        if (m == 0 || n == 0) {
            // op(A) is empty in one direction: y (length m or n) still gets beta y when it has elements.
            int ylen = trans.transposed() ? n : m;
            if (ylen > 0) {
                dscaleOrZero(ylen, beta, y, yOff, incy);
            }
            return;
        }
        dgemvKernel(trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    public final void sgemv(Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                            float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
        checkGemv(trans, m, n, a == null ? -1 : a.length, aOff, lda, x == null ? -1 : x.length, xOff, incx,
                y == null ? -1 : y.length, yOff, incy);
        if (m == 0 || n == 0) {
            int ylen = trans.transposed() ? n : m;
            for (int i = 0; i < ylen; i++) {
                int p = yOff + i * incy;
                y[p] = beta == 0f ? 0f : beta * y[p];
            }
            return;
        }
        sgemvKernel(trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    // ------------------------------------------------------------------ level 1

    /** Sum of {@code x[i] * y[i]} over n elements (strided). */
    public final double ddot(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        checkVector("x", n, x == null ? -1 : x.length, xOff, incx);
        checkVector("y", n, y == null ? -1 : y.length, yOff, incy);
        return n == 0 ? 0.0 : ddotKernel(n, x, xOff, incx, y, yOff, incy);
    }

    public final float sdot(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        checkVector("x", n, x == null ? -1 : x.length, xOff, incx);
        checkVector("y", n, y == null ? -1 : y.length, yOff, incy);
        return n == 0 ? 0f : sdotKernel(n, x, xOff, incx, y, yOff, incy);
    }

    /** {@code y += alpha x}. */
    public final void daxpy(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        checkVector("x", n, x == null ? -1 : x.length, xOff, incx);
        checkVector("y", n, y == null ? -1 : y.length, yOff, incy);
        if (n > 0 && alpha != 0.0) {
            daxpyKernel(n, alpha, x, xOff, incx, y, yOff, incy);
        }
    }

    public final void saxpy(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        checkVector("x", n, x == null ? -1 : x.length, xOff, incx);
        checkVector("y", n, y == null ? -1 : y.length, yOff, incy);
        if (n > 0 && alpha != 0f) {
            saxpyKernel(n, alpha, x, xOff, incx, y, yOff, incy);
        }
    }

    /** {@code x *= alpha} (as the reference BLAS, alpha == 0 multiplies, so NaN stays NaN). */
    public final void dscal(int n, double alpha, double[] x, int xOff, int incx) {
        checkVector("x", n, x == null ? -1 : x.length, xOff, incx);
        if (n > 0) {
            dscalKernel(n, alpha, x, xOff, incx);
        }
    }

    public final void sscal(int n, float alpha, float[] x, int xOff, int incx) {
        checkVector("x", n, x == null ? -1 : x.length, xOff, incx);
        if (n > 0) {
            sscalKernel(n, alpha, x, xOff, incx);
        }
    }

    /** Euclidean norm, scaled against overflow and underflow (as the reference dnrm2). */
    public final double dnrm2(int n, double[] x, int xOff, int incx) {
        checkVector("x", n, x == null ? -1 : x.length, xOff, incx);
        return n == 0 ? 0.0 : dnrm2Kernel(n, x, xOff, incx);
    }

    // ------------------------------------------------------------------ kernels (arguments already checked)

    protected abstract void dgemmKernel(Transpose transA, Transpose transB, int m, int n, int k,
                                        double alpha, double[] a, int aOff, int lda,
                                        double[] b, int bOff, int ldb,
                                        double beta, double[] c, int cOff, int ldc);

    protected abstract void sgemmKernel(Transpose transA, Transpose transB, int m, int n, int k,
                                        float alpha, float[] a, int aOff, int lda,
                                        float[] b, int bOff, int ldb,
                                        float beta, float[] c, int cOff, int ldc);

    protected abstract void dgemvKernel(Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                                        double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy);

    protected abstract void sgemvKernel(Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                                        float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy);

    protected abstract double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy);

    protected abstract float sdotKernel(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy);

    protected abstract void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx,
                                        double[] y, int yOff, int incy);

    protected abstract void saxpyKernel(int n, float alpha, float[] x, int xOff, int incx,
                                        float[] y, int yOff, int incy);

    protected abstract void dscalKernel(int n, double alpha, double[] x, int xOff, int incx);

    protected abstract void sscalKernel(int n, float alpha, float[] x, int xOff, int incx);

    protected abstract double dnrm2Kernel(int n, double[] x, int xOff, int incx);

    private static void dscaleOrZero(int n, double beta, double[] y, int yOff, int incy) {
        for (int i = 0; i < n; i++) {
            int p = yOff + i * incy;
            y[p] = beta == 0.0 ? 0.0 : beta * y[p];
        }
    }

    // ------------------------------------------------------------------ validation (once, here)

    static void checkGemm(Transpose transA, Transpose transB, int m, int n, int k,
                          int aLen, int aOff, int lda, int bLen, int bOff, int ldb, int cLen, int cOff, int ldc) {
        if (transA == null || transB == null) {
            throw new IllegalArgumentException("gemm: transA and transB must not be null");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        // Row-major: A is stored m x k (k x m when transposed), B k x n (n x k), C m x n.
        checkMatrix("A", transA.transposed() ? k : m, transA.transposed() ? m : k, aLen, aOff, lda);
        checkMatrix("B", transB.transposed() ? n : k, transB.transposed() ? k : n, bLen, bOff, ldb);
        checkMatrix("C", m, n, cLen, cOff, ldc);
    }

    static void checkGemv(Transpose trans, int m, int n, int aLen, int aOff, int lda,
                          int xLen, int xOff, int incx, int yLen, int yOff, int incy) {
        if (trans == null) {
            throw new IllegalArgumentException("gemv: trans must not be null");
        }
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("gemv: sizes must be >= 0, got m=" + m + ", n=" + n);
        }
        checkMatrix("A", m, n, aLen, aOff, lda);
        checkVector("x", trans.transposed() ? m : n, xLen, xOff, incx);
        checkVector("y", trans.transposed() ? n : m, yLen, yOff, incy);
    }

    /** A stored rows x cols matrix, row-major with leading dimension ld, starting at off. */
    static void checkMatrix(String name, int rows, int cols, int len, int off, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name.toLowerCase(Locale.ROOT) + " = " + ld
                    + " is smaller than max(1, " + cols + "), the row length of " + name);
        }
        if (rows == 0 || cols == 0) {
            if (off < 0 || (len >= 0 && off > len)) {
                throw new IllegalArgumentException(name + ": offset " + off + " outside the array");
            }
            return;
        }
        if (len < 0) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        long last = (long) off + (long) (rows - 1) * ld + cols; // one past the last element read
        if (off < 0 || last > len) {
            throw new IllegalArgumentException(name + " (" + rows + " x " + cols + ", ld " + ld + ", offset " + off
                    + ") needs " + last + " elements but the array has " + len);
        }
    }

    static void checkVector(String name, int n, int len, int off, int inc) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": length must be >= 0, got " + n);
        }
        if (inc <= 0) {
            throw new IllegalArgumentException(name + ": increment must be > 0, got " + inc);
        }
        if (n == 0) {
            return;
        }
        if (len < 0) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        long last = (long) off + (long) (n - 1) * inc + 1;
        if (off < 0 || last > len) {
            throw new IllegalArgumentException(name + " (n " + n + ", inc " + inc + ", offset " + off + ") needs "
                    + last + " elements but the array has " + len);
        }
    }

    // ------------------------------------------------------------------ choosing a backend

    /**
     * The automatic choice, made once per JVM: the property {@code teachingrnns.backend} if set, else the
     * highest-priority provider that loads. See {@link Backends#report()} for what was chosen and why.
     */
    public static Blas get() {
        return Backends.chosen();
    }

    /**
     * The backend of that name ({@code scalar}, {@code vector}, {@code openblas} where native-bindings is on
     * the class path, or {@code auto}). Throws {@link BackendUnavailableException} with a one-sentence
     * reason when it cannot run here, and {@link IllegalArgumentException} for an unknown name.
     */
    public static Blas of(String name) {
        return Backends.create(name);
    }

    /** Names of every backend known to this JVM, loadable or not. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("auto");
        for (BlasProvider p : Backends.providers()) {
            names.add(p.name());
        }
        return names;
    }

    static Iterable<BlasProvider> serviceProviders() {
        return ServiceLoader.load(BlasProvider.class, Blas.class.getClassLoader());
    }
}
