package org.teachingrnns.numeric.linalg;

/**
 * Eigenvectors of a real upper quasi-triangular (Schur) matrix T by back-substitution, after LAPACK
 * dtrevc: for an eigenvalue lambda of the diagonal block at rows {@code k..k+s-1}, the right eigenvector x
 * solves {@code (T - lambda I) x = 0} with x zero below the block, and the left eigenvector u solves
 * {@code u^H T = lambda u^H} (forward substitution on T^T) with u zero above it. Unlike dtrevc the
 * arithmetic is complex throughout (clearer, same operation count up to a constant); near-singular
 * diagonal pivots are replaced by {@code smin = max(ulp |lambda|, smlnum)} as dtrevc/dlaln2 do, and the
 * partial solution is rescaled whenever it grows towards overflow.
 */
final class SchurEigenvectors {

    private SchurEigenvectors() {
    }

    /**
     * Right eigenvector of T for the eigenvalue {@code (lr, li)} of the block ending at row/column ki (a
     * 2x2 block at ki-1..ki when {@code pair}, lambda the member with li > 0). Fills x[0..ki]; x[ki+1..] = 0.
     */
    static void right(double[] t, int n, int ki, boolean pair, double lr, double li, double tnorm,
                      double[] xr, double[] xi, double[] tmp) {
        java.util.Arrays.fill(xr, 0, n, 0.0);
        java.util.Arrays.fill(xi, 0, n, 0.0);
        final double smin = Math.max(Reflector.ULP * (Math.abs(lr) + Math.abs(li)), smallNumber(n));
        final double limit = growthLimit(n, tnorm);
        // Every x_j is kept below limit, so no sum of n terms |T_ij x_j| can overflow.
        int top;
        if (!pair) {
            xr[ki] = 1.0;
            top = ki - 1;
        } else {
            double a = t[(ki - 1) * n + ki - 1];
            double b = t[(ki - 1) * n + ki];
            double c = t[ki * n + ki - 1];
            double d = t[ki * n + ki];
            // Null vector of the block minus lambda, from its better-scaled row.
            if (Math.abs(b) >= Math.abs(c)) {
                xr[ki - 1] = b;
                xr[ki] = lr - a;
                xi[ki] = li;
            } else {
                xr[ki - 1] = lr - d;
                xi[ki - 1] = li;
                xr[ki] = c;
            }
            double s = Math.max(Math.hypot(xr[ki - 1], xi[ki - 1]), Math.hypot(xr[ki], xi[ki]));
            for (int p = ki - 1; p <= ki; p++) {
                xr[p] /= s;
                xi[p] /= s;
            }
            top = ki - 2;
        }
        int j = top;
        while (j >= 0) {
            if (j > 0 && t[j * n + j - 1] != 0.0) {
                // 2x2 diagonal block at rows j-1..j.
                double r1r = 0.0;
                double r1i = 0.0;
                double r2r = 0.0;
                double r2i = 0.0;
                int p1 = (j - 1) * n;
                int p2 = j * n;
                for (int c = j + 1; c <= ki; c++) {
                    r1r -= t[p1 + c] * xr[c];
                    r1i -= t[p1 + c] * xi[c];
                    r2r -= t[p2 + c] * xr[c];
                    r2i -= t[p2 + c] * xi[c];
                }
                double r = Math.max(Math.max(Math.abs(r1r), Math.abs(r1i)), Math.max(Math.abs(r2r), Math.abs(r2i)));
                if (r > 0.0) {
                    solve2(t[p1 + j - 1] - lr, -li, t[p1 + j], 0.0, t[p2 + j - 1], 0.0, t[p2 + j] - lr, -li,
                            r1r / r, r1i / r, r2r / r, r2i / r, smin, tmp);
                    r = guardOverflow(tmp, 4, r, limit, xr, xi);
                    xr[j - 1] = r * tmp[0];
                    xi[j - 1] = r * tmp[1];
                    xr[j] = r * tmp[2];
                    xi[j] = r * tmp[3];
                }
                j -= 2;
            } else {
                double rr = 0.0;
                double ri = 0.0;
                int p = j * n;
                for (int c = j + 1; c <= ki; c++) {
                    rr -= t[p + c] * xr[c];
                    ri -= t[p + c] * xi[c];
                }
                double r = Math.max(Math.abs(rr), Math.abs(ri));
                if (r > 0.0) {
                    divide(rr / r, ri / r, t[p + j] - lr, -li, smin, tmp);
                    r = guardOverflow(tmp, 2, r, limit, xr, xi);
                    xr[j] = r * tmp[0];
                    xi[j] = r * tmp[1];
                }
                j -= 1;
            }
        }
    }

