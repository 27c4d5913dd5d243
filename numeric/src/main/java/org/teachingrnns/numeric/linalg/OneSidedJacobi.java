package org.teachingrnns.numeric.linalg;

/**
 * The one-sided Jacobi sweeps that {@link SingularValues} and {@link SingularValueDecomposition} share: the vectors
 * (rows of a row-major array) are rotated in pairs until every pair is orthogonal to working precision (|cos angle|
 * at most {@code eps sqrt(len)}), with Rutishauser's rotation, the smaller angle (Demmel and Veselic, "Jacobi's
 * method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13, 1992). Their norms are then the singular values.
 */
final class OneSidedJacobi {

    /** Sweeps before giving up (converges in well under 30 for doubles in practice). */
    static final int MAX_SWEEPS = 60;

    private OneSidedJacobi() {
    }

    /**
     * Orthogonalises the {@code count} vectors of length {@code len} in b (in place), applying every rotation also to
     * the vectors of length {@code wLen} in w (the accumulated right singular vectors), unless w is null.
     *
     * @param m the rows of the matrix, for the message if it does not converge
     * @param n its columns
     * @return the squared norms of the orthogonal vectors, in b's order
     * @throws ConvergenceException after {@link #MAX_SWEEPS} sweeps with a rotation
     */
    static double[] orthogonalize(double[] b, int count, int len, double[] w, int wLen, int m, int n) {
        final double tol = 0x1p-52 * Math.sqrt(len);
        double[] norm2 = new double[count];
        for (int i = 0; i < count; i++) {
            norm2[i] = dot(b, i * len, i * len, len);
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int i = 0; i < count - 1; i++) {
                for (int j = i + 1; j < count; j++) {
                    double alpha = norm2[i];
                    double beta = norm2[j];
                    if (alpha == 0.0 || beta == 0.0) {
                        continue;
                    }
                    double gamma = dot(b, i * len, j * len, len);
                    if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) {
                        continue;
                    }
                    rotated = true;
                    // Zeroes the (i, j) entry of the 2x2 Gram matrix [alpha gamma; gamma beta].
                    double zeta = (beta - alpha) / (2.0 * gamma);
                    double t = Math.copySign(1.0, zeta) / (Math.abs(zeta) + Math.sqrt(1.0 + zeta * zeta));
                    double c = 1.0 / Math.sqrt(1.0 + t * t);
                    double sn = c * t;
                    rotate(b, i * len, j * len, len, c, sn);
                    if (w != null) {
                        rotate(w, i * wLen, j * wLen, wLen, c, sn);
                    }
                    norm2[i] = dot(b, i * len, i * len, len);
                    norm2[j] = dot(b, j * len, j * len, len);
                }
            }
            if (!rotated) {
                return norm2;
            }
        }
        throw new ConvergenceException("one-sided Jacobi SVD did not converge within " + MAX_SWEEPS
                + " sweeps for a " + m + " x " + n + " matrix");
    }

    private static void rotate(double[] x, int pi, int pj, int len, double c, double s) {
        for (int q = 0; q < len; q++) {
            double xi = x[pi + q];
            double xj = x[pj + q];
            x[pi + q] = c * xi - s * xj;
            x[pj + q] = s * xi + c * xj;
        }
    }

    /** b[p..p+len) . b[q..q+len): two interleaved partial sums in a fixed order. */
    private static double dot(double[] b, int p, int q, int len) {
        double s0 = 0.0;
        double s1 = 0.0;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            s0 += b[p + i] * b[q + i];
            s1 += b[p + i + 1] * b[q + i + 1];
        }
        if (i < len) {
            s0 += b[p + i] * b[q + i];
        }
        return s0 + s1;
    }
}
