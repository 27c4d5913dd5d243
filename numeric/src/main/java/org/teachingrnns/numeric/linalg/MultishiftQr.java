package org.teachingrnns.numeric.linalg;

import java.util.Arrays;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * The small-bulge multishift QR algorithm with aggressive early deflation (Braman, Byers and Mathias 2002),
 * translated from LAPACK 3.12.0: dlaqr0 (the driver dhseqr calls for n > 75), dlaqr4 (the same driver without
 * recursion, used inside the deflation window), dlaqr3/dlaqr2 (aggressive early deflation), dlaqr5 (one
 * multishift sweep: chains of 3x3 bulges, their reflectors accumulated in an orthogonal U that is applied to
 * the rest of H by matrix products), dlaqr1, and the reordering of a Schur form dtrexc/dlaexc/dlasy2 (with the
 * dlartg and dlarfx pieces they use). Parameters are those of LAPACK's iparmq: NMIN = 75, NIBBLE = 14, the
 * number of shifts and the deflation window by the size of the active block, KACMIN = K22MIN = 14.
 *
 * <p>Storage follows {@link FrancisQr}: H is row-major, 0-based at the interface ({@code ilo, ihi, iloz, ihiz}
 * inclusive), and Z is held <em>transposed</em> (row j of {@code z} is column j of Z), which is also how the
 * window's Schur vectors V are kept here so that dlahqr can accumulate into them. Inside, index variables keep
 * LAPACK's 1-based values (as in the Fortran) and {@link #at} maps them to an offset, so that the translation
 * can be checked line by line against the source.
 *
 * <p>Deviations from LAPACK, none of which changes the arithmetic of an element except as noted: the workspaces
 * are arrays of this object (LAPACK carves them out of H's lower triangle and WORK), so the products that apply
 * U and the window's V run in one call each instead of in NH/NV-wide chunks; the workspace is taken as
 * unlimited (NWMAX = (n-1)/3, NSMAX = (n-3)/6, what dhseqr's optimal LWORK gives); the window's Hessenberg
 * reduction and the application of its Q use the unblocked dgehd2/dorm2r ({@link Hessenberg}, {@link Reflector})
 * where LAPACK's dgehrd/dormhr block from 128 columns (rounding differs, not the algorithm); after the last
 * allowed iteration a fully deflated matrix is reported as converged (dlaqr0 would report INFO = ILO-1 there).
 *
 * <p>One object holds the workspaces of one level and is reused across calls; the dlaqr4 level below it is
 * created on the first window larger than NMIN.
 */
final class MultishiftQr {

    /** iparmq's NMIN: dhseqr uses dlahqr up to this order, dlaqr3 the recursive dlaqr4 above it. */
    static final int NMIN = 75;
    private static final int NTINY = 15;     // dlaqr0: dlahqr below this order
    private static final int KEXNW = 5;      // dlaqr0: widen the window after this many iterations without deflation
    private static final int KEXSH = 6;      // dlaqr0: exceptional shifts every KEXSH iterations without deflation
    private static final double WILK1 = 0.75;
    private static final double WILK2 = -0.4375;
    private static final int NIBBLE = 14;    // iparmq: skip the sweep when AED deflates more than 14% of the window
    private static final int KNWSWP = 500;   // iparmq: window 3/2 of the shifts from this order
    private static final int KACMIN = 14;    // iparmq: accumulate the sweep's reflectors from 14 shifts
    private static final int K22MIN = 14;

    private static final double SAFMIN = Reflector.SAFMIN;
    private static final double ULP = Reflector.ULP;

    private final boolean recursive;       // dlaqr0 (with dlaqr3 and dlaqr4 below) or dlaqr4 (with dlaqr2)
    private Blas blas;                     // the products' backend, null for plain loops
    private MultishiftQr inner;            // the dlaqr4 level

    // dlaqr3: the window T (jw x jw, row-major), its Schur vectors V (stored transposed), their eigenvalues.
    private double[] t = new double[0];
    private double[] vw = new double[0];
    private double[] srw = new double[0];
    private double[] siw = new double[0];
    private double[] tauw = new double[0];
    private double[] hwork = new double[0];
    private double[] refl = new double[0];
    private double[] prod = new double[0];  // products of dlaqr3 and dlaqr5
    // dlaqr0: the trailing block whose eigenvalues become shifts.
    private double[] sh = new double[0];
    private double[] shr = new double[0];
    private double[] shi = new double[0];
    // dlaqr5: the 3-vectors of the bulges (column m at 3(m-1)), the accumulated U (kdu x kdu, stored transposed
    // like Z: dlaqr5 updates three columns of U at a time, which are then three contiguous rows).
    // bt: a transposed operand for the plain-loop products.
    private double[] v5 = new double[0];
    private double[] u = new double[0];
    private double[] bt = new double[0];
    private final double[] vt3 = new double[3];
    private final double[] out = new double[10];
    private final double[] d = new double[16];
    private final double[] u1 = new double[3];
    private final double[] u2 = new double[3];
    private final double[] tmp4 = new double[4];
    private final double[] btmp4 = new double[4];
    private final int[] jpiv4 = new int[4];
    private final double[][] t16 = new double[4][4];
    // Results of dlaqr3 (NS, ND), dtrexc/dlaexc (INFO), dlasy2 (SCALE, X).
    private int lastNs;
    private int lastNd;
    private int exInfo;
    private double scale;
    private double x11;
    private double x21;
    private double x12;
    private double x22;

    /** The top level, dlaqr0. */
    MultishiftQr() {
        this(true);
    }

    private MultishiftQr(boolean recursive) {
        this.recursive = recursive;
    }

    private static int at(int i, int j, int ld) {
        return (i - 1) * ld + (j - 1);
    }

    // ------------------------------------------------------------------ iparmq

    /** iparmq ISPEC = 15 (ISHFTS): the number of simultaneous shifts for an active block of order nh. */
    static int shifts(int nh) {
        int ns = 2;
        if (nh >= 30) {
            ns = 4;
        }
        if (nh >= 60) {
            ns = 10;
        }
        if (nh >= 150) {
            // NINT(LOG(REAL(NH)) / LOG(TWO)), in single precision as iparmq.
            int lg = Math.round((float) Math.log(nh) / (float) Math.log(2.0));
            ns = Math.max(10, nh / lg);
        }
        if (nh >= 590) {
            ns = 64;
        }
        if (nh >= 3000) {
            ns = 128;
        }
        if (nh >= 6000) {
            ns = 256;
        }
        return Math.max(2, ns - ns % 2);
    }

    /** iparmq ISPEC = 13 (INWIN): the deflation window. */
    static int window(int nh) {
        int ns = shifts(nh);
        return nh <= KNWSWP ? ns : 3 * ns / 2;
    }

    /** iparmq ISPEC = 16 (IACC22) for dlaqr0/dlaqr4: 0, or 1/2 = accumulate each sweep's reflectors in U. */
    static int kacc22(int nh) {
        int ns = shifts(nh);
        int k = 0;
        if (ns >= KACMIN) {
            k = 1;
        }
        if (ns >= K22MIN) {
            k = 2;
        }
        return k;
    }

    // ------------------------------------------------------------------ dlaqr0 / dlaqr4

    /**
     * dlaqr0 (dlaqr4 on the inner level): eigenvalues of H(ilo..ihi, ilo..ihi) into wr/wi[ilo..ihi], with the
     * Schur form when {@code wantT} and the Schur vectors accumulated into the transposed {@code z} (Z rows
     * iloz..ihiz) when {@code wantZ}. Arguments as {@link FrancisQr#dlahqr}.
     *
     * @param blas the products' backend, null for plain loops
     * @param itsPerEigenvalue the factor of the iteration limit, LAPACK's ITMAX = 30 * max(10, nh)
     * @return 0, or i + 1 when rows/columns ilo..i did not converge (LAPACK's INFO = KBOT)
     */
    int dlaqr0(Blas blas, boolean wantT, boolean wantZ, int n, int ilo0, int ihi0, double[] h, int ldh,
               double[] wr, double[] wi, int iloz0, int ihiz0, double[] z, int ldz, int itsPerEigenvalue) {
        this.blas = blas;
        if (n == 0) {
            return 0;
        }
        if (n <= NTINY) {
            return FrancisQr.dlahqr(wantT, wantZ, n, ilo0, ihi0, h, ldh, wr, wi, iloz0, ihiz0, z, ldz,
                    itsPerEigenvalue);
        }
        final int ilo = ilo0 + 1;
        final int ihi = ihi0 + 1;
        final int iloz = iloz0 + 1;
        final int ihiz = ihiz0 + 1;
        // Window (NWR) and shifts (NSR) as iparmq suggests, within what the matrix allows.
        int nwr = Math.max(2, window(ihi - ilo + 1));
        nwr = Math.min(ihi - ilo + 1, Math.min((n - 1) / 3, nwr));
        int nsr = Math.min(shifts(ihi - ilo + 1), Math.min((n - 3) / 6, ihi - ilo));
        nsr = Math.max(2, nsr - nsr % 2);
        final int kacc22 = kacc22(ihi - ilo + 1);
        final int nwmax = (n - 1) / 3;
        int nw = nwmax;
        int nsmax = (n - 3) / 6;
        nsmax -= nsmax % 2;
        int ndfl = 1;
        int ndec = -1;
        final int itmax = itsPerEigenvalue * Math.max(10, ihi - ilo + 1);
        int kbot = ihi;
        for (int it = 1; it <= itmax; it++) {
            if (kbot < ilo) {
                return 0;
            }
            // Locate the active block: the last zero subdiagonal at or above kbot.
            int k;
            for (k = kbot; k >= ilo + 1; k--) {
                if (h[at(k, k - 1, ldh)] == 0.0) {
                    break;
                }
            }
            final int ktop = k;
            final int nh = kbot - ktop + 1;
            // The deflation window: NWR normally; after KEXNW iterations without deflation double it, and
            // then shrink it one by one (NDEC) in case the larger window does not help either.
            final int nwupbd = Math.min(nh, nwmax);
            if (ndfl < KEXNW) {
                nw = Math.min(nwupbd, nwr);
            } else {
                nw = Math.min(nwupbd, 2 * nw);
            }
            if (nw < nwmax) {
                if (nw >= nh - 1) {
                    nw = nh;
                } else {
                    int kwtop = kbot - nw + 1;
                    if (Math.abs(h[at(kwtop, kwtop - 1, ldh)]) > Math.abs(h[at(kwtop - 1, kwtop - 2, ldh)])) {
                        nw++;
                    }
                }
            }
            if (ndfl < KEXNW) {
                ndec = -1;
            } else if (ndec >= 0 || nw >= nwupbd) {
                ndec++;
                if (nw - ndec < 2) {
                    ndec = 0;
                }
                nw -= ndec;
            }
            // Aggressive early deflation.
            dlaqr3(wantT, wantZ, n, ktop, kbot, nw, h, ldh, iloz, ihiz, z, ldz, wr, wi);
            final int ls = lastNs;
            final int ld = lastNd;
            kbot -= ld;
            int ks = kbot - ls + 1;
            // Skip the sweep when AED deflated enough (more than NIBBLE % of the window) unless the rest is
            // small; otherwise chase NS shifts.
            if (ld == 0 || (100 * ld <= nw * NIBBLE && kbot - ktop + 1 > Math.min(NMIN, nwmax))) {
                int ns = Math.min(nsmax, Math.min(nsr, Math.max(2, kbot - ktop)));
                ns -= ns % 2;
                if (ndfl % KEXSH == 0) {
                    // Exceptional shifts, from the trailing subdiagonals.
                    ks = kbot - ns + 1;
                    for (int i = kbot; i >= Math.max(ks + 1, ktop + 2); i -= 2) {
                        double ss = Math.abs(h[at(i, i - 1, ldh)]) + Math.abs(h[at(i - 1, i - 2, ldh)]);
                        double aa = WILK1 * ss + h[at(i, i, ldh)];
                        FrancisQr.dlanv2(aa, ss, WILK2 * ss, aa, out);
                        wr[i - 2] = out[4];
                        wi[i - 2] = out[5];
                        wr[i - 1] = out[6];
                        wi[i - 1] = out[7];
                    }
                    if (ks == ktop) {
                        wr[ks] = h[at(ks + 1, ks + 1, ldh)];
                        wi[ks] = 0.0;
                        wr[ks - 1] = wr[ks];
                        wi[ks - 1] = wi[ks];
                    }
                } else {
                    // Got NS/2 or fewer shifts from AED? Then take the eigenvalues of the trailing NS x NS block.
                    if (kbot - ks + 1 <= ns / 2) {
                        ks = kbot - ns + 1;
                        growShiftBlock(ns);
                        for (int r = 0; r < ns; r++) {
                            System.arraycopy(h, at(ks + r, ks, ldh), sh, r * ns, ns);
                        }
                        int inf;
                        if (ns > NMIN && recursive) {
                            inf = inner().dlaqr0(blas, false, false, ns, 0, ns - 1, sh, ns, shr, shi, 0, 0, null, 1,
                                    FrancisQr.ITERATIONS_PER_EIGENVALUE);
                        } else {
                            inf = FrancisQr.dlahqr(false, false, ns, 0, ns - 1, sh, ns, shr, shi, 0, 0, null, 1);
                        }
                        for (int i = inf; i < ns; i++) {
                            wr[ks - 1 + i] = shr[i];
                            wi[ks - 1 + i] = shi[i];
                        }
                        ks += inf;
                        // In case of a rare QR failure use the eigenvalues of the trailing 2x2 block.
                        if (ks >= kbot) {
                            FrancisQr.dlanv2(h[at(kbot - 1, kbot - 1, ldh)], h[at(kbot - 1, kbot, ldh)],
                                    h[at(kbot, kbot - 1, ldh)], h[at(kbot, kbot, ldh)], out);
                            wr[kbot - 2] = out[4];
                            wi[kbot - 2] = out[5];
                            wr[kbot - 1] = out[6];
                            wi[kbot - 1] = out[7];
                            ks = kbot - 1;
                        }
                    }
                    if (kbot - ks + 1 > ns) {
                        // More shifts than needed: sort by decreasing modulus (bubble sort, as LAPACK) and use the
                        // smallest, which sit at the bottom.
                        boolean sorted = false;
                        for (int kk = kbot; kk >= ks + 1 && !sorted; kk--) {
                            sorted = true;
                            for (int i = ks; i <= kk - 1; i++) {
                                if (Math.abs(wr[i - 1]) + Math.abs(wi[i - 1])
                                        < Math.abs(wr[i]) + Math.abs(wi[i])) {
                                    sorted = false;
                                    double sw = wr[i - 1];
                                    wr[i - 1] = wr[i];
                                    wr[i] = sw;
                                    sw = wi[i - 1];
                                    wi[i - 1] = wi[i];
                                    wi[i] = sw;
                                }
                            }
                        }
                    }
                    // Shuffle shifts into pairs of real shifts and pairs of complex conjugate shifts, assuming
                    // complex conjugate shifts are already adjacent to one another (LAPACK's comment).
                    for (int i = kbot; i >= ks + 2; i -= 2) {
                        if (wi[i - 1] != -wi[i - 2]) {
                            double sw = wr[i - 1];
                            wr[i - 1] = wr[i - 2];
                            wr[i - 2] = wr[i - 3];
                            wr[i - 3] = sw;
                            sw = wi[i - 1];
                            wi[i - 1] = wi[i - 2];
                            wi[i - 2] = wi[i - 3];
                            wi[i - 3] = sw;
                        }
                    }
                }
                // With two real shifts use only the one closer to H(kbot, kbot), twice.
                if (kbot - ks + 1 == 2 && wi[kbot - 1] == 0.0) {
                    double hkk = h[at(kbot, kbot, ldh)];
                    if (Math.abs(wr[kbot - 1] - hkk) < Math.abs(wr[kbot - 2] - hkk)) {
                        wr[kbot - 2] = wr[kbot - 1];
                    } else {
                        wr[kbot - 1] = wr[kbot - 2];
                    }
                }
                ns = Math.min(ns, kbot - ks + 1);
                ns -= ns % 2;
                ks = kbot - ns + 1;
                dlaqr5(wantT, wantZ, kacc22, n, ktop, kbot, ns, wr, wi, ks - 1, h, ldh, iloz, ihiz, z, ldz);
            }
            ndfl = ld > 0 ? 1 : ndfl + 1;
        }
        return kbot < ilo ? 0 : kbot;
    }

    private MultishiftQr inner() {
        if (inner == null) {
            inner = new MultishiftQr(false);
        }
        return inner;
    }

    private void growShiftBlock(int ns) {
        if (sh.length < ns * ns) {
            sh = new double[ns * ns];
            shr = new double[ns];
            shi = new double[ns];
        }
    }

    // ------------------------------------------------------------------ dlaqr3 / dlaqr2

    /**
     * dlaqr3 (dlaqr2 on the inner level): aggressive early deflation on the trailing nw x nw window of the
     * active block ktop..kbot (1-based). Sets {@link #lastNs} (unconverged eigenvalues left as shifts, in
     * sr/si[kbot-nd-ns .. kbot-nd-1]) and {@link #lastNd} (deflated ones, in sr/si below them).
     */
    private void dlaqr3(boolean wantT, boolean wantZ, int n, int ktop, int kbot, int nw, double[] h, int ldh,
                        int iloz, int ihiz, double[] z, int ldz, double[] sr, double[] si) {
        lastNs = 0;
        lastNd = 0;
        if (ktop > kbot || nw < 1) {
            return;
        }
        final int jw = Math.min(nw, kbot - ktop + 1);
        final double smlnum = SAFMIN * (n / ULP);
        final int kwtop = kbot - jw + 1;
        double s = kwtop == ktop ? 0.0 : h[at(kwtop, kwtop - 1, ldh)];
        if (kbot == kwtop) {
            // 1x1 deflation window: not much to do.
            sr[kwtop - 1] = h[at(kwtop, kwtop, ldh)];
            si[kwtop - 1] = 0.0;
            lastNs = 1;
            lastNd = 0;
            if (Math.abs(s) <= Math.max(smlnum, ULP * Math.abs(h[at(kwtop, kwtop, ldh)]))) {
                lastNs = 0;
                lastNd = 1;
                if (kwtop > ktop) {
                    h[at(kwtop, kwtop - 1, ldh)] = 0.0;
                }
            }
            return;
        }
        growWindow(jw, n);
        final double[] t = this.t;
        final double[] v = this.vw;
        // T := the window's Hessenberg part (LAPACK copies upper triangle and subdiagonal; the rest is zero
        // here rather than stale), V := I. Both have leading dimension jw.
        Arrays.fill(t, 0, jw * jw, 0.0);
        for (int i = 1; i <= jw; i++) {
            int from = Math.max(1, i - 1);
            System.arraycopy(h, at(kwtop + i - 1, kwtop + from - 1, ldh), t, at(i, from, jw), jw - from + 1);
        }
        Arrays.fill(v, 0, jw * jw, 0.0);
        for (int i = 0; i < jw; i++) {
            v[i * jw + i] = 1.0;
        }
        // The window's Schur form T = V^T T0 V: the recursive dlaqr4 for large windows, else dlahqr.
        int infqr;
        if (recursive && jw > NMIN) {
            infqr = inner().dlaqr0(blas, true, true, jw, 0, jw - 1, t, jw, srw, siw, 0, jw - 1, v, jw,
                    FrancisQr.ITERATIONS_PER_EIGENVALUE);
        } else {
            infqr = FrancisQr.dlahqr(true, true, jw, 0, jw - 1, t, jw, srw, siw, 0, jw - 1, v, jw);
        }
        for (int j = 1; j <= jw - 3; j++) {
            t[at(j + 2, j, jw)] = 0.0;
            t[at(j + 3, j, jw)] = 0.0;
        }
        if (jw > 2) {
            t[at(jw, jw - 2, jw)] = 0.0;
        }
        // Deflation detection loop: the spike s V(1, :) decides; undeflatable blocks move to the top.
        int ns = jw;
        int ilst = infqr + 1;
        while (ilst <= ns) {
            boolean bulge = ns != 1 && t[at(ns, ns - 1, jw)] != 0.0;
            if (!bulge) {
                // Real eigenvalue.
                double foo = Math.abs(t[at(ns, ns, jw)]);
                if (foo == 0.0) {
                    foo = Math.abs(s);
                }
                if (Math.abs(s * v[at(ns, 1, jw)]) <= Math.max(smlnum, ULP * foo)) {
                    ns--; // deflatable
                } else {
                    // Undeflatable: move it up out of the way (dtrexc can not fail here).
                    ilst = dtrexc(jw, t, jw, v, jw, ns, ilst);
                    ilst++;
                }
            } else {
                // Complex conjugate pair.
                double foo = Math.abs(t[at(ns, ns, jw)])
                        + Math.sqrt(Math.abs(t[at(ns, ns - 1, jw)])) * Math.sqrt(Math.abs(t[at(ns - 1, ns, jw)]));
                if (foo == 0.0) {
                    foo = Math.abs(s);
                }
                if (Math.max(Math.abs(s * v[at(ns, 1, jw)]), Math.abs(s * v[at(ns - 1, 1, jw)]))
                        <= Math.max(smlnum, ULP * foo)) {
                    ns -= 2;
                } else {
                    // dtrexc can fail here: then the pair stays, and ILST is where it stopped.
                    ilst = dtrexc(jw, t, jw, v, jw, ns, ilst);
                    ilst += 2;
                }
            }
        }
        if (ns == 0) {
            s = 0.0; // all deflated: the spike is gone
        }
        if (ns < jw) {
            // Sort the diagonal blocks of T into decreasing order of modulus (bubble sort by swaps; the
            // deflated ones stay below), so that the best shifts go last.
            boolean sorted = false;
            int i = ns + 1;
            while (!sorted) {
                sorted = true;
                int kend = i - 1;
                i = infqr + 1;
                int k = nextBlock(t, jw, i, ns);
                while (k <= kend) {
                    double evi = k == i + 1 ? Math.abs(t[at(i, i, jw)])
                            : Math.abs(t[at(i, i, jw)])
                            + Math.sqrt(Math.abs(t[at(i + 1, i, jw)])) * Math.sqrt(Math.abs(t[at(i, i + 1, jw)]));
                    double evk;
                    if (k == kend || t[at(k + 1, k, jw)] == 0.0) {
                        evk = Math.abs(t[at(k, k, jw)]);
                    } else {
                        evk = Math.abs(t[at(k, k, jw)])
                                + Math.sqrt(Math.abs(t[at(k + 1, k, jw)])) * Math.sqrt(Math.abs(t[at(k, k + 1, jw)]));
                    }
                    if (evi >= evk) {
                        i = k;
                    } else {
                        sorted = false;
                        int moved = dtrexc(jw, t, jw, v, jw, i, k);
                        i = exInfo == 0 ? moved : k;
                    }
                    k = nextBlock(t, jw, i, kend);
                }
            }
        }
        // Restore the shifts and deflated eigenvalues: sr/si(kwtop + i - 1) for i = jw .. infqr+1.
        int i = jw;
        while (i >= infqr + 1) {
            if (i == infqr + 1 || t[at(i, i - 1, jw)] == 0.0) {
                sr[kwtop + i - 2] = t[at(i, i, jw)];
                si[kwtop + i - 2] = 0.0;
                i--;
            } else {
                FrancisQr.dlanv2(t[at(i - 1, i - 1, jw)], t[at(i - 1, i, jw)], t[at(i, i - 1, jw)],
                        t[at(i, i, jw)], out);
                sr[kwtop + i - 3] = out[4];
                si[kwtop + i - 3] = out[5];
                sr[kwtop + i - 2] = out[6];
                si[kwtop + i - 2] = out[7];
                i -= 2;
            }
        }
        if (ns < jw || s == 0.0) {
            if (ns > 1 && s != 0.0) {
                // Reflect the spike back into lower triangular form: a reflector from the first row of V
                // (its first ns entries), applied to T and V, then T back to Hessenberg form (dgehrd).
                for (int j = 0; j < ns; j++) {
                    refl[j] = v[j * jw];
                }
                double tau = Reflector.dlarfg(ns, refl, 0, 1);
                refl[0] = 1.0;
                for (int r = 3; r <= jw; r++) {
                    Arrays.fill(t, at(r, 1, jw), at(r, r - 1, jw), 0.0);
                }
                Reflector.applyLeft(blas, t, jw, 0, ns, 0, jw - 1, refl, tau, hwork, 0);
                Reflector.applyRight(blas, t, jw, 0, ns - 1, 0, ns, refl, tau, hwork, 0);
                // V := V H, i.e. the stored V^T := H V^T.
                Reflector.applyLeft(blas, v, jw, 0, ns, 0, jw - 1, refl, tau, hwork, 0);
                Hessenberg.reduce(blas, t, jw, 0, ns - 1, true, tauw, hwork);
            }
            // Copy the updated window back into H, with the new spike in front of it.
            if (kwtop > 1) {
                h[at(kwtop, kwtop - 1, ldh)] = s * v[0];
            }
            for (int r = 1; r <= jw; r++) {
                int from = Math.max(1, r - 1);
                System.arraycopy(t, at(r, from, jw), h, at(kwtop + r - 1, kwtop + from - 1, ldh), jw - from + 1);
            }
            if (ns > 1 && s != 0.0) {
                // V := V Q with Q = H(1) ... H(ns-2) of the Hessenberg reduction (dormhr 'R', 'N'): the stored
                // V^T := Q^T V^T, reflector 1 first.
                for (int r = 0; r <= ns - 3; r++) {
                    double tr = tauw[r];
                    if (tr == 0.0) {
                        continue;
                    }
                    int len = ns - 1 - r;
                    refl[0] = 1.0;
                    for (int q = 1; q < len; q++) {
                        refl[q] = t[(r + 1 + q) * jw + r];
                    }
                    Reflector.applyLeft(blas, v, jw, r + 1, len, 0, jw - 1, refl, tr, hwork, 0);
                }
            }
            // Apply V to the rest of H (and Z): rows above the window from the right, columns right of it
            // (only with the Schur form) from the left. LAPACK's dgemm calls, in one product each.
            final int ltop = wantT ? 1 : ktop;
            final int rows = kwtop - ltop;
            if (rows > 0) {
                // H(ltop..kwtop-1, window) V = H * (stored V^T)^T.
                gemm(false, true, rows, jw, jw, h, at(ltop, kwtop, ldh), ldh, v, 0, jw, prod, 0, jw);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(prod, r * jw, h, at(ltop + r, kwtop, ldh), jw);
                }
            }
            if (wantT && kbot < n) {
                // V^T H(window, kbot+1..n): V^T is the stored matrix as it is.
                final int cols = n - kbot;
                gemm(false, false, jw, cols, jw, v, 0, jw, h, at(kwtop, kbot + 1, ldh), ldh, prod, 0, cols);
                for (int r = 0; r < jw; r++) {
                    System.arraycopy(prod, r * cols, h, at(kwtop + r, kbot + 1, ldh), cols);
                }
            }
            if (wantZ) {
                // Z(iloz..ihiz, window) V, in transposed storage: (Z V)^T = V^T Z^T.
                final int cols = ihiz - iloz + 1;
                gemm(false, false, jw, cols, jw, v, 0, jw, z, at(kwtop, iloz, ldz), ldz, prod, 0, cols);
                for (int r = 0; r < jw; r++) {
                    System.arraycopy(prod, r * cols, z, at(kwtop + r, iloz, ldz), cols);
                }
            }
        }
        lastNd = jw - ns;
        lastNs = ns - infqr;
    }

    /** Start of the diagonal block after the one at i (1-based) of T: i+1 after a 1x1 block, i+2 after a 2x2. */
    private static int nextBlock(double[] t, int jw, int i, int last) {
        if (i >= last || i >= jw || t[at(i + 1, i, jw)] == 0.0) {
            return i + 1;
        }
        return i + 2;
    }

    private void growWindow(int jw, int n) {
        if (t.length < jw * jw) {
            t = new double[jw * jw];
            vw = new double[jw * jw];
            srw = new double[jw];
            siw = new double[jw];
            tauw = new double[jw];
            hwork = new double[2 * jw + 2];
            refl = new double[jw];
        }
        if (prod.length < jw * n) {
            prod = new double[jw * n];
        }
    }

    // ------------------------------------------------------------------ dlaqr5

    /**
     * dlaqr5: one multishift QR sweep on the active block ktop..kbot (1-based) with nshfts shifts
     * sr/si[so .. so+nshfts-1], as chains of 3x3 bulges (two shifts each) chased down the diagonal together.
     * With kacc22 1 or 2 the reflectors of each chain's passage over a slab of 2*nbmps columns are accumulated in
     * U and applied to the rest of H (and Z) as matrix products.
     */
    private void dlaqr5(boolean wantT, boolean wantZ, int kacc22, int n, int ktop, int kbot, int nshfts,
                        double[] sr, double[] si, int so, double[] h, int ldh, int iloz, int ihiz, double[] z, int ldz) {
        if (nshfts < 2 || ktop >= kbot) {
            return;
        }
        // Shuffle shifts into pairs of real shifts and pairs of complex conjugate shifts.
        for (int i = 1; i <= nshfts - 2; i += 2) {
            if (si[so + i - 1] != -si[so + i]) {
                double sw = sr[so + i - 1];
                sr[so + i - 1] = sr[so + i];
                sr[so + i] = sr[so + i + 1];
                sr[so + i + 1] = sw;
                sw = si[so + i - 1];
                si[so + i - 1] = si[so + i];
                si[so + i] = si[so + i + 1];
                si[so + i + 1] = sw;
            }
        }
        // An odd number of shifts: drop the last one.
        final int ns = nshfts - nshfts % 2;
        final double smlnum = SAFMIN * (n / ULP);
        final boolean accum = kacc22 == 1 || kacc22 == 2;
        if (ktop + 2 <= kbot) {
            h[at(ktop + 2, ktop, ldh)] = 0.0; // clear trash
        }
        final int nbmps = ns / 2;  // number of 3x3 bulges in the chain
        final int kdu = 4 * nbmps; // order of U
        if (v5.length < 3 * nbmps) {
            v5 = new double[3 * nbmps];
        }
        if (accum && u.length < kdu * kdu) {
            u = new double[kdu * kdu];
        }
        if (accum && prod.length < kdu * n) {
            prod = new double[kdu * n];
        }
        final double[] v = v5;
        final double[] u = this.u;
        // Create and chase chains of nbmps bulges.
        for (int incol = ktop - 2 * nbmps + 1; incol <= kbot - 2; incol += 2 * nbmps) {
            int jtop;
            if (accum) {
                jtop = Math.max(ktop, incol);
            } else if (wantT) {
                jtop = 1;
            } else {
                jtop = ktop;
            }
            final int ndcol = incol + kdu;
            if (accum) {
                Arrays.fill(u, 0, kdu * kdu, 0.0);
                for (int i = 0; i < kdu; i++) {
                    u[i * kdu + i] = 1.0;
                }
            }
            // Near-the-diagonal bulge chase: the chain moves 2*nbmps columns, one column per krcol.
            for (int krcol = incol; krcol <= Math.min(incol + 2 * nbmps - 1, kbot - 2); krcol++) {
                // Bulges number mtop to mbot are active double implicit shift bulges; a 2x2 one (m22) may be
                // needed at the bottom.
                final int mtop = Math.max(1, (ktop - krcol) / 2 + 1);
                final int mbot = Math.min(nbmps, (kbot - krcol - 1) / 2);
                final int m22 = mbot + 1;
                final boolean bmp22 = mbot < nbmps && krcol + 2 * (m22 - 1) == kbot - 2;
                if (bmp22) {
                    // The special case of a 2x2 reflector at the bottom.
                    final int k = krcol + 2 * (m22 - 1);
                    final int vo = 3 * (m22 - 1);
                    if (k == ktop - 1) {
                        dlaqr1(2, h, at(k + 1, k + 1, ldh), ldh, sr[so + 2 * m22 - 2], si[so + 2 * m22 - 2],
                                sr[so + 2 * m22 - 1], si[so + 2 * m22 - 1], v, vo);
                        v[vo] = Reflector.dlarfg(2, v, vo, 1);
                    } else {
                        v[vo] = h[at(k + 1, k, ldh)];
                        v[vo + 1] = h[at(k + 2, k, ldh)];
                        double tau = Reflector.dlarfg(2, v, vo, 1);
                        h[at(k + 1, k, ldh)] = v[vo];
                        h[at(k + 2, k, ldh)] = 0.0;
                        v[vo] = tau;
                    }
                    // Perform the update from the right within the computational window.
                    final double t1 = v[vo];
                    final double v2 = v[vo + 1];
                    Reflector.cols2(h, at(jtop, k + 1, ldh), ldh, Math.min(kbot, k + 3) - jtop + 1, t1, v2);
                    // Perform the update from the left within the computational window.
                    final int jbot = accum ? Math.min(ndcol, kbot) : wantT ? n : kbot;
                    Reflector.rows2(h, at(k + 1, k + 1, ldh), ldh, jbot - k, t1, v2);
                    // The following convergence test requires that the traditional small-compared-to-nearby-
                    // diagonals criterion and the Ahues & Tisseur (LAWN 122, 1997) criteria both be satisfied.
                    if (k >= ktop) {
                        deflate(h, ldh, k, ktop, kbot, smlnum);
                    }
                    // Accumulate the orthogonal transformations.
                    if (accum) {
                        // Columns kms+1, kms+2 of U: rows kms, kms+1 of the stored U^T.
                        final int kms = k - incol;
                        final int j0 = Math.max(1, ktop - incol) - 1;
                        Reflector.rows2(u, kms * kdu + j0, kdu, kdu - j0, t1, v2);
                    } else if (wantZ) {
                        Reflector.rows2(z, at(k + 1, 1, ldz) + iloz - 1, ldz, ihiz - iloz + 1, t1, v2);
                    }
                }
                // Normal case: chain of 3x3 bulges.
                for (int m = mbot; m >= mtop; m--) {
                    final int k = krcol + 2 * (m - 1);
                    final int vo = 3 * (m - 1);
                    if (k == ktop - 1) {
                        // Introduce a new bulge.
                        dlaqr1(3, h, at(ktop, ktop, ldh), ldh, sr[so + 2 * m - 2], si[so + 2 * m - 2],
                                sr[so + 2 * m - 1], si[so + 2 * m - 1], v, vo);
                        v[vo] = Reflector.dlarfg(3, v, vo, 1);
                    } else {
                        // Perform delayed transformation of row below the m-th bulge. Exploit the fact that the
                        // first two elements of the row are actually zero.
                        double t1 = v[vo];
                        double t2 = t1 * v[vo + 1];
                        double t3 = t1 * v[vo + 2];
                        double refsum = v[vo + 2] * h[at(k + 3, k + 2, ldh)];
                        h[at(k + 3, k, ldh)] = -refsum * t1;
                        h[at(k + 3, k + 1, ldh)] = -refsum * t2;
                        h[at(k + 3, k + 2, ldh)] -= refsum * t3;
                        // Calculate reflection to move the m-th bulge one step.
                        v[vo] = h[at(k + 1, k, ldh)];
                        v[vo + 1] = h[at(k + 2, k, ldh)];
                        v[vo + 2] = h[at(k + 3, k, ldh)];
                        double tau = Reflector.dlarfg(3, v, vo, 1);
                        double beta = v[vo];
                        v[vo] = tau;
                        // A bulge may collapse because of vigilant deflation or destructive underflow. In the
                        // underflow case, try the two-small-subdiagonals trick to try to reinflate the bulge.
                        if (h[at(k + 3, k, ldh)] != 0.0 || h[at(k + 3, k + 1, ldh)] != 0.0
                                || h[at(k + 3, k + 2, ldh)] == 0.0) {
                            // Typical case: not collapsed (yet).
                            h[at(k + 1, k, ldh)] = beta;
                            h[at(k + 2, k, ldh)] = 0.0;
                            h[at(k + 3, k, ldh)] = 0.0;
                        } else {
                            // Atypical case: collapsed. Attempt to reintroduce ignoring H(k+1,k) and H(k+2,k).
                            // If the fill resulting from the new reflector is too large, then abandon it.
                            // Otherwise, use the new one.
                            dlaqr1(3, h, at(k + 1, k + 1, ldh), ldh, sr[so + 2 * m - 2], si[so + 2 * m - 2],
                                    sr[so + 2 * m - 1], si[so + 2 * m - 1], vt3, 0);
                            vt3[0] = Reflector.dlarfg(3, vt3, 0, 1);
                            t1 = vt3[0];
                            t2 = t1 * vt3[1];
                            t3 = t1 * vt3[2];
                            refsum = h[at(k + 1, k, ldh)] + vt3[1] * h[at(k + 2, k, ldh)];
                            if (Math.abs(h[at(k + 2, k, ldh)] - refsum * t2) + Math.abs(refsum * t3)
                                    > ULP * (Math.abs(h[at(k, k, ldh)]) + Math.abs(h[at(k + 1, k + 1, ldh)])
                                    + Math.abs(h[at(k + 2, k + 2, ldh)]))) {
                                // Starting a new bulge here would create non-negligible fill. Use the old one
                                // with trepidation.
                                h[at(k + 1, k, ldh)] = beta;
                                h[at(k + 2, k, ldh)] = 0.0;
                                h[at(k + 3, k, ldh)] = 0.0;
                            } else {
                                // Starting a new bulge here would create only negligible fill. Replace the old
                                // reflector with the new one.
                                h[at(k + 1, k, ldh)] -= refsum * t1;
                                h[at(k + 2, k, ldh)] = 0.0;
                                h[at(k + 3, k, ldh)] = 0.0;
                                v[vo] = vt3[0];
                                v[vo + 1] = vt3[1];
                                v[vo + 2] = vt3[2];
                            }
                        }
                    }
                    // Apply reflection from the right and the first column of update from the left. These
                    // updates are required for the vigilant deflation check. We still delay most of the updates
                    // from the left for efficiency.
                    final double t1 = v[vo];
                    final double v2 = v[vo + 1];
                    final double v3 = v[vo + 2];
                    Reflector.cols3(h, at(jtop, k + 1, ldh), ldh, Math.min(kbot, k + 3) - jtop + 1, t1, v2, v3);
                    // Perform update from left for subsequent column.
                    Reflector.rows3(h, at(k + 1, k + 1, ldh), ldh, 1, t1, v2, v3);
                    // The convergence test requires that the traditional small-compared-to-nearby-diagonals
                    // criterion and the Ahues & Tisseur (LAWN 122, 1997) criteria both be satisfied.
                    if (k < ktop) {
                        continue;
                    }
                    deflate(h, ldh, k, ktop, kbot, smlnum);
                }
                // Multi-bulge chase: the delayed updates from the left, row by row (contiguous here).
                final int jbot = accum ? Math.min(ndcol, kbot) : wantT ? n : kbot;
                for (int m = mbot; m >= mtop; m--) {
                    final int k = krcol + 2 * (m - 1);
                    final int vo = 3 * (m - 1);
                    final int jfirst = Math.max(ktop, krcol + 2 * m);
                    Reflector.rows3(h, at(k + 1, 1, ldh) + jfirst - 1, ldh, jbot - jfirst + 1, v[vo], v[vo + 1], v[vo + 2]);
                }
                // Accumulate orthogonal transformations.
                if (accum) {
                    // Accumulate U. (If needed, update Z later with an efficient matrix-matrix multiply.)
                    for (int m = mbot; m >= mtop; m--) {
                        final int k = krcol + 2 * (m - 1);
                        final int kms = k - incol;
                        int i2 = Math.max(1, ktop - incol);
                        i2 = Math.max(i2, kms - (krcol - incol) + 1);
                        final int i4 = Math.min(kdu, krcol + 2 * (mbot - 1) - incol + 5);
                        final int vo = 3 * (m - 1);
                        // Columns kms+1..kms+3 of U: rows of the stored U^T.
                        Reflector.rows3(u, kms * kdu + i2 - 1, kdu, i4 - i2 + 1, v[vo], v[vo + 1], v[vo + 2]);
                    }
                } else if (wantZ) {
                    // U is not accumulated, so update Z now by multiplying by reflections from the right
                    // (rows of the stored Z^T).
                    for (int m = mbot; m >= mtop; m--) {
                        final int k = krcol + 2 * (m - 1);
                        final int vo = 3 * (m - 1);
                        Reflector.rows3(z, at(k + 1, 1, ldz) + iloz - 1, ldz, ihiz - iloz + 1, v[vo], v[vo + 1], v[vo + 2]);
                    }
                }
            }
            // Use U (if accumulated) to update far-from-diagonal entries in H. If required, use U to update Z
            // as well.
            if (accum) {
                final int jtop2 = wantT ? 1 : ktop;
                final int jbot2 = wantT ? n : kbot;
                final int k1 = Math.max(1, ktop - incol);
                final int nu = (kdu - Math.max(0, ndcol - kbot)) - k1 + 1;
                final int uo = at(k1, k1, kdu);
                // Horizontal multiply: H(incol+k1.., right of the slab) := U^T H (LAPACK's dgemm('C', 'N');
                // U^T is the stored matrix).
                final int jcol = Math.min(ndcol, kbot) + 1;
                final int jlen = jbot2 - jcol + 1;
                if (jlen > 0) {
                    gemm(false, false, nu, jlen, nu, u, uo, kdu, h, at(incol + k1, jcol, ldh), ldh, prod, 0, jlen);
                    for (int r = 0; r < nu; r++) {
                        System.arraycopy(prod, r * jlen, h, at(incol + k1 + r, jcol, ldh), jlen);
                    }
                }
                // Vertical multiply: H(above the slab, incol+k1..) := H U (dgemm('N', 'N'): U is the transpose of
                // the stored matrix).
                final int rows = Math.max(ktop, incol) - jtop2;
                if (rows > 0) {
                    gemm(false, true, rows, nu, nu, h, at(jtop2, incol + k1, ldh), ldh, u, uo, kdu, prod, 0, nu);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(prod, r * nu, h, at(jtop2 + r, incol + k1, ldh), nu);
                    }
                }
                // Z := Z U, in transposed storage Z^T := U^T Z^T (the stored matrices as they are).
                if (wantZ) {
                    final int cols = ihiz - iloz + 1;
                    gemm(false, false, nu, cols, nu, u, uo, kdu, z, at(incol + k1, iloz, ldz), ldz, prod, 0, cols);
                    for (int r = 0; r < nu; r++) {
                        System.arraycopy(prod, r * cols, z, at(incol + k1 + r, iloz, ldz), cols);
                    }
                }
            }
        }
    }

    /** dlaqr5's vigilant deflation check of H(k+1, k) (1-based), zeroing it when negligible. */
    private static void deflate(double[] h, int ldh, int k, int ktop, int kbot, double smlnum) {
        final double hk1k = h[at(k + 1, k, ldh)];
        if (hk1k == 0.0) {
            return;
        }
        final double hkk = h[at(k, k, ldh)];
        final double hk1k1 = h[at(k + 1, k + 1, ldh)];
        double tst1 = Math.abs(hkk) + Math.abs(hk1k1);
        if (tst1 == 0.0) {
            if (k >= ktop + 1) {
                tst1 += Math.abs(h[at(k, k - 1, ldh)]);
            }
            if (k >= ktop + 2) {
                tst1 += Math.abs(h[at(k, k - 2, ldh)]);
            }
            if (k >= ktop + 3) {
                tst1 += Math.abs(h[at(k, k - 3, ldh)]);
            }
            if (k <= kbot - 2) {
                tst1 += Math.abs(h[at(k + 2, k + 1, ldh)]);
            }
            if (k <= kbot - 3) {
                tst1 += Math.abs(h[at(k + 3, k + 1, ldh)]);
            }
            if (k <= kbot - 4) {
                tst1 += Math.abs(h[at(k + 4, k + 1, ldh)]);
            }
        }
        if (Math.abs(hk1k) <= Math.max(smlnum, ULP * tst1)) {
            double hkk1 = h[at(k, k + 1, ldh)];
            double h12 = Math.max(Math.abs(hk1k), Math.abs(hkk1));
            double h21 = Math.min(Math.abs(hk1k), Math.abs(hkk1));
            double h11 = Math.max(Math.abs(hk1k1), Math.abs(hkk - hk1k1));
            double h22 = Math.min(Math.abs(hk1k1), Math.abs(hkk - hk1k1));
            double scl = h11 + h12;
            double tst2 = h22 * (h11 / scl);
            if (tst2 == 0.0 || h21 * (h12 / scl) <= Math.max(smlnum, ULP * tst2)) {
                h[at(k + 1, k, ldh)] = 0.0;
            }
        }
    }

    /**
     * dlaqr1: a multiple of the first column of (H - (sr1 + i si1) I)(H - (sr2 + i si2) I) for the n x n
     * (n = 2 or 3) matrix at h[off] (row-major, ld), scaled to avoid overflow and most underflow, into v[vo..].
     */
    static void dlaqr1(int n, double[] h, int off, int ld, double sr1, double si1, double sr2, double si2,
                       double[] v, int vo) {
        final double h11 = h[off];
        final double h12 = h[off + 1];
        final double h21 = h[off + ld];
        final double h22 = h[off + ld + 1];
        if (n == 2) {
            double s = Math.abs(h11 - sr2) + Math.abs(si2) + Math.abs(h21);
            if (s == 0.0) {
                v[vo] = 0.0;
                v[vo + 1] = 0.0;
            } else {
                double h21s = h21 / s;
                v[vo] = h21s * h12 + (h11 - sr1) * ((h11 - sr2) / s) - si1 * (si2 / s);
                v[vo + 1] = h21s * (h11 + h22 - sr1 - sr2);
            }
            return;
        }
        final double h31 = h[off + 2 * ld];
        double s = Math.abs(h11 - sr2) + Math.abs(si2) + Math.abs(h21) + Math.abs(h31);
        if (s == 0.0) {
            v[vo] = 0.0;
            v[vo + 1] = 0.0;
            v[vo + 2] = 0.0;
        } else {
            double h21s = h21 / s;
            double h31s = h31 / s;
            v[vo] = (h11 - sr1) * ((h11 - sr2) / s) - si1 * (si2 / s) + h12 * h21s + h[off + 2] * h31s;
            v[vo + 1] = h21s * (h11 + h22 - sr1 - sr2) + h[off + ld + 2] * h31s;
            v[vo + 2] = h31s * (h11 + h[off + 2 * ld + 2] - sr1 - sr2) + h21s * h[off + 2 * ld + 1];
        }
    }

    // ------------------------------------------------------------------ products

    /**
     * C := op(A) op(B) (row-major, beta = 0) through the backend, or in plain loops when there is none. LAPACK's
     * column-major dgemm('C', 'N') and ('N', 'N') become, on row-major and transposed-Z storage, the patterns
     * derived at each call.
     */
    private void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (blas != null) {
            blas.dgemm(transA ? Transpose.YES : Transpose.NO, transB ? Transpose.YES : Transpose.NO, m, n, k,
                    1.0, a, aOff, lda, b, bOff, ldb, 0.0, c, cOff, ldc);
            return;
        }
        if (transB) {
            // Transpose B (n x k as stored) into a scratch k x n so that every product below runs along rows.
            if (bt.length < k * n) {
                bt = new double[k * n];
            }
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            b = bt;
            bOff = 0;
            ldb = n;
        }
        // Rows i, i+1 of C as combinations of rows of B, four at a time: one pass over the two rows per four
        // terms, each loaded row of B used twice (the inner loops vectorise).
        int i = 0;
        for (; i + 1 < m; i += 2) {
            final int c0 = cOff + i * ldc;
            final int c1 = c0 + ldc;
            Arrays.fill(c, c0, c0 + n, 0.0);
            Arrays.fill(c, c1, c1 + n, 0.0);
            int p = 0;
            for (; p + 3 < k; p += 4) {
                final double a00 = elem(transA, a, aOff, lda, i, p);
                final double a01 = elem(transA, a, aOff, lda, i, p + 1);
                final double a02 = elem(transA, a, aOff, lda, i, p + 2);
                final double a03 = elem(transA, a, aOff, lda, i, p + 3);
                final double a10 = elem(transA, a, aOff, lda, i + 1, p);
                final double a11 = elem(transA, a, aOff, lda, i + 1, p + 1);
                final double a12 = elem(transA, a, aOff, lda, i + 1, p + 2);
                final double a13 = elem(transA, a, aOff, lda, i + 1, p + 3);
                final int b0 = bOff + p * ldb;
                final int b1 = b0 + ldb;
                final int b2 = b1 + ldb;
                final int b3 = b2 + ldb;
                for (int j = 0; j < n; j++) {
                    final double x0 = b[b0 + j];
                    final double x1 = b[b1 + j];
                    final double x2 = b[b2 + j];
                    final double x3 = b[b3 + j];
                    c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
                    c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
                }
            }
            for (; p < k; p++) {
                final double ap0 = elem(transA, a, aOff, lda, i, p);
                final double ap1 = elem(transA, a, aOff, lda, i + 1, p);
                final int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[c0 + j] += ap0 * b[bp + j];
                    c[c1 + j] += ap1 * b[bp + j];
                }
            }
        }
        for (; i < m; i++) {
            final int ci = cOff + i * ldc;
            Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                final double ap = elem(transA, a, aOff, lda, i, p);
                final int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += ap * b[bp + j];
                }
            }
        }
    }

    /** Element (i, p) of op(A) for a row-major A. */
    private static double elem(boolean trans, double[] a, int off, int ld, int i, int p) {
        return trans ? a[off + p * ld + i] : a[off + i * ld + p];
    }

    // ------------------------------------------------------------------ dtrexc / dlaexc / dlasy2

    /**
     * dtrexc with COMPQ = 'V': moves the diagonal block of the quasi-triangular T (n x n, row-major, 1-based
     * indices) starting at ifst to ilst by adjacent swaps, updating the Schur vectors q (stored transposed).
     * Returns the final ILST; {@link #exInfo} is 1 when a swap was rejected as too ill-conditioned (T and q
     * stay consistent, the block stops where it got).
     */
    int dtrexc(int n, double[] t, int ldt, double[] q, int ldq, int ifst, int ilst) {
        exInfo = 0;
        if (n <= 1) {
            return ilst;
        }
        // Determine the first row of the specified block and find out if it is 1x1 or 2x2.
        if (ifst > 1 && t[at(ifst, ifst - 1, ldt)] != 0.0) {
            ifst--;
        }
        int nbf = 1;
        if (ifst < n && t[at(ifst + 1, ifst, ldt)] != 0.0) {
            nbf = 2;
        }
        // Determine the first row of the final block and find out if it is 1x1 or 2x2.
        if (ilst > 1 && t[at(ilst, ilst - 1, ldt)] != 0.0) {
            ilst--;
        }
        int nbl = 1;
        if (ilst < n && t[at(ilst + 1, ilst, ldt)] != 0.0) {
            nbl = 2;
        }
        if (ifst == ilst) {
            return ilst;
        }
        int here;
        if (ifst < ilst) {
            // Update ilst.
            if (nbf == 2 && nbl == 1) {
                ilst--;
            }
            if (nbf == 1 && nbl == 2) {
                ilst++;
            }
            here = ifst;
            do {
                // Swap block with next one below.
                if (nbf == 1 || nbf == 2) {
                    // Current block either 1x1 or 2x2.
                    int nbnext = 1;
                    if (here + nbf + 1 <= n && t[at(here + nbf + 1, here + nbf, ldt)] != 0.0) {
                        nbnext = 2;
                    }
                    dlaexc(n, t, ldt, q, ldq, here, nbf, nbnext);
                    if (exInfo != 0) {
                        return here;
                    }
                    here += nbnext;
                    // Test if 2x2 block breaks into two 1x1 blocks.
                    if (nbf == 2 && t[at(here + 1, here, ldt)] == 0.0) {
                        nbf = 3;
                    }
                } else {
                    // Current block consists of two 1x1 blocks each of which must be swapped individually.
                    int nbnext = 1;
                    if (here + 3 <= n && t[at(here + 3, here + 2, ldt)] != 0.0) {
                        nbnext = 2;
                    }
                    dlaexc(n, t, ldt, q, ldq, here + 1, 1, nbnext);
                    if (exInfo != 0) {
                        return here;
                    }
                    if (nbnext == 1) {
                        // Swap two 1x1 blocks, no problems possible.
                        dlaexc(n, t, ldt, q, ldq, here, 1, nbnext);
                        here++;
                    } else {
                        // Recompute nbnext in case 2x2 split.
                        if (t[at(here + 2, here + 1, ldt)] == 0.0) {
                            nbnext = 1;
                        }
                        if (nbnext == 2) {
                            // 2x2 block did not split.
                            dlaexc(n, t, ldt, q, ldq, here, 1, nbnext);
                            if (exInfo != 0) {
                                return here;
                            }
                            here += 2;
                        } else {
                            // 2x2 block did split.
                            dlaexc(n, t, ldt, q, ldq, here, 1, 1);
                            dlaexc(n, t, ldt, q, ldq, here + 1, 1, 1);
                            here += 2;
                        }
                    }
                }
            } while (here < ilst);
        } else {
            here = ifst;
            do {
                // Swap block with next one above.
                if (nbf == 1 || nbf == 2) {
                    int nbnext = 1;
                    if (here >= 3 && t[at(here - 1, here - 2, ldt)] != 0.0) {
                        nbnext = 2;
                    }
                    dlaexc(n, t, ldt, q, ldq, here - nbnext, nbnext, nbf);
                    if (exInfo != 0) {
                        return here;
                    }
                    here -= nbnext;
                    if (nbf == 2 && t[at(here + 1, here, ldt)] == 0.0) {
                        nbf = 3;
                    }
                } else {
                    int nbnext = 1;
                    if (here >= 3 && t[at(here - 1, here - 2, ldt)] != 0.0) {
                        nbnext = 2;
                    }
                    dlaexc(n, t, ldt, q, ldq, here - nbnext, nbnext, 1);
                    if (exInfo != 0) {
                        return here;
                    }
                    if (nbnext == 1) {
                        dlaexc(n, t, ldt, q, ldq, here, nbnext, 1);
                        here--;
                    } else {
                        if (t[at(here, here - 1, ldt)] == 0.0) {
                            nbnext = 1;
                        }
                        if (nbnext == 2) {
                            dlaexc(n, t, ldt, q, ldq, here - 1, 2, 1);
                            if (exInfo != 0) {
                                return here;
                            }
                            here -= 2;
                        } else {
                            dlaexc(n, t, ldt, q, ldq, here, 1, 1);
                            dlaexc(n, t, ldt, q, ldq, here - 1, 1, 1);
                            here -= 2;
                        }
                    }
                }
            } while (here > ilst);
        }
        return here;
    }

    /**
     * dlaexc with WANTQ: swaps the adjacent diagonal blocks T11 (n1 x n1, at j1) and T22 (n2 x n2) of the
     * quasi-triangular T by an orthogonal similarity, also applied to the transposed Schur vectors q. Sets
     * {@link #exInfo} to 1 (and changes nothing) when the swap would make T too far from quasi-triangular.
     */
    private void dlaexc(int n, double[] t, int ldt, double[] q, int ldq, int j1, int n1, int n2) {
        exInfo = 0;
        if (n == 0 || n1 == 0 || n2 == 0 || j1 + n1 > n) {
            return;
        }
        final int j2 = j1 + 1;
        int j3 = j1 + 2;
        int j4 = j1 + 3;
        if (n1 == 1 && n2 == 1) {
            // Swap two 1x1 blocks: the rotation that maps (T12, T22 - T11) to (r, 0).
            final double t11 = t[at(j1, j1, ldt)];
            final double t22 = t[at(j2, j2, ldt)];
            dlartg(t[at(j1, j2, ldt)], t22 - t11);
            final double cs = out[0];
            final double sn = out[1];
            if (j3 <= n) {
                rot(t, at(j1, j3, ldt), at(j2, j3, ldt), 1, n - j1 - 1, cs, sn);
            }
            rot(t, at(1, j1, ldt), at(1, j2, ldt), ldt, j1 - 1, cs, sn);
            t[at(j1, j1, ldt)] = t22;
            t[at(j2, j2, ldt)] = t11;
            rot(q, (j1 - 1) * ldq, (j2 - 1) * ldq, 1, n, cs, sn);
            return;
        }
        // Swapping involves at least one 2x2 block. Copy the diagonal block of order n1 + n2 to D (4 x 4,
        // row-major) and compute its norm.
        final int nd = n1 + n2;
        final double[] d = this.d;
        double dnorm = 0.0;
        for (int i = 0; i < nd; i++) {
            for (int j = 0; j < nd; j++) {
                double x = t[at(j1 + i, j1 + j, ldt)];
                d[i * 4 + j] = x;
                dnorm = Math.max(dnorm, Math.abs(x));
            }
        }
        final double eps = ULP;
        final double smlnum = SAFMIN / eps;
        final double thresh = Math.max(10.0 * eps * dnorm, smlnum);
        // Solve T11 X - X T22 = scale T12 for X.
        dlasy2(n1, n2, d);
        final double[] u1 = this.u1;
        final double[] u2 = this.u2;
        if (n1 == 1) {
            // n1 = 1, n2 = 2: generate elementary reflector H so that ( scale, X11, X12 ) H = ( 0, 0, * ).
            u1[0] = x12;   // DLARFG(3, U(3), U, 1, TAU): alpha = U(3) = X12, x = (U(1), U(2)) = (scale, X11)
            u1[1] = scale;
            u1[2] = x11;
            final double tau = Reflector.dlarfg(3, u1, 0, 1);
            u1[0] = u1[1];
            u1[1] = u1[2];
            u1[2] = 1.0;
            final double t11 = t[at(j1, j1, ldt)];
            // Perform swap provisionally on diagonal block in D.
            larfxLeft3(u1, tau, d, 0, 4, 3);
            larfxRight3(u1, tau, d, 0, 4, 3);
            // Test whether to reject swap.
            if (Math.max(Math.max(Math.abs(d[8]), Math.abs(d[9])), Math.abs(d[10] - t11)) > thresh) {
                exInfo = 1;
                return;
            }
            // Accept swap: apply transformation to the entire matrix T.
            larfxLeft3(u1, tau, t, at(j1, j1, ldt), ldt, n - j1 + 1);
            larfxRight3(u1, tau, t, at(1, j1, ldt), ldt, j2);
            t[at(j3, j1, ldt)] = 0.0;
            t[at(j3, j2, ldt)] = 0.0;
            t[at(j3, j3, ldt)] = t11;
            larfxLeft3(u1, tau, q, (j1 - 1) * ldq, 1, n, ldq);
        } else if (n2 == 1) {
            // n1 = 2, n2 = 1: generate elementary reflector H so that H ( -X11, -X21, scale ) = ( *, 0, 0 ).
            u1[0] = -x11;
            u1[1] = -x21;
            u1[2] = scale;
            final double tau = Reflector.dlarfg(3, u1, 0, 1);
            u1[0] = 1.0;
            final double t33 = t[at(j3, j3, ldt)];
            larfxLeft3(u1, tau, d, 0, 4, 3);
            larfxRight3(u1, tau, d, 0, 4, 3);
            if (Math.max(Math.max(Math.abs(d[4]), Math.abs(d[8])), Math.abs(d[0] - t33)) > thresh) {
                exInfo = 1;
                return;
            }
            larfxRight3(u1, tau, t, at(1, j1, ldt), ldt, j3);
            larfxLeft3(u1, tau, t, at(j1, j2, ldt), ldt, n - j1);
            t[at(j1, j1, ldt)] = t33;
            t[at(j2, j1, ldt)] = 0.0;
            t[at(j3, j1, ldt)] = 0.0;
            larfxLeft3(u1, tau, q, (j1 - 1) * ldq, 1, n, ldq);
        } else {
            // n1 = 2, n2 = 2: two elementary reflectors H(2) H(1) so that H(2) H(1) ( -X ; scale I ) = ( * ; 0 ).
            u1[0] = -x11;
            u1[1] = -x21;
            u1[2] = scale;
            final double tau1 = Reflector.dlarfg(3, u1, 0, 1);
            u1[0] = 1.0;
            final double temp = -tau1 * (x12 + u1[1] * x22);
            u2[0] = -temp * u1[1] - x22;
            u2[1] = -temp * u1[2];
            u2[2] = scale;
            final double tau2 = Reflector.dlarfg(3, u2, 0, 1);
            u2[0] = 1.0;
            larfxLeft3(u1, tau1, d, 0, 4, 4);
            larfxRight3(u1, tau1, d, 0, 4, 4);
            larfxLeft3(u2, tau2, d, 4, 4, 4);
            larfxRight3(u2, tau2, d, 1, 4, 4);
            if (Math.max(Math.max(Math.abs(d[8]), Math.abs(d[9])), Math.max(Math.abs(d[12]), Math.abs(d[13])))
                    > thresh) {
                exInfo = 1;
                return;
            }
            larfxLeft3(u1, tau1, t, at(j1, j1, ldt), ldt, n - j1 + 1);
            larfxRight3(u1, tau1, t, at(1, j1, ldt), ldt, j4);
            larfxLeft3(u2, tau2, t, at(j2, j1, ldt), ldt, n - j1 + 1);
            larfxRight3(u2, tau2, t, at(1, j2, ldt), ldt, j4);
            t[at(j3, j1, ldt)] = 0.0;
            t[at(j3, j2, ldt)] = 0.0;
            t[at(j4, j1, ldt)] = 0.0;
            t[at(j4, j2, ldt)] = 0.0;
            larfxLeft3(u1, tau1, q, (j1 - 1) * ldq, 1, n, ldq);
            larfxLeft3(u2, tau2, q, (j2 - 1) * ldq, 1, n, ldq);
        }
        if (n2 == 2) {
            // Standardize new 2x2 block T11.
            standardize(n, t, ldt, q, ldq, j1);
        }
        if (n1 == 2) {
            // Standardize new 2x2 block T22.
            standardize(n, t, ldt, q, ldq, j1 + n2);
        }
    }

    /** dlaexc's tail: dlanv2 on the 2x2 block at j3 (1-based), its rotation applied to T and q. */
    private void standardize(int n, double[] t, int ldt, double[] q, int ldq, int j3) {
        final int j4 = j3 + 1;
        final int p = at(j3, j3, ldt);
        FrancisQr.dlanv2(t[p], t[p + 1], t[p + ldt], t[p + ldt + 1], out);
        t[p] = out[0];
        t[p + 1] = out[1];
        t[p + ldt] = out[2];
        t[p + ldt + 1] = out[3];
        final double cs = out[8];
        final double sn = out[9];
        if (j3 + 2 <= n) {
            rot(t, at(j3, j3 + 2, ldt), at(j4, j3 + 2, ldt), 1, n - j3 - 1, cs, sn);
        }
        rot(t, at(1, j3, ldt), at(1, j4, ldt), ldt, j3 - 1, cs, sn);
        rot(q, (j3 - 1) * ldq, (j4 - 1) * ldq, 1, n, cs, sn);
    }

    /** drot: (x, y) := (c x + s y, c y - s x) on count pairs x = a[px + k inc], y = a[py + k inc]. */
    private static void rot(double[] a, int px, int py, int inc, int count, double c, double s) {
        for (int k = 0; k < count; k++, px += inc, py += inc) {
            double x = a[px];
            double y = a[py];
            a[px] = c * x + s * y;
            a[py] = c * y - s * x;
        }
    }

    // dlartg (LAPACK 3.10+, la_xlartg): sqrt(safmin) and sqrt(safmax / 2).
    private static final double RTMIN = Math.sqrt(SAFMIN);
    private static final double RTMAX = Math.sqrt(1.0 / SAFMIN / 2.0);

    /** dlartg: a plane rotation with c f + s g = r, -s f + c g = 0; c, s into out[0], out[1]. */
    private void dlartg(double f, double g) {
        double c;
        double s;
        final double f1 = Math.abs(f);
        final double g1 = Math.abs(g);
        if (g == 0.0) {
            c = 1.0;
            s = 0.0;
        } else if (f == 0.0) {
            c = 0.0;
            s = Math.copySign(1.0, g);
        } else if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
            double dd = Math.sqrt(f * f + g * g);
            c = f1 / dd;
            double r = Math.copySign(dd, f);
            s = g / r;
        } else {
            double uu = Math.min(1.0 / SAFMIN, Math.max(SAFMIN, Math.max(f1, g1)));
            double fs = f / uu;
            double gs = g / uu;
            double dd = Math.sqrt(fs * fs + gs * gs);
            c = Math.abs(fs) / dd;
            double r = Math.copySign(dd, f);
            s = gs / r;
        }
        out[0] = c;
        out[1] = s;
    }

    /** dlarfx 'L' with m = 3: rows off, off+ld, off+2ld of a, cols columns, := (I - tau v v^T) A. */
    private static void larfxLeft3(double[] v, double tau, double[] a, int off, int ld, int cols) {
        larfxLeft3(v, tau, a, off, 1, cols, ld);
    }

    /**
     * dlarfx 'L' with m = 3 on the three rows off, off+ld, off+2ld; element j of a row at stride inc. Applying
     * to Schur vectors from the right is this on the rows of the stored transpose.
     */
    private static void larfxLeft3(double[] v, double tau, double[] a, int off, int inc, int cols, int ld) {
        if (tau == 0.0) {
            return;
        }
        final double v1 = v[0];
        final double v2 = v[1];
        final double v3 = v[2];
        final double t1 = tau * v1;
        final double t2 = tau * v2;
        final double t3 = tau * v3;
        for (int j = 0, p = off; j < cols; j++, p += inc) {
            double sum = v1 * a[p] + v2 * a[p + ld] + v3 * a[p + 2 * ld];
            a[p] -= sum * t1;
            a[p + ld] -= sum * t2;
            a[p + 2 * ld] -= sum * t3;
        }
    }

    /**
     * dlarfx 'R' with n = 3: columns off, off+1, off+2 of rows rows of a, := A (I - tau v v^T): the left form on the
     * rows of the transpose (row j's three elements adjacent, rows ld apart).
     */
    private static void larfxRight3(double[] v, double tau, double[] a, int off, int ld, int rows) {
        larfxLeft3(v, tau, a, off, ld, rows, 1);
    }

    // dlasy2's pivot tables (1-based positions in TMP).
    private static final int[] LOCU12 = {3, 4, 1, 2};
    private static final int[] LOCL21 = {2, 1, 4, 3};
    private static final int[] LOCU22 = {4, 3, 2, 1};
    private static final boolean[] XSWPIV = {false, false, true, true};
    private static final boolean[] BSWPIV = {false, true, false, true};

    /**
     * dlasy2 with LTRANL = LTRANR = false, ISGN = -1, as dlaexc calls it: solves TL X - X TR = scale B with
     * TL = D(1..n1, 1..n1), TR = D(n1+1..nd, n1+1..nd), B = D(1..n1, n1+1..nd) (D row-major 4 x 4), into
     * {@link #scale} and x11, x21, x12, x22; (n1, n2) is (1, 2), (2, 1) or (2, 2). Near-singular systems are
     * perturbed (INFO = 1 in LAPACK, which dlaexc ignores).
     */
    private void dlasy2(int n1, int n2, double[] d) {
        final double eps = ULP;
        final double smlnum = SAFMIN / eps;
        final double sgn = -1.0;
        if (n1 + n2 == 3) {
            final double[] tmp = this.tmp4;
            double btmp1;
            double btmp2;
            double smin;
            if (n1 == 1) {
                // TL 1x1 = D(1,1), TR 2x2 = D(2..3, 2..3), B 1x2 = D(1, 2..3).
                double tl11 = d[0];
                double tr11 = d[5];
                double tr12 = d[6];
                double tr21 = d[9];
                double tr22 = d[10];
                smin = Math.max(eps * Math.max(Math.max(Math.abs(tl11), Math.abs(tr11)),
                        Math.max(Math.max(Math.abs(tr12), Math.abs(tr21)), Math.abs(tr22))), smlnum);
                tmp[0] = tl11 + sgn * tr11;
                tmp[3] = tl11 + sgn * tr22;
                tmp[1] = sgn * tr12;
                tmp[2] = sgn * tr21;
                btmp1 = d[1];
                btmp2 = d[2];
            } else {
                // TL 2x2 = D(1..2, 1..2), TR 1x1 = D(3,3), B 2x1 = D(1..2, 3).
                double tl11 = d[0];
                double tl12 = d[1];
                double tl21 = d[4];
                double tl22 = d[5];
                double tr11 = d[10];
                smin = Math.max(eps * Math.max(Math.max(Math.abs(tr11), Math.abs(tl11)),
                        Math.max(Math.max(Math.abs(tl12), Math.abs(tl21)), Math.abs(tl22))), smlnum);
                tmp[0] = tl11 + sgn * tr11;
                tmp[3] = tl22 + sgn * tr11;
                tmp[1] = tl21;
                tmp[2] = tl12;
                btmp1 = d[2];
                btmp2 = d[6];
            }
            // Solve 2x2 system with complete pivoting; set pivots near zero to smin.
            int ipiv = 0;
            for (int i = 1; i < 4; i++) {
                if (Math.abs(tmp[i]) > Math.abs(tmp[ipiv])) {
                    ipiv = i;
                }
            }
            double u11 = tmp[ipiv];
            if (Math.abs(u11) <= smin) {
                u11 = smin;
            }
            final double u12 = tmp[LOCU12[ipiv] - 1];
            final double l21 = tmp[LOCL21[ipiv] - 1] / u11;
            double u22 = tmp[LOCU22[ipiv] - 1] - u12 * l21;
            if (Math.abs(u22) <= smin) {
                u22 = smin;
            }
            if (BSWPIV[ipiv]) {
                double temp = btmp2;
                btmp2 = btmp1 - l21 * temp;
                btmp1 = temp;
            } else {
                btmp2 = btmp2 - l21 * btmp1;
            }
            double sc = 1.0;
            if ((2.0 * smlnum) * Math.abs(btmp2) > Math.abs(u22) || (2.0 * smlnum) * Math.abs(btmp1) > Math.abs(u11)) {
                sc = 0.5 / Math.max(Math.abs(btmp1), Math.abs(btmp2));
                btmp1 *= sc;
                btmp2 *= sc;
            }
            double x2b = btmp2 / u22;
            double x2a = btmp1 / u11 - (u12 / u11) * x2b;
            if (XSWPIV[ipiv]) {
                double temp = x2b;
                x2b = x2a;
                x2a = temp;
            }
            scale = sc;
            x11 = x2a;
            if (n1 == 1) {
                x12 = x2b;
            } else {
                x21 = x2b;
            }
            return;
        }
        // 2x2 by 2x2: TL = D(1..2, 1..2), TR = D(3..4, 3..4), B = D(1..2, 3..4); the 4x4 Kronecker system
        // solved by Gaussian elimination with complete pivoting (T16 column-major as in LAPACK: t16[(j-1)*4+i-1]).
        final double tl11 = d[0];
        final double tl12 = d[1];
        final double tl21 = d[4];
        final double tl22 = d[5];
        final double tr11 = d[10];
        final double tr12 = d[11];
        final double tr21 = d[14];
        final double tr22 = d[15];
        double smin = Math.max(Math.max(Math.abs(tr11), Math.abs(tr12)), Math.max(Math.abs(tr21), Math.abs(tr22)));
        smin = Math.max(smin, Math.max(Math.max(Math.abs(tl11), Math.abs(tl12)),
                Math.max(Math.abs(tl21), Math.abs(tl22))));
        smin = Math.max(eps * smin, smlnum);
        final double[][] t16 = this.t16; // t16[i][j] = T16(i+1, j+1)
        for (double[] row : t16) {
            Arrays.fill(row, 0.0);
        }
        t16[0][0] = tl11 + sgn * tr11;
        t16[1][1] = tl22 + sgn * tr11;
        t16[2][2] = tl11 + sgn * tr22;
        t16[3][3] = tl22 + sgn * tr22;
        t16[0][1] = tl12;
        t16[1][0] = tl21;
        t16[2][3] = tl12;
        t16[3][2] = tl21;
        t16[0][2] = sgn * tr21;
        t16[1][3] = sgn * tr21;
        t16[2][0] = sgn * tr12;
        t16[3][1] = sgn * tr12;
        final double[] btmp = this.btmp4;  // B(1,1), B(2,1), B(1,2), B(2,2)
        btmp[0] = d[2];
        btmp[1] = d[6];
        btmp[2] = d[3];
        btmp[3] = d[7];
        final int[] jpiv = this.jpiv4;
        for (int i = 0; i < 3; i++) {
            double xmax = 0.0;
            int ipsv = i;
            int jpsv = i;
            for (int ip = i; ip < 4; ip++) {
                for (int jp = i; jp < 4; jp++) {
                    if (Math.abs(t16[ip][jp]) >= xmax) {
                        xmax = Math.abs(t16[ip][jp]);
                        ipsv = ip;
                        jpsv = jp;
                    }
                }
            }
            if (ipsv != i) {
                double[] row = t16[ipsv];
                t16[ipsv] = t16[i];
                t16[i] = row;
                double temp = btmp[i];
                btmp[i] = btmp[ipsv];
                btmp[ipsv] = temp;
            }
            if (jpsv != i) {
                for (int r = 0; r < 4; r++) {
                    double temp = t16[r][jpsv];
                    t16[r][jpsv] = t16[r][i];
                    t16[r][i] = temp;
                }
            }
            jpiv[i] = jpsv;
            if (Math.abs(t16[i][i]) < smin) {
                t16[i][i] = smin;
            }
            for (int j = i + 1; j < 4; j++) {
                t16[j][i] /= t16[i][i];
                btmp[j] -= t16[j][i] * btmp[i];
                for (int k = i + 1; k < 4; k++) {
                    t16[j][k] -= t16[j][i] * t16[i][k];
                }
            }
        }
        if (Math.abs(t16[3][3]) < smin) {
            t16[3][3] = smin;
        }
        double sc = 1.0;
        if ((8.0 * smlnum) * Math.abs(btmp[0]) > Math.abs(t16[0][0])
                || (8.0 * smlnum) * Math.abs(btmp[1]) > Math.abs(t16[1][1])
                || (8.0 * smlnum) * Math.abs(btmp[2]) > Math.abs(t16[2][2])
                || (8.0 * smlnum) * Math.abs(btmp[3]) > Math.abs(t16[3][3])) {
            sc = 0.125 / Math.max(Math.max(Math.abs(btmp[0]), Math.abs(btmp[1])),
                    Math.max(Math.abs(btmp[2]), Math.abs(btmp[3])));
            for (int i = 0; i < 4; i++) {
                btmp[i] *= sc;
            }
        }
        final double[] tmp = this.tmp4;
        for (int i = 0; i < 4; i++) {
            int k = 3 - i;
            double temp = 1.0 / t16[k][k];
            tmp[k] = btmp[k] * temp;
            for (int j = k + 1; j < 4; j++) {
                tmp[k] -= (temp * t16[k][j]) * tmp[j];
            }
        }
        for (int i = 0; i < 3; i++) {
            int k = 2 - i; // 4 - I (1-based) for I = 1..3
            if (jpiv[k] != k) {
                double temp = tmp[k];
                tmp[k] = tmp[jpiv[k]];
                tmp[jpiv[k]] = temp;
            }
        }
        scale = sc;
        x11 = tmp[0];
        x21 = tmp[1];
        x12 = tmp[2];
        x22 = tmp[3];
    }
}
