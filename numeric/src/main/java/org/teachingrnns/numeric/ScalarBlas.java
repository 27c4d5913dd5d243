package org.teachingrnns.numeric;

/**
 * The plain reference backend: the loops of the reference BLAS, written for clarity, and the oracle every
 * other backend is tested against. Accumulation order is the textbook one (i, j, then p over k).
 */
public final class ScalarBlas extends Blas {

    /** The reference backend; stateless, so any number may exist ({@code Blas.of("scalar")} is the usual route). */
    public ScalarBlas() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String describe() {
        return "scalar (reference loops, no SIMD)";
    }

    @Override
    protected void dgemmKernel(Transpose transA, Transpose transB, int m, int n, int k,
                               double alpha, double[] a, int aOff, int lda,
                               double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        boolean ta = transA.transposed();
        boolean tb = transB.transposed();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                if (alpha != 0.0) {
                    for (int p = 0; p < k; p++) {
                        double aip = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        double bpj = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        sum += aip * bpj;
                    }
                }
                int ci = cOff + i * ldc + j;
                // beta == 0 overwrites: C is not read, so NaN in C does not propagate (reference BLAS).
                c[ci] = beta == 0.0 ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }

    @Override
    protected void sgemmKernel(Transpose transA, Transpose transB, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        boolean ta = transA.transposed();
        boolean tb = transB.transposed();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                if (alpha != 0f) {
                    for (int p = 0; p < k; p++) {
                        float aip = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bpj = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        sum += aip * bpj;
                    }
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }

    @Override
    protected void dgemvKernel(Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                               double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
        boolean t = trans.transposed();
        int rows = t ? n : m;
        int cols = t ? m : n;
        for (int i = 0; i < rows; i++) {
            double sum = 0.0;
            if (alpha != 0.0) {
                for (int j = 0; j < cols; j++) {
                    double aij = t ? a[aOff + j * lda + i] : a[aOff + i * lda + j];
                    sum += aij * x[xOff + j * incx];
                }
            }
            int yi = yOff + i * incy;
            y[yi] = beta == 0.0 ? alpha * sum : alpha * sum + beta * y[yi];
        }
    }

    @Override
    protected void sgemvKernel(Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                               float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
        boolean t = trans.transposed();
        int rows = t ? n : m;
        int cols = t ? m : n;
        for (int i = 0; i < rows; i++) {
            float sum = 0f;
            if (alpha != 0f) {
                for (int j = 0; j < cols; j++) {
                    float aij = t ? a[aOff + j * lda + i] : a[aOff + i * lda + j];
                    sum += aij * x[xOff + j * incx];
                }
            }
            int yi = yOff + i * incy;
            y[yi] = beta == 0f ? alpha * sum : alpha * sum + beta * y[yi];
        }
    }

    @Override
    protected double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += x[xOff + i * incx] * y[yOff + i * incy];
        }
        return sum;
    }

    @Override
    protected float sdotKernel(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += x[xOff + i * incx] * y[yOff + i * incy];
        }
        return sum;
    }

    @Override
    protected void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        for (int i = 0; i < n; i++) {
            y[yOff + i * incy] += alpha * x[xOff + i * incx];
        }
    }

    @Override
    protected void saxpyKernel(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        for (int i = 0; i < n; i++) {
            y[yOff + i * incy] += alpha * x[xOff + i * incx];
        }
    }

    @Override
    protected void dscalKernel(int n, double alpha, double[] x, int xOff, int incx) {
        for (int i = 0; i < n; i++) {
            x[xOff + i * incx] *= alpha;
        }
    }

    @Override
    protected void sscalKernel(int n, float alpha, float[] x, int xOff, int incx) {
        for (int i = 0; i < n; i++) {
            x[xOff + i * incx] *= alpha;
        }
    }

    @Override
    protected double dnrm2Kernel(int n, double[] x, int xOff, int incx) {
        // Scaled sum of squares (reference dnrm2 before 3.10): no overflow for huge entries, no
        // underflow to zero for tiny ones.
        double scale = 0.0;
        double ssq = 1.0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i * incx];
            if (v != 0.0) {
                double abs = Math.abs(v);
                if (scale < abs) {
                    double r = scale / abs;
                    ssq = 1.0 + ssq * r * r;
                    scale = abs;
                } else {
                    double r = abs / scale;
                    ssq += r * r;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    /** Registers {@code scalar} with {@link Backends}. */
    public static final class Provider implements BlasProvider {

        /** For ServiceLoader. */
        public Provider() {
        }

        @Override
        public String name() {
            return "scalar";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Blas create() {
            return new ScalarBlas();
        }
    }
}
