package org.teachingrnns.rnn.bptt;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.VectorActivation;

/**
 * The products of {@link FloatBpttWorkspace}, in float: those with every dimension at least
 * {@link Products#BLAS_MIN} go to the Blas's {@code sgemm}, the thin ones to {@link FloatVectorKernels} when the
 * compute's engines are the Vector API ones, else to plain loops (no Vector API class is loaded then). Same conventions as {@link Products}: row-major with offsets and leading dimensions.
 * Every sum is accumulated in float, as sgemm does and as PyTorch's float32 kernels do.
 */
final class FloatProducts {

    private final Blas blas;
    private final boolean vector;

    /** @param vector whether the thin products may use the Vector API ({@link FloatVectorKernels}) */
    FloatProducts(Blas blas, boolean vector) {
        this.blas = blas;
        this.vector = vector;
    }

    /** {@code a[off..off+n) = f(a[...])}, {@link Activation#applyFloat}: in lanes when the Vector API may be used. */
    void activate(Activation f, float[] a, int off, int n) {
        if (vector) {
            VectorActivation.applyFloatToRow(f, a, off, n);
            return;
        }
        for (int j = off, end = off + n; j < end; j++) {
            a[j] = f.applyFloat(a[j]);
        }
    }

    /** {@code C (+)= A B}: A is m x k (lda), B is k x n (ldb), C is m x n (ldc). */
    void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            boolean accumulate, float[] c, int cOff, int ldc) {
        if (Products.useBlas(m, n, k)) {
            blas.sgemm(Transpose.NO, Transpose.NO, m, n, k, 1f, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1f : 0f, c, cOff, ldc);
            return;
        }
        thin(false, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    /** {@code C (+)= A^T B}: A is stored k x m (lda), B is k x n (ldb), C is m x n (ldc). */
    void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            boolean accumulate, float[] c, int cOff, int ldc) {
        if (Products.useBlas(m, n, k)) {
            blas.sgemm(Transpose.YES, Transpose.NO, m, n, k, 1f, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1f : 0f, c, cOff, ldc);
            return;
        }
        thin(true, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    /** Row i of C is the sum over p of op(A)[i][p] times row p of B: the contiguous batch is the inner loop. */
    private void thin(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
                      int bOff, int ldb, boolean accumulate, float[] c, int cOff, int ldc) {
        if (vector) {
            // Per chunk of columns, as Kernels.step (Kernels.THIN_CHUNK says why): one call over all 8000 columns
            // of the default experiment was compiled only by on-stack replacement, three times per run. Each
            // column's operations are the same either way.
            for (int j0 = 0; j0 < n; j0 += Kernels.THIN_CHUNK) {
                FloatVectorKernels.thin(transA, m, Math.min(Kernels.THIN_CHUNK, n - j0), k, a, aOff, lda, b, bOff + j0,
                        ldb, accumulate, c, cOff + j0, ldc);
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float w = a[aOff + (transA ? p * lda + i : i * lda + p)];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(w, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    /** {@code C = A B^T}: A is m x k (lda), B is stored n x k (ldb), C is m x n (ldc). */
    void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc) {
        if (Products.useBlas(m, n, k)) {
            blas.sgemm(Transpose.NO, Transpose.YES, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = vector ? FloatVectorKernels.dot(k, a, ai, b, bOff + j * ldb)
                        : dot(k, a, ai, b, bOff + j * ldb);
            }
        }
    }

    /** {@code out[outOff+i] = sum_j A[i][j]} for an m x n matrix A (lda). */
    void rowSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            // Four partial sums, as dot: independent chains instead of one add per cycle of latency.
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int p = 0;
            for (; p + 3 < n; p += 4) {
                s0 += a[ai + p];
                s1 += a[ai + p + 1];
                s2 += a[ai + p + 2];
                s3 += a[ai + p + 3];
            }
            for (; p < n; p++) {
                s0 += a[ai + p];
            }
            out[outOff + i] = (s0 + s1) + (s2 + s3);
        }
    }

    /**
     * A dot product of length k in float with four partial sums (a long reduction over time x batch for the
     * weight gradients of thin models; one serial chain would wait on the add latency at every element).
     */
    private static float dot(int k, float[] a, int aOff, float[] b, int bOff) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int p = 0;
        for (; p + 3 < k; p += 4) {
            s0 = Math.fma(a[aOff + p], b[bOff + p], s0);
            s1 = Math.fma(a[aOff + p + 1], b[bOff + p + 1], s1);
            s2 = Math.fma(a[aOff + p + 2], b[bOff + p + 2], s2);
            s3 = Math.fma(a[aOff + p + 3], b[bOff + p + 3], s3);
        }
        for (; p < k; p++) {
            s0 = Math.fma(a[aOff + p], b[bOff + p], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
