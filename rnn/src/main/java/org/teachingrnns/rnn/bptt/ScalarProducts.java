package org.teachingrnns.rnn.bptt;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * {@link Products} in plain loops (what {@code --backend scalar} runs): no Vector API class is touched. Products
 * with every dimension >= {@link Products#BLAS_MIN} go to the given Blas (the scalar reference under
 * {@code --backend scalar}).
 */
final class ScalarProducts implements Products {

    private final Blas blas;

    ScalarProducts(Blas blas) {
        this.blas = blas;
    }

    @Override
    public void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (Products.useBlas(m, n, k)) {
            blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        thin(false, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    @Override
    public void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (Products.useBlas(m, n, k)) {
            blas.dgemm(Transpose.YES, Transpose.NO, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        thin(true, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    /** Row i of C is the sum over p of op(A)[i][p] times row p of B: the contiguous batch is the inner loop. */
    private static void thin(boolean transA, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
                             int bOff, int ldb, boolean accumulate, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            }
            for (int p = 0; p < k; p++) {
                double w = a[aOff + (transA ? p * lda + i : i * lda + p)];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(w, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    @Override
    public void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc) {
        if (Products.useBlas(m, n, k)) {
            blas.dgemm(Transpose.NO, Transpose.YES, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, 0.0, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                int ai = aOff + i * lda;
                int bj = bOff + j * ldb;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ai + p], b[bj + p], s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    @Override
    public void rowSums(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            double s = 0.0;
            for (int j = aOff + i * lda, end = j + n; j < end; j++) {
                s += a[j];
            }
            out[outOff + i] = s;
        }
    }

    @Override
    public double squaredErrorAndResidual(int n, double[] y, int yOff, double[] target, int tOff, double scale) {
        boolean write = !Double.isNaN(scale);
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
            double d = y[yOff + j] - target[tOff + j];
            sum = Math.fma(d, d, sum);
            if (write) {
                y[yOff + j] = scale * d;
            }
        }
        return sum;
    }
}
