package org.teachingrnns.rnn.bptt;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * The matrix products of BPTT, row-major with leading dimensions and offsets, as {@code C = op(A) op(B)} or
 * {@code C += op(A) op(B)}.
 *
 * <p>Products with every dimension at least {@link #BLAS_MIN} go to {@link Blas} (so they speed up with the
 * backend: Vector API, OpenBLAS). The thin products of a small RNN (hidden 5 times a batch of 80, or a
 * 5 x 5 gradient summed over 12,000 columns) are written here, because a general GEMM spends more time on
 * packing and edge tiles than on the few flops: {@link #nn}/{@link #tn} are row axpys that C2 vectorises over
 * the contiguous batch dimension, {@link #nt} is a dot product in the Vector API idiom (several independent
 * FMA accumulators, {@code reduceLanes}, a scalar tail; as llama3.java).
 */
final class Kernels {

    /** Smallest m, n and k sent to {@link Blas}. */
    static final int BLAS_MIN = 16;

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private Kernels() {
    }

    static boolean useBlas(int m, int n, int k) {
        return m >= BLAS_MIN && n >= BLAS_MIN && k >= BLAS_MIN;
    }

    /** {@code C (+)= A B}: A is m x k (lda), B is k x n (ldb), C is m x n (ldc). */
    static void nn(Blas blas, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (useBlas(m, n, k)) {
            blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            }
            int ai = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                axpy(n, a[ai + p], b, bOff + p * ldb, c, ci);
            }
        }
    }

    /** {@code C (+)= A^T B}: A is stored k x m (lda), B is k x n (ldb), C is m x n (ldc). */
    static void tn(Blas blas, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (useBlas(m, n, k)) {
            blas.dgemm(Transpose.YES, Transpose.NO, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            }
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                axpy(n, a[aOff + p * lda + i], b, bOff + p * ldb, c, ci);
            }
        }
    }

    /** {@code C (+)= A B^T}: A is m x k (lda), B is stored n x k (ldb), C is m x n (ldc). */
    static void nt(Blas blas, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (useBlas(m, n, k)) {
            blas.dgemm(Transpose.NO, Transpose.YES, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double d = dot(k, a, aOff + i * lda, b, bOff + j * ldb);
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + d : d;
            }
        }
    }

    /** {@code y[yOff..yOff+n) += alpha x[xOff..xOff+n)}; a plain loop C2 turns into vector FMAs. */
    static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (alpha == 0.0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            y[yOff + j] = Math.fma(alpha, x[xOff + j], y[yOff + j]);
        }
    }

    /** Sum of {@code x[xOff+j] * y[yOff+j]} for {@code j < n}, with four independent vector accumulators. */
    static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        int l = S.length();
        DoubleVector acc0 = DoubleVector.zero(S);
        DoubleVector acc1 = DoubleVector.zero(S);
        DoubleVector acc2 = DoubleVector.zero(S);
        DoubleVector acc3 = DoubleVector.zero(S);
        int j = 0;
        for (int bound = n - 4 * l; j <= bound; j += 4 * l) {
            acc0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), acc0);
            acc1 = DoubleVector.fromArray(S, x, xOff + j + l).fma(DoubleVector.fromArray(S, y, yOff + j + l), acc1);
            acc2 = DoubleVector.fromArray(S, x, xOff + j + 2 * l).fma(DoubleVector.fromArray(S, y, yOff + j + 2 * l), acc2);
            acc3 = DoubleVector.fromArray(S, x, xOff + j + 3 * l).fma(DoubleVector.fromArray(S, y, yOff + j + 3 * l), acc3);
        }
        for (int bound = n - l; j <= bound; j += l) {
            acc0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), acc0);
        }
        double s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            s = Math.fma(x[xOff + j], y[yOff + j], s);
        }
        return s;
    }

    /** {@code out[outOff+i] = sum_j A[i][j]} for an m x n matrix A (lda). */
    static void rowSums(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        int l = S.length();
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            DoubleVector acc = DoubleVector.zero(S);
            int j = 0;
            for (int bound = n - l; j <= bound; j += l) {
                acc = acc.add(DoubleVector.fromArray(S, a, ai + j));
            }
            double s = acc.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                s += a[ai + j];
            }
            out[outOff + i] = s;
        }
    }
}
