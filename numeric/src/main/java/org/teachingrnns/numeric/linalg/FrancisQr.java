package org.teachingrnns.numeric.linalg;

/**
 * The Francis double-shift implicit QR algorithm on an upper Hessenberg matrix, translated from LAPACK
 * dlahqr (3.12: Ahues-Tisseur deflation criterion, exceptional shifts every 10 iterations without
 * deflation), with the 2x2 blocks standardised by dlanv2 so that a complex-conjugate pair comes out as
 * exact conjugates, the one with positive imaginary part first.
 *
 * <p>Row-major, 0-based, ranges inclusive. With {@code wantT} the full quasi-triangular Schur form T is
 * computed (rows/columns outside the active block are updated too); with {@code wantZ} the orthogonal
 * transformations are accumulated into Z (rows {@code iloz..ihiz}). Unlike LAPACK, Z is stored
 * <em>transposed</em> (row j of {@code z} is column j of Z): QR updates columns of Z, and in row-major
 * storage that makes each update a pass over two or three contiguous rows instead of a strided walk.
 */
final class FrancisQr {

    private static final double DAT1 = 0.75;
    private static final double DAT2 = -0.4375;
    private static final int KEXSH = 10;

    private FrancisQr() {
    }

    /**
     * dlahqr. Eigenvalues of H(ilo..ihi, ilo..ihi) go to wr/wi[ilo..ihi].
     *
     * @return 0 on success; otherwise i + 1 where rows/columns ilo..i failed to converge within the
     *     iteration limit (30 * max(10, nh) iterations per eigenvalue, as LAPACK), and wr/wi[i+1..ihi] hold
     *     the eigenvalues found so far
     */
    static int dlahqr(boolean wantT, boolean wantZ, int n, int ilo, int ihi, double[] h, int ldh,
                      double[] wr, double[] wi, int iloz, int ihiz, double[] z, int ldz) {
        return dlahqr(wantT, wantZ, n, ilo, ihi, h, ldh, wr, wi, iloz, ihiz, z, ldz, ITERATIONS_PER_EIGENVALUE);
    }

    /** LAPACK's limit: 30 QR sweeps per eigenvalue of the active block (ITMAX = 30 * max(10, nh)). */
    static final int ITERATIONS_PER_EIGENVALUE = 30;

