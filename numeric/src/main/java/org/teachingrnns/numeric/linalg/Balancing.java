package org.teachingrnns.numeric.linalg;

import java.util.Arrays;

/**
 * Balancing of a general real matrix before computing its eigenvalues, as LAPACK dgebal with
 * {@code JOB = 'B'} (LAPACK 3.12 formulation), and the back-transformation of eigenvectors, dgebak.
 *
 * <p>First rows and columns are permuted to isolate eigenvalues: the result is
 * {@code P^T A P = [T1 X Y; 0 B Z; 0 0 T2]} with T1, T2 upper triangular, so only rows and columns
 * {@code lo..hi} (inclusive, 0-based) of B need the QR algorithm. Then B is scaled by a diagonal
 * similarity {@code D^-1 B D} with powers of 2 (exact in floating point) until its row and column norms
 * are close (Parlett and Reinsch, 1969), which reduces the norm and with it the rounding error of QR.
 * The result is the similar matrix {@code D^-1 P^T A P D}.
 */
final class Balancing {

    private static final double SCLFAC = 2.0;
    private static final double FACTOR = 0.95;

    /** First row/column of the block that still needs QR (LAPACK ILO - 1). */
    int lo;
    /** Last row/column of that block (LAPACK IHI - 1). */
    int hi;
    /** Scaling factors d_i for i in lo..hi, 1 elsewhere. */
    double[] scale = new double[0];
    /** For i outside lo..hi: the row/column interchanged with i (dgebal's SCALE(i) for those i). */
    int[] perm = new int[0];

    /** Balances the row-major n x n matrix {@code a} in place. */
    void balance(double[] a, int n) {
        if (scale.length < n) {
            scale = new double[n];
            perm = new int[n];
        }
        Arrays.fill(scale, 0, n, 1.0);
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        lo = 0;
        hi = n - 1;
        if (n == 0) {
            return;
        }
        int k = 0;
        int l = n - 1;

        // Search for rows isolating an eigenvalue (zero off the diagonal within columns 0..l) and push
        // them down to position l.
        boolean noconv = true;
        rows:
        while (noconv) {
            noconv = false;
            for (int i = l; i >= 0; i--) {
                boolean canSwap = true;
                int row = i * n;
                for (int j = 0; j <= l; j++) {
                    if (i != j && a[row + j] != 0.0) {
                        canSwap = false;
                        break;
                    }
                }
                if (canSwap) {
                    perm[l] = i;
                    if (i != l) {
                        swapColumns(a, n, i, l, 0, l);
                        swapRows(a, n, i, l, k, n - 1);
                    }
                    noconv = true;
                    if (l == 0) {
                        lo = 0;
                        hi = 0;
                        return;
                    }
                    l--;
                    continue rows;
                }
            }
        }

        // Search for columns isolating an eigenvalue (zero off the diagonal within rows k..l) and push
        // them left to position k.
        noconv = true;
        cols:
        while (noconv) {
            noconv = false;
            for (int j = k; j <= l; j++) {
                boolean canSwap = true;
                for (int i = k; i <= l; i++) {
                    if (i != j && a[i * n + j] != 0.0) {
                        canSwap = false;
                        break;
                    }
                }
                if (canSwap) {
                    perm[k] = j;
                    if (j != k) {
                        swapColumns(a, n, j, k, 0, l);
                        swapRows(a, n, j, k, k, n - 1);
                    }
                    noconv = true;
                    k++;
                    continue cols;
                }
            }
        }
        lo = k;
        hi = l;

        // Iterative loop for norm reduction (dgebal, JOB = 'S' part).
        final double sfmin1 = Reflector.SAFMIN / Reflector.ULP;
        final double sfmax1 = 1.0 / sfmin1;
        final double sfmin2 = sfmin1 * SCLFAC;
        final double sfmax2 = 1.0 / sfmin2;
        noconv = true;
        while (noconv) {
            noconv = false;
            for (int i = k; i <= l; i++) {
                double c = Reflector.norm2(l - k + 1, a, k * n + i, n);
                double r = Reflector.norm2(l - k + 1, a, i * n + k, 1);
                double ca = 0.0;
                for (int p = 0; p <= l; p++) {
                    ca = Math.max(ca, Math.abs(a[p * n + i]));
                }
                double ra = 0.0;
                for (int p = k; p < n; p++) {
                    ra = Math.max(ra, Math.abs(a[i * n + p]));
                }
                // Guard against zero c or r due to underflow.
                if (c == 0.0 || r == 0.0) {
                    continue;
                }
                if (Double.isNaN(c + ca + r + ra)) {
                    throw new IllegalArgumentException("matrix contains NaN (found while balancing)");
                }
                double g = r / SCLFAC;
                double f = 1.0;
                double s = c + r;
                while (c < g && Math.max(f, Math.max(c, ca)) < sfmax2 && Math.min(r, Math.min(g, ra)) > sfmin2) {
                    f *= SCLFAC;
                    c *= SCLFAC;
                    ca *= SCLFAC;
                    r /= SCLFAC;
                    g /= SCLFAC;
                    ra /= SCLFAC;
                }
                g = c / SCLFAC;
                while (g >= r && Math.max(r, ra) < sfmax2
                        && Math.min(Math.min(f, c), Math.min(g, ca)) > sfmin2) {
                    f /= SCLFAC;
                    c /= SCLFAC;
                    g /= SCLFAC;
                    ca /= SCLFAC;
                    r *= SCLFAC;
                    ra *= SCLFAC;
                }
                // Now balance, unless the gain is too small or the scale would leave the safe range.
                if (c + r >= FACTOR * s) {
                    continue;
                }
                if (f < 1.0 && scale[i] < 1.0 && f * scale[i] <= sfmin1) {
                    continue;
                }
                if (f > 1.0 && scale[i] > 1.0 && scale[i] >= sfmax1 / f) {
                    continue;
                }
                g = 1.0 / f;
                scale[i] *= f;
                noconv = true;
                for (int p = k; p < n; p++) {
                    a[i * n + p] *= g;
                }
                for (int p = 0; p <= l; p++) {
                    a[p * n + i] *= f;
                }
            }
        }
    }

