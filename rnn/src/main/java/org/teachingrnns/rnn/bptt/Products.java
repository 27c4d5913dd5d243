package org.teachingrnns.rnn.bptt;

/**
 * The matrix products and reductions of BPTT on row-major arrays with offsets and leading dimensions, as
 * {@code C = op(A) op(B)} or, with accumulate, {@code C += op(A) op(B)}. Two implementations: {@link ScalarProducts}
 * (plain loops) and {@link VectorProducts} (Vector API); both send products with every dimension at least
 * {@link #BLAS_MIN} to the compute's Blas.
 */
interface Products {

    /** Smallest m, n and k sent to the Blas: below it a general GEMM spends more on packing than on the flops. */
    int BLAS_MIN = 16;

    static boolean useBlas(int m, int n, int k) {
        return m >= BLAS_MIN && n >= BLAS_MIN && k >= BLAS_MIN;
    }

    /** {@code C (+)= A B}: A is m x k (lda), B is k x n (ldb), C is m x n (ldc). */
    void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            boolean accumulate, double[] c, int cOff, int ldc);

    /** {@code C (+)= A^T B}: A is stored k x m (lda), B is k x n (ldb), C is m x n (ldc). */
    void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            boolean accumulate, double[] c, int cOff, int ldc);

    /** {@code C = A B^T}: A is m x k (lda), B is stored n x k (ldb), C is m x n (ldc). */
    void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc);

    /** {@code out[outOff+i] = sum_j A[i][j]} for an m x n matrix A (lda). */
    void rowSums(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff);

    /**
     * Returns {@code sum (y - target)^2} over n elements and, unless scale is NaN, sets
     * {@code y := scale (y - target)} in place.
     */
    double squaredErrorAndResidual(int n, double[] y, int yOff, double[] target, int tOff, double scale);
}