    /**
     * Left eigenvector of T for the eigenvalue {@code (lr, li)} of the block starting at ks (a 2x2 block at
     * ks..ks+1 when {@code pair}): returns u with {@code u^H T = lambda u^H}, u[0..ks-1] = 0.
     */
    static void left(double[] t, int n, int ks, boolean pair, double lr, double li, double tnorm,
                     double[] ur, double[] ui, double[] tmp) {
        java.util.Arrays.fill(ur, 0, n, 0.0);
        java.util.Arrays.fill(ui, 0, n, 0.0);
        final double smin = Math.max(Reflector.ULP * (Math.abs(lr) + Math.abs(li)), smallNumber(n));
        final double limit = growthLimit(n, tnorm);
        // Work with w = conj(u), which solves T^T w = lambda w; conjugate at the end.
        int start;
        if (!pair) {
            ur[ks] = 1.0;
            start = ks + 1;
        } else {
            double a = t[ks * n + ks];
            double b = t[ks * n + ks + 1];
            double c = t[(ks + 1) * n + ks];
            double d = t[(ks + 1) * n + ks + 1];
            if (Math.abs(c) >= Math.abs(b)) {
                ur[ks] = c;
                ur[ks + 1] = lr - a;
                ui[ks + 1] = li;
            } else {
                ur[ks] = lr - d;
                ui[ks] = li;
                ur[ks + 1] = b;
            }
            double s = Math.max(Math.hypot(ur[ks], ui[ks]), Math.hypot(ur[ks + 1], ui[ks + 1]));
            for (int p = ks; p <= ks + 1; p++) {
                ur[p] /= s;
                ui[p] /= s;
            }
            start = ks + 2;
        }
        int j = start;
        while (j < n) {
            if (j + 1 < n && t[(j + 1) * n + j] != 0.0) {
                double r1r = 0.0;
                double r1i = 0.0;
                double r2r = 0.0;
                double r2i = 0.0;
                for (int c = ks; c < j; c++) {
                    double t1 = t[c * n + j];
                    double t2 = t[c * n + j + 1];
                    r1r -= t1 * ur[c];
                    r1i -= t1 * ui[c];
                    r2r -= t2 * ur[c];
                    r2i -= t2 * ui[c];
                }
                // The transposed 2x2 block minus lambda.
                double r = Math.max(Math.max(Math.abs(r1r), Math.abs(r1i)), Math.max(Math.abs(r2r), Math.abs(r2i)));
                if (r > 0.0) {
                    solve2(t[j * n + j] - lr, -li, t[(j + 1) * n + j], 0.0, t[j * n + j + 1], 0.0,
                            t[(j + 1) * n + j + 1] - lr, -li, r1r / r, r1i / r, r2r / r, r2i / r, smin, tmp);
                    r = guardOverflow(tmp, 4, r, limit, ur, ui);
                    ur[j] = r * tmp[0];
                    ui[j] = r * tmp[1];
                    ur[j + 1] = r * tmp[2];
                    ui[j + 1] = r * tmp[3];
                }
                j += 2;
            } else {
                double rr = 0.0;
                double ri = 0.0;
                for (int c = ks; c < j; c++) {
                    double tc = t[c * n + j];
                    rr -= tc * ur[c];
                    ri -= tc * ui[c];
                }
                double r = Math.max(Math.abs(rr), Math.abs(ri));
                if (r > 0.0) {
                    divide(rr / r, ri / r, t[j * n + j] - lr, -li, smin, tmp);
                    r = guardOverflow(tmp, 2, r, limit, ur, ui);
                    ur[j] = r * tmp[0];
                    ui[j] = r * tmp[1];
                }
                j += 1;
            }
        }
        for (int p = ks; p < n; p++) {
            ui[p] = -ui[p];
        }
    }

    /** dlamch('S') * (n / ulp), dtrevc's SMLNUM. */
    private static double smallNumber(int n) {
        return Reflector.SAFMIN * (Math.max(1, n) / Reflector.ULP);
    }

    /** Largest |x_i| allowed before rescaling, so that the next sum of n terms |T_ij x_j| cannot overflow. */
    private static double growthLimit(int n, double tnorm) {
        return Double.MAX_VALUE / (4.0 * Math.max(1, n) * Math.max(1.0, tnorm));
    }