    /**
     * dgebak: turns eigenvectors of the balanced matrix into eigenvectors of the original one. The m
     * vectors are stored column-wise in a row-major n x m array {@code v} (row i = component i), real and
     * imaginary parts separately ({@code vi} may be null). Right vectors are multiplied by D, left ones by
     * D^-1, then the permutation is undone.
     */
    void backTransform(boolean right, double[] vr, double[] vi, int n, int m) {
        for (int i = lo; i <= hi; i++) {
            double s = right ? scale[i] : 1.0 / scale[i];
            if (s != 1.0) {
                for (int j = 0; j < m; j++) {
                    vr[i * m + j] *= s;
                    if (vi != null) {
                        vi[i * m + j] *= s;
                    }
                }
            }
        }
        for (int ii = 0; ii < n; ii++) {
            int i = ii;
            if (i >= lo && i <= hi) {
                continue;
            }
            if (i < lo) {
                i = lo - 1 - ii;
            }
            int k = perm[i];
            if (k != i) {
                swapRows(vr, m, i, k, 0, m - 1);
                if (vi != null) {
                    swapRows(vi, m, i, k, 0, m - 1);
                }
            }
        }
    }

    /** Swaps columns c1 and c2 over rows r0..r1. */
    private static void swapColumns(double[] a, int n, int c1, int c2, int r0, int r1) {
        for (int r = r0; r <= r1; r++) {
            int p = r * n;
            double t = a[p + c1];
            a[p + c1] = a[p + c2];
            a[p + c2] = t;
        }
    }

    /** Swaps rows r1 and r2 (row length ld) over columns c0..c1. */
    private static void swapRows(double[] a, int ld, int r1, int r2, int c0, int c1) {
        int p1 = r1 * ld;
        int p2 = r2 * ld;
        for (int c = c0; c <= c1; c++) {
            double t = a[p1 + c];
            a[p1 + c] = a[p2 + c];
            a[p2 + c] = t;
        }
    }
}
