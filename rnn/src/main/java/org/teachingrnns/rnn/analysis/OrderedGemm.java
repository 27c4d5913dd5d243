package org.teachingrnns.rnn.analysis;

import org.teachingrnns.numeric.ForwardingBlas;
import org.teachingrnns.numeric.ScalarBlas;
import org.teachingrnns.numeric.Transpose;

/**
 * The products of the Lyapunov frame's blocked QR ({@code HouseholderQr.blockedWithInlineReflectors}): dgemm with each
 * element of C summed over p in order from 0, every product and sum rounded on its own (no fused multiply-add), then
 * {@code alpha * sum} (plus {@code beta * C}), exactly as the reference loops ({@link ScalarBlas}) round it. So the
 * spectrum has the same bits on every backend and machine, while the QR's trailing updates run as matrix products: in
 * plain loops that read B along its rows, or, where the Vector API is in use, in the register tiles of
 * {@link VectorFrameProduct} (same bits). Everything else, and a transposed B (which the QR never passes), is the
 * scalar reference's. Not thread-safe: it keeps scratch rows (one instance per spectrum).
 */
final class OrderedGemm extends ForwardingBlas {

    private final boolean vectorLanes;
    private double[] s0 = new double[0];
    private double[] s1 = s0;
    private double[] s2 = s0;
    private double[] s3 = s0;

    /** @param vectorLanes the Vector API tiles (only where the Vector API is in use: a scalar run must not load them) */
    OrderedGemm(boolean vectorLanes) {
        super(new ScalarBlas());
        this.vectorLanes = vectorLanes;
    }

    @Override
    public String name() {
        return "ordered";
    }

    @Override
    public String describe() {
        return "ordered (the reference loops' rounding, " + (vectorLanes ? "in Vector API tiles)" : "in plain loops)");
    }

    @Override
    protected void dgemmKernel(Transpose transA, Transpose transB, int m, int n, int k, double alpha, double[] a,
                               int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff,
                               int ldc) {
        if (transB.transposed() || alpha == 0.0) {
            delegate().dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (vectorLanes) {
            VectorFrameProduct.gemm(transA.transposed(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    this::plain);
        } else {
            plain(transA.transposed(), 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * The plain loops on rows i0..i1-1 and columns j0..j1-1 of C (B untransposed): four rows at a time, each row of B
     * read once for the four and added into their sums along the row (a loop C2 turns into vector operations of the
     * same rounding), then one row at a time.
     */
    void plain(boolean ta, int i0, int i1, int j0, int j1, int k, double alpha, double[] a, int aOff, int lda,
               double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int width = j1 - j0;
        if (s0.length < width) {
            // Four arrays, not one: C2 vectorises the loop over j only where it can tell the sums apart.
            s0 = new double[width];
            s1 = new double[width];
            s2 = new double[width];
            s3 = new double[width];
        }
        double[] t0 = s0;
        double[] t1 = s1;
        double[] t2 = s2;
        double[] t3 = s3;
        int ars = ta ? 1 : lda;
        int aps = ta ? lda : 1;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            java.util.Arrays.fill(t0, 0, width, 0.0);
            java.util.Arrays.fill(t1, 0, width, 0.0);
            java.util.Arrays.fill(t2, 0, width, 0.0);
            java.util.Arrays.fill(t3, 0, width, 0.0);
            int ai = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                int ap = ai + p * aps;
                double a0 = a[ap];
                double a1 = a[ap + ars];
                double a2 = a[ap + 2 * ars];
                double a3 = a[ap + 3 * ars];
                int bp = bOff + p * ldb + j0;
                for (int j = 0; j < width; j++) {
                    double bpj = b[bp + j];
                    t0[j] += a0 * bpj;
                    t1[j] += a1 * bpj;
                    t2[j] += a2 * bpj;
                    t3[j] += a3 * bpj;
                }
            }
            int ci = cOff + i * ldc + j0;
            finish(t0, width, alpha, beta, c, ci);
            finish(t1, width, alpha, beta, c, ci + ldc);
            finish(t2, width, alpha, beta, c, ci + 2 * ldc);
            finish(t3, width, alpha, beta, c, ci + 3 * ldc);
        }
        for (; i < i1; i++) {
            java.util.Arrays.fill(t0, 0, width, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * ars + p * aps];
                int bp = bOff + p * ldb + j0;
                for (int j = 0; j < width; j++) {
                    t0[j] += aip * b[bp + j];
                }
            }
            finish(t0, width, alpha, beta, c, cOff + i * ldc + j0);
        }
    }

    /** C's row segment at ci := alpha * sum (+ beta * C), rounded as the reference loops round it. */
    private static void finish(double[] sum, int width, double alpha, double beta, double[] c, int ci) {
        for (int j = 0; j < width; j++) {
            c[ci + j] = beta == 0.0 ? alpha * sum[j] : alpha * sum[j] + beta * c[ci + j];
        }
    }

    /** The plain loops on a part of C, for the edges of the vector tiles. */
    @FunctionalInterface
    interface Edges {
        void plain(boolean ta, int i0, int i1, int j0, int j1, int k, double alpha, double[] a, int aOff, int lda,
                   double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);
    }
}
