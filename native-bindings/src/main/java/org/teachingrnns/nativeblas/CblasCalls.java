package org.teachingrnns.nativeblas;

import static org.teachingrnns.nativeblas.cblas.cblas_h.C_DOUBLE;
import static org.teachingrnns.nativeblas.cblas.cblas_h.C_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import org.teachingrnns.nativeblas.cblas.cblas_h;

/**
 * The four CBLAS routines this module calls, on heap arrays with offsets, row-major. Arguments were already
 * validated by the {@link org.teachingrnns.numeric.Blas} front (sizes, leading dimensions, every element in
 * bounds), so nothing here checks them again and nothing out of bounds can reach native code.
 *
 * <p>Transposes are passed as their CBLAS values ({@code Transpose.cblas}: 111, 112).
 */
abstract sealed class CblasCalls permits CblasCalls.Critical, CblasCalls.Copying {

    static CblasCalls of(DowncallMode mode) {
        return switch (mode) {
            case CRITICAL -> new Critical();
            case COPYING -> new Copying();
        };
    }

    abstract void dgemm(int transA, int transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                        double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

    abstract void sgemm(int transA, int transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                        float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    abstract void dgemv(int trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                        double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy);

    abstract void sgemv(int trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                        float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy);

    /** Elements spanned by a rows x cols row-major matrix with leading dimension ld (0 when it is empty). */
    static int span(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : Math.toIntExact((long) (rows - 1) * ld + cols);
    }

    /** Elements spanned by a vector of n elements with stride inc. */
    static int span(int n, int inc) {
        return n == 0 ? 0 : Math.toIntExact((long) (n - 1) * inc + 1);
    }

    static AssertionError unexpected(Throwable t) {
        return new AssertionError("should not reach here", t);
    }

    /**
     * Critical downcalls on the heap arrays themselves: the same address and descriptor jextract generated, linked
     * once more with {@code Linker.Option.critical(true)} (jextract has no option for it; its own handles stay as
     * generated and serve {@link Copying}).
     */
    static final class Critical extends CblasCalls {
        private static final Linker.Option CRITICAL = Linker.Option.critical(true);
        private static final MethodHandle DGEMM = link(cblas_h.cblas_dgemm$address(), cblas_h.cblas_dgemm$descriptor());
        private static final MethodHandle SGEMM = link(cblas_h.cblas_sgemm$address(), cblas_h.cblas_sgemm$descriptor());
        private static final MethodHandle DGEMV = link(cblas_h.cblas_dgemv$address(), cblas_h.cblas_dgemv$descriptor());
        private static final MethodHandle SGEMV = link(cblas_h.cblas_sgemv$address(), cblas_h.cblas_sgemv$descriptor());
        private static final int ROW_MAJOR = cblas_h.CblasRowMajor();

        @SuppressWarnings("restricted")
        private static MethodHandle link(MemorySegment address, java.lang.foreign.FunctionDescriptor desc) {
            return Linker.nativeLinker().downcallHandle(address, desc, CRITICAL);
        }

        @Override
        void dgemm(int transA, int transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                   double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            try {
                DGEMM.invokeExact(ROW_MAJOR, transA, transB, m, n, k, alpha,
                        MemorySegment.ofArray(a).asSlice(aOff * 8L), lda,
                        MemorySegment.ofArray(b).asSlice(bOff * 8L), ldb, beta,
                        MemorySegment.ofArray(c).asSlice(cOff * 8L), ldc);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        @Override
        void sgemm(int transA, int transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            try {
                SGEMM.invokeExact(ROW_MAJOR, transA, transB, m, n, k, alpha,
                        MemorySegment.ofArray(a).asSlice(aOff * 4L), lda,
                        MemorySegment.ofArray(b).asSlice(bOff * 4L), ldb, beta,
                        MemorySegment.ofArray(c).asSlice(cOff * 4L), ldc);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        @Override
        void dgemv(int trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                   double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
            try {
                DGEMV.invokeExact(ROW_MAJOR, trans, m, n, alpha,
                        MemorySegment.ofArray(a).asSlice(aOff * 8L), lda,
                        MemorySegment.ofArray(x).asSlice(xOff * 8L), incx, beta,
                        MemorySegment.ofArray(y).asSlice(yOff * 8L), incy);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        @Override
        void sgemv(int trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                   float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
            try {
                SGEMV.invokeExact(ROW_MAJOR, trans, m, n, alpha,
                        MemorySegment.ofArray(a).asSlice(aOff * 4L), lda,
                        MemorySegment.ofArray(x).asSlice(xOff * 4L), incx, beta,
                        MemorySegment.ofArray(y).asSlice(yOff * 4L), incy);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }
    }

    /**
     * jextract's generated wrappers on native copies in a confined arena. The output operand is always copied in,
     * even with beta == 0: the span between rows (ld > n) or between strided elements is copied back out and must
     * come back unchanged.
     */
    static final class Copying extends CblasCalls {

        @Override
        void dgemm(int transA, int transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                   double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            boolean ta = transA == cblas_h.CblasTrans();
            boolean tb = transB == cblas_h.CblasTrans();
            int aLen = span(ta ? k : m, ta ? m : k, lda);
            int bLen = span(tb ? n : k, tb ? k : n, ldb);
            int cLen = span(m, n, ldc);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment as = arena.allocate(C_DOUBLE, aLen);
                MemorySegment bs = arena.allocate(C_DOUBLE, bLen);
                MemorySegment cs = arena.allocate(C_DOUBLE, cLen);
                MemorySegment.copy(a, aOff, as, C_DOUBLE, 0, aLen);
                MemorySegment.copy(b, bOff, bs, C_DOUBLE, 0, bLen);
                MemorySegment.copy(c, cOff, cs, C_DOUBLE, 0, cLen);
                cblas_h.cblas_dgemm(cblas_h.CblasRowMajor(), transA, transB, m, n, k, alpha, as, lda, bs, ldb,
                        beta, cs, ldc);
                MemorySegment.copy(cs, C_DOUBLE, 0, c, cOff, cLen);
            }
        }

        @Override
        void sgemm(int transA, int transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            boolean ta = transA == cblas_h.CblasTrans();
            boolean tb = transB == cblas_h.CblasTrans();
            int aLen = span(ta ? k : m, ta ? m : k, lda);
            int bLen = span(tb ? n : k, tb ? k : n, ldb);
            int cLen = span(m, n, ldc);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment as = arena.allocate(C_FLOAT, aLen);
                MemorySegment bs = arena.allocate(C_FLOAT, bLen);
                MemorySegment cs = arena.allocate(C_FLOAT, cLen);
                MemorySegment.copy(a, aOff, as, C_FLOAT, 0, aLen);
                MemorySegment.copy(b, bOff, bs, C_FLOAT, 0, bLen);
                MemorySegment.copy(c, cOff, cs, C_FLOAT, 0, cLen);
                cblas_h.cblas_sgemm(cblas_h.CblasRowMajor(), transA, transB, m, n, k, alpha, as, lda, bs, ldb,
                        beta, cs, ldc);
                MemorySegment.copy(cs, C_FLOAT, 0, c, cOff, cLen);
            }
        }

        @Override
        void dgemv(int trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                   double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
            boolean t = trans == cblas_h.CblasTrans();
            int aLen = span(m, n, lda);
            int xLen = span(t ? m : n, incx);
            int yLen = span(t ? n : m, incy);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment as = arena.allocate(C_DOUBLE, aLen);
                MemorySegment xs = arena.allocate(C_DOUBLE, xLen);
                MemorySegment ys = arena.allocate(C_DOUBLE, yLen);
                MemorySegment.copy(a, aOff, as, C_DOUBLE, 0, aLen);
                MemorySegment.copy(x, xOff, xs, C_DOUBLE, 0, xLen);
                MemorySegment.copy(y, yOff, ys, C_DOUBLE, 0, yLen);
                cblas_h.cblas_dgemv(cblas_h.CblasRowMajor(), trans, m, n, alpha, as, lda, xs, incx, beta, ys, incy);
                MemorySegment.copy(ys, C_DOUBLE, 0, y, yOff, yLen);
            }
        }

        @Override
        void sgemv(int trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                   float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
            boolean t = trans == cblas_h.CblasTrans();
            int aLen = span(m, n, lda);
            int xLen = span(t ? m : n, incx);
            int yLen = span(t ? n : m, incy);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment as = arena.allocate(C_FLOAT, aLen);
                MemorySegment xs = arena.allocate(C_FLOAT, xLen);
                MemorySegment ys = arena.allocate(C_FLOAT, yLen);
                MemorySegment.copy(a, aOff, as, C_FLOAT, 0, aLen);
                MemorySegment.copy(x, xOff, xs, C_FLOAT, 0, xLen);
                MemorySegment.copy(y, yOff, ys, C_FLOAT, 0, yLen);
                cblas_h.cblas_sgemv(cblas_h.CblasRowMajor(), trans, m, n, alpha, as, lda, xs, incx, beta, ys, incy);
                MemorySegment.copy(ys, C_FLOAT, 0, y, yOff, yLen);
            }
        }
    }
}
