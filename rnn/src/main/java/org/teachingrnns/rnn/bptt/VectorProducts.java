package org.teachingrnns.rnn.bptt;

import org.teachingrnns.numeric.Blas;

/** {@link Products} on the Vector API kernels of {@link Kernels}, large products through the given Blas. */
final class VectorProducts implements Products {

    private final Blas blas;
    /** The loss sum's two vector accumulators between chunks (one workspace, one thread: no garbage per epoch). */
    private final double[] lossAccumulators = Kernels.lossAccumulators();

    VectorProducts(Blas blas) {
        this.blas = blas;
    }

    @Override
    public void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        Kernels.nn(blas, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    @Override
    public void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        Kernels.tn(blas, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    @Override
    public void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc) {
        Kernels.nt(blas, m, n, k, a, aOff, lda, b, bOff, ldb, false, c, cOff, ldc);
    }

    @Override
    public void rowSums(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        Kernels.rowSums(m, n, a, aOff, lda, out, outOff);
    }

    @Override
    public double squaredErrorAndResidual(int n, double[] y, int yOff, double[] target, int tOff, double scale) {
        return Kernels.squaredErrorAndResidual(n, y, yOff, target, tOff, scale, lossAccumulators);
    }
}