    /** As above with the factor of the iteration limit given (tests force non-convergence with 0). */
    static int dlahqr(boolean wantT, boolean wantZ, int n, int ilo, int ihi, double[] h, int ldh,
                      double[] wr, double[] wi, int iloz, int ihiz, double[] z, int ldz, int itsPerEigenvalue) {
        if (n == 0 || ilo > ihi) {
            return 0;
        }
        if (ilo == ihi) {
            wr[ilo] = h[ilo * ldh + ilo];
            wi[ilo] = 0.0;
            return 0;
        }
        // Clear out the trash below the subdiagonal.
        for (int j = ilo; j <= ihi - 3; j++) {
            h[(j + 2) * ldh + j] = 0.0;
            h[(j + 3) * ldh + j] = 0.0;
        }
        if (ilo <= ihi - 2) {
            h[ihi * ldh + ihi - 2] = 0.0;
        }
        final int nh = ihi - ilo + 1;
        final double safmin = Reflector.SAFMIN;
        final double ulp = Reflector.ULP;
        final double smlnum = safmin * (nh / ulp);
        int i1 = 0;
        int i2 = n - 1;
        final int itmax = itsPerEigenvalue * Math.max(10, nh);
        int kdefl = 0;
        final double[] v = new double[3];
        final double[] out = new double[10];

        int i = ihi;
        while (i >= ilo) {
            int l = ilo;
            boolean converged = false;
            for (int its = 0; its <= itmax; its++) {
                // Look for a single small subdiagonal element.
                int k;
                for (k = i; k > l; k--) {
                    double hkk1 = Math.abs(h[k * ldh + k - 1]);
                    if (hkk1 <= smlnum) {
                        break;
                    }
                    double hk1k1 = h[(k - 1) * ldh + k - 1];
                    double hkk = h[k * ldh + k];
                    double tst = Math.abs(hk1k1) + Math.abs(hkk);
                    if (tst == 0.0) {
                        if (k - 2 >= ilo) {
                            tst += Math.abs(h[(k - 1) * ldh + k - 2]);
                        }
                        if (k + 1 <= ihi) {
                            tst += Math.abs(h[(k + 1) * ldh + k]);
                        }
                    }
                    // Ahues and Tisseur (LAWN 122, 1997): a conservative small-subdiagonal test that has
                    // provable relative accuracy for well-conditioned eigenvalues.
                    if (hkk1 <= ulp * tst) {
                        double hk1k = Math.abs(h[(k - 1) * ldh + k]);
                        double ab = Math.max(hkk1, hk1k);
                        double ba = Math.min(hkk1, hk1k);
                        double diff = Math.abs(hk1k1 - hkk);
                        double aa = Math.max(Math.abs(hkk), diff);
                        double bb = Math.min(Math.abs(hkk), diff);
                        double s = aa + ab;
                        if (ba * (ab / s) <= Math.max(smlnum, ulp * (bb * (aa / s)))) {
                            break;
                        }
                    }
                }
                l = k;
                if (l > ilo) {
                    h[l * ldh + l - 1] = 0.0; // H(l, l-1) is negligible
                }
                // Exit when a 1x1 or 2x2 block has split off.
                if (l >= i - 1) {
                    converged = true;
                    break;
                }
                kdefl++;
                // Active submatrix: rows/columns l..i. Without T only it is updated.
                if (!wantT) {
                    i1 = l;
                    i2 = i;
                }
                double h11;
                double h12;
                double h21;
                double h22;
                if (kdefl % (2 * KEXSH) == 0) {
                    // Exceptional shift at the bottom.
                    double s = Math.abs(h[i * ldh + i - 1]) + Math.abs(h[(i - 1) * ldh + i - 2]);
                    h11 = DAT1 * s + h[i * ldh + i];
                    h12 = DAT2 * s;
                    h21 = s;
                    h22 = h11;
                } else if (kdefl % KEXSH == 0) {
                    // Exceptional shift at the top.
                    double s = Math.abs(h[(l + 1) * ldh + l]) + Math.abs(h[(l + 2) * ldh + l + 1]);
                    h11 = DAT1 * s + h[l * ldh + l];
                    h12 = DAT2 * s;
                    h21 = s;
                    h22 = h11;
                } else {
                    // Wilkinson's double shift: eigenvalues of the trailing 2x2 block.
                    h11 = h[(i - 1) * ldh + i - 1];
                    h21 = h[i * ldh + i - 1];
                    h12 = h[(i - 1) * ldh + i];
                    h22 = h[i * ldh + i];
                }
                double s = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
                double rt1r;
                double rt1i;
                double rt2r;
                double rt2i;
                if (s == 0.0) {
                    rt1r = 0.0;
                    rt1i = 0.0;
                    rt2r = 0.0;
                    rt2i = 0.0;
                } else {
                    h11 /= s;
                    h21 /= s;
                    h12 /= s;
                    h22 /= s;
                    double tr = (h11 + h22) / 2.0;
                    double det = (h11 - tr) * (h22 - tr) - h12 * h21;
                    double rtdisc = Math.sqrt(Math.abs(det));
                    if (det >= 0.0) {
                        // Complex conjugate shifts.
                        rt1r = tr * s;
                        rt2r = rt1r;
                        rt1i = rtdisc * s;
                        rt2i = -rt1i;
                    } else {
                        // Real shifts: use only the one closer to h22, twice.
                        rt1r = tr + rtdisc;
                        rt2r = tr - rtdisc;
                        if (Math.abs(rt1r - h22) <= Math.abs(rt2r - h22)) {
                            rt1r *= s;
                            rt2r = rt1r;
                        } else {
                            rt2r *= s;
                            rt1r = rt2r;
                        }
                        rt1i = 0.0;
                        rt2i = 0.0;
                    }
                }
                // Look for two consecutive small subdiagonal elements.
                int m;
                for (m = i - 2; m >= l; m--) {
                    // First column of (H - rt1)(H - rt2) restricted to rows m..m+2, scaled against
                    // overflow and underflow.
                    double hmm = h[m * ldh + m];
                    double h21s = h[(m + 1) * ldh + m];
                    s = Math.abs(hmm - rt2r) + Math.abs(rt2i) + Math.abs(h21s);
                    h21s = h21s / s;
                    v[0] = h21s * h[m * ldh + m + 1] + (hmm - rt1r) * ((hmm - rt2r) / s) - rt1i * (rt2i / s);
                    v[1] = h21s * (hmm + h[(m + 1) * ldh + m + 1] - rt1r - rt2r);
                    v[2] = h21s * h[(m + 2) * ldh + m + 1];
                    s = Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]);
                    v[0] /= s;
                    v[1] /= s;
                    v[2] /= s;
                    if (m == l) {
                        break;
                    }
                    double h00 = Math.abs(h[m * ldh + m - 1]) * (Math.abs(v[1]) + Math.abs(v[2]));
                    double h01 = Math.abs(v[0]) * (Math.abs(h[(m - 1) * ldh + m - 1]) + Math.abs(hmm)
                            + Math.abs(h[(m + 1) * ldh + m + 1]));
                    if (h00 <= ulp * h01) {
                        break;
                    }
                }
                // Double-shift QR step: chase the bulge from m down to i.
                for (k = m; k <= i - 1; k++) {
                    // The first iteration uses v from above; later ones restore Hessenberg form.
                    int nr = Math.min(3, i - k + 1);
                    if (k > m) {
                        v[0] = h[k * ldh + k - 1];
                        v[1] = h[(k + 1) * ldh + k - 1];
                        if (nr == 3) {
                            v[2] = h[(k + 2) * ldh + k - 1];
                        }
                    }
                    double t1 = Reflector.dlarfg(nr, v, 0, 1);
                    if (k > m) {
                        h[k * ldh + k - 1] = v[0];
                        h[(k + 1) * ldh + k - 1] = 0.0;
                        if (k < i - 1) {
                            h[(k + 2) * ldh + k - 1] = 0.0;
                        }
                    } else if (m > l) {
                        // Use this instead of H(k,k-1) = -H(k,k-1) to avoid a bug when v(2) and v(3)
                        // underflow (LAPACK's comment).
                        h[k * ldh + k - 1] *= (1.0 - t1);
                    }
                    double v2 = v[1];
                    if (nr == 3) {
                        double v3 = v[2];
                        // Row transformation on rows k..k+2, columns k..i2.
                        Reflector.rows3(h, k * ldh + k, ldh, i2 - k + 1, t1, v2, v3);
                        // Column transformation on columns k..k+2, rows i1..min(k+3, i).
                        Reflector.cols3(h, i1 * ldh + k, ldh, Math.min(k + 3, i) - i1 + 1, t1, v2, v3);
                        if (wantZ) {
                            // Columns k..k+2 of Z are rows k..k+2 of the stored Z^T: contiguous.
                            Reflector.rows3(z, k * ldz + iloz, ldz, ihiz - iloz + 1, t1, v2, v3);
                        }
                    } else if (nr == 2) {
                        Reflector.rows2(h, k * ldh + k, ldh, i2 - k + 1, t1, v2);
                        Reflector.cols2(h, i1 * ldh + k, ldh, i - i1 + 1, t1, v2);
                        if (wantZ) {
                            Reflector.rows2(z, k * ldz + iloz, ldz, ihiz - iloz + 1, t1, v2);
                        }
                    }
                }
            }
            if (!converged) {
                return i + 1;
            }
            if (l == i) {
                // A 1x1 block has split off.
                wr[i] = h[i * ldh + i];
                wi[i] = 0.0;
            } else if (l == i - 1) {
                // A 2x2 block: standardise it (dlanv2) and apply the rotation to the rest of H and to Z.
                int p = (i - 1) * ldh + i - 1;
                dlanv2(h[p], h[p + 1], h[p + ldh], h[p + ldh + 1], out);
                h[p] = out[0];
                h[p + 1] = out[1];
                h[p + ldh] = out[2];
                h[p + ldh + 1] = out[3];
                wr[i - 1] = out[4];
                wi[i - 1] = out[5];
                wr[i] = out[6];
                wi[i] = out[7];
                double cs = out[8];
                double sn = out[9];
                if (wantT) {
                    // Rows i-1 and i, columns i+1..i2.
                    for (int j = i + 1, q = (i - 1) * ldh + i + 1; j <= i2; j++, q++) {
                        double x = h[q];
                        double y = h[q + ldh];
                        h[q] = cs * x + sn * y;
                        h[q + ldh] = cs * y - sn * x;
                    }
                    // Columns i-1 and i, rows i1..i-2.
                    for (int j = i1, q = i1 * ldh + i - 1; j <= i - 2; j++, q += ldh) {
                        double x = h[q];
                        double y = h[q + 1];
                        h[q] = cs * x + sn * y;
                        h[q + 1] = cs * y - sn * x;
                    }
                }
                if (wantZ) {
                    int z0 = (i - 1) * ldz;
                    int z1 = z0 + ldz;
                    for (int j = iloz; j <= ihiz; j++) {
                        double x = z[z0 + j];
                        double y = z[z1 + j];
                        z[z0 + j] = cs * x + sn * y;
                        z[z1 + j] = cs * y - sn * x;
                    }
                }
            }
            // Reset the deflation counter and go on with the rest of the matrix.
            kdefl = 0;
            i = l - 1;
        }
        return 0;
    }

    // dlanv2's scaling limits: base^(int(log(safmin/eps)/log(base)/2)) with eps = dlamch('P').
    private static final double SAFMN2 = 0x1p-485;
    private static final double SAFMX2 = 0x1p+485;
    private static final double MULTPL = 4.0;

    /**
     * LAPACK dlanv2: the Schur factorisation of a real 2x2 nonsymmetric matrix in standardised form,
     * {@code [a b; c d] = [cs -sn; sn cs] [aa bb; cc dd] [cs sn; -sn cs]}, where either cc = 0 (real
     * eigenvalues aa, dd) or aa = dd and bb * cc < 0 (complex pair aa +- sqrt(|bb|) sqrt(|cc|) i).
     * Writes {aa, bb, cc, dd, rt1r, rt1i, rt2r, rt2i, cs, sn} into {@code out}; rt1i >= 0 >= rt2i and
     * rt2 = conj(rt1) exactly for a complex pair.
     */
    static void dlanv2(double a, double b, double c, double d, double[] out) {
        final double eps = Reflector.ULP;
        double cs;
        double sn;
        if (c == 0.0) {
            cs = 1.0;
            sn = 0.0;
        } else if (b == 0.0) {
            // Swap rows and columns.
            cs = 0.0;
            sn = 1.0;
            double temp = d;
            d = a;
            a = temp;
            b = -c;
            c = 0.0;
        } else if (a - d == 0.0 && sign(b) != sign(c)) {
            cs = 1.0;
            sn = 0.0;
        } else {
            double temp = a - d;
            double p = 0.5 * temp;
            double bcmax = Math.max(Math.abs(b), Math.abs(c));
            double bcmis = Math.min(Math.abs(b), Math.abs(c)) * sign(b) * sign(c);
            double scale = Math.max(Math.abs(p), bcmax);
            double zz = (p / scale) * p + (bcmax / scale) * bcmis;
            // If zz is of the order of the machine accuracy, postpone the decision on the nature of the
            // eigenvalues.
            if (zz >= MULTPL * eps) {
                // Real eigenvalues. Compute a and d.
                zz = p + Math.copySign(Math.sqrt(scale) * Math.sqrt(zz), p);
                a = d + zz;
                d = d - (bcmax / zz) * bcmis;
                // Compute b and the rotation matrix.
                double tau = Reflector.hypot(c, zz);
                cs = zz / tau;
                sn = c / tau;
                b = b - c;
                c = 0.0;
            } else {
                // Complex eigenvalues, or real (almost) equal eigenvalues: make the diagonal equal.
                int count = 0;
                double sigma = b + c;
                while (true) {
                    count++;
                    scale = Math.max(Math.abs(temp), Math.abs(sigma));
                    if (scale >= SAFMX2) {
                        sigma *= SAFMN2;
                        temp *= SAFMN2;
                        if (count <= 20) {
                            continue;
                        }
                    }
                    if (scale <= SAFMN2) {
                        sigma *= SAFMX2;
                        temp *= SAFMX2;
                        if (count <= 20) {
                            continue;
                        }
                    }
                    break;
                }
                p = 0.5 * temp;
                double tau = Reflector.hypot(sigma, temp);
                cs = Math.sqrt(0.5 * (1.0 + Math.abs(sigma) / tau));
                sn = -(p / (tau * cs)) * sign(sigma);
                // [aa bb; cc dd] = [a b; c d] [cs -sn; sn cs]
                double aa = a * cs + b * sn;
                double bb = -a * sn + b * cs;
                double cc = c * cs + d * sn;
                double dd = -c * sn + d * cs;
                // [a b; c d] = [cs sn; -sn cs] [aa bb; cc dd]
                a = aa * cs + cc * sn;
                b = bb * cs + dd * sn;
                c = -aa * sn + cc * cs;
                d = -bb * sn + dd * cs;
                temp = 0.5 * (a + d);
                a = temp;
                d = temp;
                if (c != 0.0) {
                    if (b != 0.0) {
                        if (sign(b) == sign(c)) {
                            // Real eigenvalues: reduce to upper triangular form.
                            double sab = Math.sqrt(Math.abs(b));
                            double sac = Math.sqrt(Math.abs(c));
                            p = Math.copySign(sab * sac, c);
                            tau = 1.0 / Math.sqrt(Math.abs(b + c));
                            a = temp + p;
                            d = temp - p;
                            b = b - c;
                            c = 0.0;
                            double cs1 = sab * tau;
                            double sn1 = sac * tau;
                            temp = cs * cs1 - sn * sn1;
                            sn = cs * sn1 + sn * cs1;
                            cs = temp;
                        }
                    } else {
                        b = -c;
                        c = 0.0;
                        temp = cs;
                        cs = -sn;
                        sn = temp;
                    }
                }
            }
        }
        out[0] = a;
        out[1] = b;
        out[2] = c;
        out[3] = d;
        out[4] = a;
        out[6] = d;
        if (c == 0.0) {
            out[5] = 0.0;
            out[7] = 0.0;
        } else {
            out[5] = Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c));
            out[7] = -out[5];
        }
        out[8] = cs;
        out[9] = sn;
    }

    /** Fortran SIGN(1, x): +1 for x >= +0, -1 for negative x (and -0, as gfortran). */
    private static double sign(double x) {
        return Math.copySign(1.0, x);
    }
}
