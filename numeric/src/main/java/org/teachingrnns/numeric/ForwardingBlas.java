package org.teachingrnns.numeric;

/**
 * A {@link Blas} whose kernels call another backend's public methods: the base of decorators (a backend that
 * counts, logs or injects a fault) that override only the kernels they change, as Guava's {@code Forwarding*}
 * classes do for collections. Arguments are validated by this front and again by the delegate's.
 */
public abstract class ForwardingBlas extends Blas {

    private final Blas delegate;

    /** @param delegate the backend every kernel not overridden calls */
    protected ForwardingBlas(Blas delegate) {
        if (delegate == null) {
            throw new IllegalArgumentException("delegate must not be null");
        }
        this.delegate = delegate;
    }

    /** The backend the kernels call. */
    protected final Blas delegate() {
        return delegate;
    }

    @Override
    protected void dgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int aOff,
                               int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        delegate.dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    protected void sgemmKernel(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float[] a, int aOff,
                               int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        delegate.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    protected void dgemvKernel(Transpose t, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x,
                               int xOff, int incx, double beta, double[] y, int yOff, int incy) {
        delegate.dgemv(t, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    protected void sgemvKernel(Transpose t, int m, int n, float alpha, float[] a, int aOff, int lda, float[] x,
                               int xOff, int incx, float beta, float[] y, int yOff, int incy) {
        delegate.sgemv(t, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    protected double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        return delegate.ddot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected float sdotKernel(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        return delegate.sdot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        delegate.daxpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void saxpyKernel(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        delegate.saxpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void dscalKernel(int n, double alpha, double[] x, int xOff, int incx) {
        delegate.dscal(n, alpha, x, xOff, incx);
    }

    @Override
    protected void sscalKernel(int n, float alpha, float[] x, int xOff, int incx) {
        delegate.sscal(n, alpha, x, xOff, incx);
    }

    @Override
    protected double dnrm2Kernel(int n, double[] x, int xOff, int incx) {
        return delegate.dnrm2(n, x, xOff, incx);
    }
}