    /**
     * The scaling of dlaln2/dlatrs: the solution of the current block is {@code r * y}, y = tmp[0..len-1]
     * from the unit-scaled right-hand side. If |r y| would exceed the limit (so later sums could overflow,
     * or the product itself would be infinite), the whole partial vector x is scaled down by f first and
     * r becomes r f. Returns the factor to multiply y by.
     */
    private static double guardOverflow(double[] y, int len, double r, double limit, double[] xr, double[] xi) {
        double ym = 0.0;
        for (int q = 0; q < len; q++) {
            ym = Math.max(ym, Math.abs(y[q]));
        }
        if (ym > 0.0 && r > limit / ym) {
            double f = (limit / ym) / r;
            for (int p = 0; p < xr.length; p++) {
                xr[p] *= f;
                xi[p] *= f;
            }
            return r * f;
        }
        return r;
    }

    /** (rr + i ri) / (dr + i di), with the divisor perturbed to smin when smaller (dlaln2). */
    private static void divide(double rr, double ri, double dr, double di, double smin, double[] out) {
        if (Math.abs(dr) + Math.abs(di) < smin) {
            dr = smin;
            di = 0.0;
        }
        cdiv(rr, ri, dr, di, out, 0);
    }

    /** Smith's complex division (rr + i ri) / (dr + i di) into out[off], out[off + 1]. */
    private static void cdiv(double rr, double ri, double dr, double di, double[] out, int off) {
        if (Math.abs(dr) >= Math.abs(di)) {
            double e = di / dr;
            double f = dr + di * e;
            out[off] = (rr + ri * e) / f;
            out[off + 1] = (ri - rr * e) / f;
        } else {
            double e = dr / di;
            double f = di + dr * e;
            out[off] = (rr * e + ri) / f;
            out[off + 1] = (ri * e - rr) / f;
        }
    }

    /**
     * Solves the complex 2x2 system [m11 m12; m21 m22] (x1; x2) = (r1; r2) by Gaussian elimination with
     * complete pivoting; a pivot below smin is replaced by smin (dlaln2). Writes x1r, x1i, x2r, x2i to out.
     */
    static void solve2(double m11r, double m11i, double m12r, double m12i,
                       double m21r, double m21i, double m22r, double m22i,
                       double r1r, double r1i, double r2r, double r2i, double smin, double[] out) {
        // Pick the pivot of largest modulus (|re| + |im|, as LAPACK's cabs1).
        double a11 = Math.abs(m11r) + Math.abs(m11i);
        double a12 = Math.abs(m12r) + Math.abs(m12i);
        double a21 = Math.abs(m21r) + Math.abs(m21i);
        double a22 = Math.abs(m22r) + Math.abs(m22i);
        double max = Math.max(Math.max(a11, a12), Math.max(a21, a22));
        boolean swapRows = false;
        boolean swapCols = false;
        if (max == a12) {
            swapCols = true;
        } else if (max == a21) {
            swapRows = true;
        } else if (max == a22) {
            swapRows = true;
            swapCols = true;
        }
        if (swapRows) {
            double t;
            t = m11r; m11r = m21r; m21r = t;
            t = m11i; m11i = m21i; m21i = t;
            t = m12r; m12r = m22r; m22r = t;
            t = m12i; m12i = m22i; m22i = t;
            t = r1r; r1r = r2r; r2r = t;
            t = r1i; r1i = r2i; r2i = t;
        }
        if (swapCols) {
            double t;
            t = m11r; m11r = m12r; m12r = t;
            t = m11i; m11i = m12i; m12i = t;
            t = m21r; m21r = m22r; m22r = t;
            t = m21i; m21i = m22i; m22i = t;
        }
        if (Math.abs(m11r) + Math.abs(m11i) < smin) {
            m11r = smin;
            m11i = 0.0;
        }
        // l = m21 / m11; u22 = m22 - l m12; y2 = r2 - l r1.
        double[] q = out; // scratch: every result is read into locals before the final writes
        cdiv(m21r, m21i, m11r, m11i, q, 0);
        double lr = q[0];
        double li = q[1];
        double u22r = m22r - (lr * m12r - li * m12i);
        double u22i = m22i - (lr * m12i + li * m12r);
        double y2r = r2r - (lr * r1r - li * r1i);
        double y2i = r2i - (lr * r1i + li * r1r);
        if (Math.abs(u22r) + Math.abs(u22i) < smin) {
            u22r = smin;
            u22i = 0.0;
        }
        cdiv(y2r, y2i, u22r, u22i, q, 0);
        double x2r = q[0];
        double x2i = q[1];
        double sr = r1r - (m12r * x2r - m12i * x2i);
        double si = r1i - (m12r * x2i + m12i * x2r);
        cdiv(sr, si, m11r, m11i, q, 0);
        double x1r = q[0];
        double x1i = q[1];
        if (swapCols) {
            out[0] = x2r;
            out[1] = x2i;
            out[2] = x1r;
            out[3] = x1i;
        } else {
            out[0] = x1r;
            out[1] = x1i;
            out[2] = x2r;
            out[3] = x2i;
        }
    }
}
