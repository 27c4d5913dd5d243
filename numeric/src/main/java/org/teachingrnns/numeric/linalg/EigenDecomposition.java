package org.teachingrnns.numeric.linalg;

import java.util.Arrays;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.Matrix;

/**
 * Eigenvalues and, on request, right and left eigenvectors of a general real square matrix: the LAPACK
 * dgeev pipeline in pure Java.
 * <ol>
 *   <li>balance (dgebal: permutations isolating eigenvalues, then diagonal scaling by powers of 2);</li>
 *   <li>reduce to upper Hessenberg form by Householder reflectors (dgehd2), forming Q when vectors are
 *       wanted (dorghr);</li>
 *   <li>Francis double-shift implicit QR with deflation and exceptional shifts (dlahqr), standardising
 *       each 2x2 block (dlanv2) so a complex pair comes out as exact conjugates, positive imaginary part
 *       first; the Schur vectors are accumulated when vectors are wanted. For eigenvalues
 *       alone, from an active block of order {@link #MULTISHIFT_FROM} (with a backend for its matrix
 *       products; {@link #MULTISHIFT_FROM_PLAIN} without), the small-bulge multishift QR with
 *       aggressive early deflation that dhseqr uses for large matrices (dlaqr0, {@link MultishiftQr}), which
 *       also standardises its 2x2 blocks with dlanv2;</li>
 *   <li>eigenvectors of the quasi-triangular Schur form by back-substitution (dtrevc), multiplied by the
 *       Schur vectors and un-balanced (dgebak), then normalised as dgeev does: Euclidean norm 1 and the
 *       component of largest modulus real (here also positive).</li>
 * </ol>
 *
 * <p>Reusable in EJML's style: {@link #decompose(double[], int)} returns false when QR did not converge
 * and the work arrays are kept and grown on demand between calls. The static {@link #eigenvalues} throws
 * {@link ConvergenceException} instead. Eigenvalues come in the order of the Schur form's diagonal, as
 * LAPACK returns them (unsorted).
 *
 * <p>Long reflectors (from n = 17) are applied through a {@link Blas}: the one given to the constructor, else
 * {@link Blas#get()}, asked only for matrices that large. Given the scalar reference, everything runs in the
 * inline loops here and no other backend is loaded (a {@code --backend scalar} run stays scalar).
 */
public final class EigenDecomposition {

    private final boolean wantRight;
    private final boolean wantLeft;
    /** The caller's backend, or null for "Blas.get() when a matrix is large enough to use it". */
    private final Blas blas;

    private int n;
    private int capacity = -1;
    private double[] h = new double[0];
    private double[] z = new double[0];
    private double[] tau = new double[0];
    private double[] work = new double[0];
    private double[] wr = new double[0];
    private double[] wi = new double[0];
    private double[] rightRe = new double[0];
    private double[] rightIm = new double[0];
    private double[] leftRe = new double[0];
    private double[] leftIm = new double[0];
    private double[] xr = new double[0];
    private double[] xi = new double[0];
    private double[] accR = new double[0];
    private double[] accI = new double[0];
    private final double[] tmp = new double[4];
    private final Balancing balancing = new Balancing();
    private boolean ok;
    private int itsPerEigenvalue = FrancisQr.ITERATIONS_PER_EIGENVALUE;
    private String failure = "decompose() has not been called";
    /** Test hook's override of the multishift thresholds below (0: use them). */
    private int multishiftFrom;
    private MultishiftQr multishift;

    /** Eigenvalues only. */
    public EigenDecomposition() {
        this(false, false);
    }

    /**
     * @param right compute right eigenvectors {@code A v = lambda v}
     * @param left  compute left eigenvectors {@code u^H A = lambda u^H}
     */
    public EigenDecomposition(boolean right, boolean left) {
        this.wantRight = right;
        this.wantLeft = left;
        this.blas = null;
    }

    /** Eigenvalues only, long reflectors applied through {@code blas} (the scalar one: inline loops only). */
    public EigenDecomposition(Blas blas) {
        this(false, false, blas);
    }

    /**
     * @param right compute right eigenvectors
     * @param left  compute left eigenvectors
     * @param blas  the backend for long reflectors; the scalar one keeps everything in the inline loops
     */
    public EigenDecomposition(boolean right, boolean left, Blas blas) {
        if (blas == null) {
            throw new IllegalArgumentException("blas must not be null (use the one-argument constructors for Blas.get())");
        }
        this.wantRight = right;
        this.wantLeft = left;
        this.blas = blas;
    }

    /**
     * Eigenvalues of the row-major n x n matrix {@code a} (not modified).
     *
     * @throws IllegalArgumentException for a bad size or array, or entries that are NaN or infinite
     * @throws ConvergenceException     when QR does not converge within LAPACK's iteration limit
     */
    public static ComplexArray eigenvalues(double[] a, int n) {
        return eigenvalues(a, n, FrancisQr.ITERATIONS_PER_EIGENVALUE);
    }

    /** As {@link #eigenvalues(double[], int)}, long reflectors applied through {@code blas}. */
    public static ComplexArray eigenvalues(double[] a, int n, Blas blas) {
        return eigenvalues(new EigenDecomposition(blas), a, n, FrancisQr.ITERATIONS_PER_EIGENVALUE);
    }

    static ComplexArray eigenvalues(double[] a, int n, int itsPerEigenvalue) {
        return eigenvalues(new EigenDecomposition(), a, n, itsPerEigenvalue);
    }

    private static ComplexArray eigenvalues(EigenDecomposition e, double[] a, int n, int itsPerEigenvalue) {
        e.itsPerEigenvalue = itsPerEigenvalue;
        if (!e.decompose(a, n)) {
            throw new ConvergenceException(e.failure);
        }
        return e.eigenvalues();
    }

    /** Largest eigenvalue modulus of the row-major n x n matrix {@code a}. */
    public static double spectralRadius(double[] a, int n) {
        return eigenvalues(a, n).maxAbs();
    }

    /**
     * Decomposes the row-major n x n matrix {@code a} (not modified: it is copied into internal storage).
     *
     * @return true on success; false when the QR iteration did not converge ({@link #failure()} says where)
     * @throws IllegalArgumentException for a bad size or array, or entries that are NaN or infinite
     */
    public boolean decompose(double[] a, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("matrix size must be >= 0, got " + n);
        }
        if (a == null) {
            throw new IllegalArgumentException("matrix must not be null");
        }
        long nn = (long) n * n;
        if (nn > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix size " + n + " x " + n + " is too large for a Java array");
        }
        if (a.length < nn) {
            throw new IllegalArgumentException("a " + n + " x " + n + " matrix needs " + nn
                    + " elements but the array has " + a.length);
        }
        for (int p = 0; p < nn; p++) {
            if (!Double.isFinite(a[p])) {
                throw new IllegalArgumentException("matrix element (" + p / n + ", " + p % n + ") is " + a[p]
                        + "; eigenvalues need finite entries");
            }
        }
        grow(n);
        this.n = n;
        // Scale A by a power of two (exact) when its largest entry is outside [SMLNUM, BIGNUM], as dgeev
        // does with dlascl: otherwise QR's negligibility threshold (about n * safmin / ulp) would treat
        // every subdiagonal of a matrix of norm 1e-300 as zero. Eigenvectors do not change; eigenvalues
        // are scaled back at the end.
        double anrm = 0.0;
        for (int p = 0; p < nn; p++) {
            anrm = Math.max(anrm, Math.abs(a[p]));
        }
        double scale = 1.0;
        if (anrm > 0.0 && anrm < SMLNUM) {
            scale = Math.scalb(1.0, Math.getExponent(SMLNUM) - Math.getExponent(anrm));
        } else if (anrm > BIGNUM) {
            scale = Math.scalb(1.0, Math.getExponent(BIGNUM) - Math.getExponent(anrm));
        }
        if (scale == 1.0) {
            System.arraycopy(a, 0, h, 0, (int) nn);
        } else {
            for (int p = 0; p < nn; p++) {
                h[p] = a[p] * scale;
            }
        }
        ok = run();
        if (ok && scale != 1.0) {
            double inv = 1.0 / scale;
            for (int k = 0; k < n; k++) {
                wr[k] *= inv;
                wi[k] *= inv;
            }
        }
        return ok;
    }

    // dgeev: SMLNUM = sqrt(safmin) / ulp, BIGNUM = 1 / SMLNUM.
    private static final double SMLNUM = Math.sqrt(Double.MIN_NORMAL) / 0x1p-52;
    private static final double BIGNUM = 1.0 / SMLNUM;

    /** Decomposes a square {@link Matrix} (not modified). */
    public boolean decompose(Matrix a) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("eigenvalues need a square matrix, got " + a.rows() + " x " + a.cols());
        }
        return decompose(a.data(), a.rows());
    }

    /** Eigenvalues of a square {@link Matrix}. */
    public static ComplexArray eigenvalues(Matrix a) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("eigenvalues need a square matrix, got " + a.rows() + " x " + a.cols());
        }
        return eigenvalues(a.data(), a.rows());
    }

    private void grow(int size) {
        if (size <= capacity) {
            return;
        }
        int nn = size * size;
        h = new double[nn];
        tau = new double[size];
        work = new double[2 * size + 2];
        wr = new double[size];
        wi = new double[size];
        if (wantRight || wantLeft) {
            z = new double[nn];
            xr = new double[size];
            xi = new double[size];
            accR = new double[size];
            accI = new double[size];
        }
        if (wantRight) {
            rightRe = new double[nn];
            rightIm = new double[nn];
        }
        if (wantLeft) {
            leftRe = new double[nn];
            leftIm = new double[nn];
        }
        capacity = size;
    }

    private boolean run() {
        final int n = this.n;
        if (n == 0) {
            return true;
        }
        final boolean vectors = wantRight || wantLeft;
        balancing.balance(h, n);
        final int lo = balancing.lo;
        final int hi = balancing.hi;
        // Eigenvalues isolated by the permutation sit on the diagonal.
        for (int i = 0; i < n; i++) {
            if (i < lo || i > hi) {
                wr[i] = h[i * n + i];
                wi[i] = 0.0;
            }
        }
        Blas reflectors = blas != null ? Reflector.accelerated(blas) : Reflector.acceleratedFor(n);
        Hessenberg.reduce(reflectors, h, n, lo, hi, vectors, tau, work);
        int info;
        String routine = "dlahqr";
        if (vectors) {
            Hessenberg.formQ(reflectors, h, n, lo, hi, tau, z, work);
            transposeInPlace(z, n); // FrancisQr keeps Z^T (contiguous column updates)
            info = FrancisQr.dlahqr(true, true, n, lo, hi, h, n, wr, wi, lo, hi, z, n, itsPerEigenvalue);
        } else {
            Hessenberg.clearBelowSubdiagonal(h, n, lo, hi);
            int from = multishiftFrom > 0 ? multishiftFrom
                    : reflectors != null ? MULTISHIFT_FROM : MULTISHIFT_FROM_PLAIN;
            if (hi - lo + 1 >= from) {
                // dhseqr's choice for large matrices: multishift QR with aggressive early deflation (dlaqr0).
                if (multishift == null) {
                    multishift = new MultishiftQr();
                }
                info = multishift.dlaqr0(reflectors, false, false, n, lo, hi, h, n, wr, wi, 0, 0, null, n,
                        itsPerEigenvalue);
                routine = "dlaqr0";
            } else {
                info = FrancisQr.dlahqr(false, false, n, lo, hi, h, n, wr, wi, 0, 0, null, n, itsPerEigenvalue);
            }
        }
        if (info != 0) {
            failure = "the QR algorithm (" + routine + ") did not converge for the eigenvalues of rows/columns "
                    + lo + ".." + (info - 1) + " of a " + n + " x " + n + " matrix within "
                    + itsPerEigenvalue * Math.max(10, hi - lo + 1) + " QR iterations per eigenvalue";
            return false;
        }
        failure = null;
        if (vectors) {
            computeVectors();
        }
        return true;
    }

    private void computeVectors() {
        final int n = this.n;
        // |T| max entry, for the overflow guard of the back-substitution.
        double tnorm = 0.0;
        for (int p = 0; p < n * n; p++) {
            tnorm = Math.max(tnorm, Math.abs(h[p]));
        }
        if (wantRight) {
            for (int k = 0; k < n; k++) {
                if (wi[k] > 0.0) {
                    // Pair (k, k+1): solve for lambda_k, the conjugate vector belongs to k+1.
                    SchurEigenvectors.right(h, n, k + 1, true, wr[k], wi[k], tnorm, xr, xi, tmp);
                    storeTransformed(rightRe, rightIm, k, 0, k + 1);
                    conjugateColumn(rightRe, rightIm, k, k + 1);
                    k++;
                } else {
                    SchurEigenvectors.right(h, n, k, false, wr[k], 0.0, tnorm, xr, xi, tmp);
                    storeTransformed(rightRe, rightIm, k, 0, k);
                }
            }
            balancing.backTransform(true, rightRe, rightIm, n, n);
            normaliseColumns(rightRe, rightIm);
        }
        if (wantLeft) {
            for (int k = 0; k < n; k++) {
                if (wi[k] > 0.0) {
                    SchurEigenvectors.left(h, n, k, true, wr[k], wi[k], tnorm, xr, xi, tmp);
                    storeTransformed(leftRe, leftIm, k, k, n - 1);
                    conjugateColumn(leftRe, leftIm, k, k + 1);
                    k++;
                } else {
                    SchurEigenvectors.left(h, n, k, false, wr[k], 0.0, tnorm, xr, xi, tmp);
                    storeTransformed(leftRe, leftIm, k, k, n - 1);
                }
            }
            balancing.backTransform(false, leftRe, leftIm, n, n);
            normaliseColumns(leftRe, leftIm);
        }
    }

    /**
     * Column k of (vr, vi) := Z(:, from..to) x(from..to), as a sum of rows of the stored Z^T (contiguous),
     * accumulated in a work vector and then written into the column.
     */
    private void storeTransformed(double[] vr, double[] vi, int k, int from, int to) {
        final int n = this.n;
        java.util.Arrays.fill(accR, 0, n, 0.0);
        java.util.Arrays.fill(accI, 0, n, 0.0);
        for (int j = from; j <= to; j++) {
            double a = xr[j];
            double b = xi[j];
            int p = j * n;
            if (b == 0.0) {
                if (a != 0.0) {
                    for (int i = 0; i < n; i++) {
                        accR[i] += a * z[p + i];
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double zji = z[p + i];
                    accR[i] += a * zji;
                    accI[i] += b * zji;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            vr[i * n + k] = accR[i];
            vi[i * n + k] = accI[i];
        }
    }

    private static void transposeInPlace(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double t = a[i * n + j];
                a[i * n + j] = a[j * n + i];
                a[j * n + i] = t;
            }
        }
    }

    private void conjugateColumn(double[] vr, double[] vi, int from, int to) {
        for (int i = 0; i < n; i++) {
            vr[i * n + to] = vr[i * n + from];
            vi[i * n + to] = -vi[i * n + from];
        }
    }

    /** dgeev's normalisation: 2-norm 1, and the component of largest modulus made real and positive. */
    private void normaliseColumns(double[] vr, double[] vi) {
        final int n = this.n;
        for (int k = 0; k < n; k++) {
            double big = 0.0;
            int arg = 0;
            for (int i = 0; i < n; i++) {
                big = Math.max(big, Math.abs(vr[i * n + k]) + Math.abs(vi[i * n + k]));
            }
            if (big == 0.0) {
                continue;
            }
            // Pre-scale by the largest entry so that squares cannot overflow or underflow.
            double ss = 0.0;
            double best = -1.0;
            for (int i = 0; i < n; i++) {
                double r = vr[i * n + k] / big;
                double m = vi[i * n + k] / big;
                double q = r * r + m * m;
                ss += q;
                if (q > best) {
                    best = q;
                    arg = i;
                }
            }
            double norm = Math.sqrt(ss);
            double pr = vr[arg * n + k] / big;
            double pi = vi[arg * n + k] / big;
            double pm = Math.hypot(pr, pi);
            // Multiply by conj(p)/|p| / (big * norm).
            double cr = pr / pm / (big * norm);
            double ci = -pi / pm / (big * norm);
            for (int i = 0; i < n; i++) {
                double r = vr[i * n + k];
                double m = vi[i * n + k];
                vr[i * n + k] = r * cr - m * ci;
                vi[i * n + k] = r * ci + m * cr;
            }
            vi[arg * n + k] = 0.0;
        }
    }

    /**
     * Order of the active block (after balancing) from which eigenvalues without vectors come from the multishift
     * QR with aggressive early deflation (dlaqr0) rather than the double-shift dlahqr, when its matrix products
     * run on a backend. LAPACK's dhseqr switches above NMIN = 75; here, row-major and with the Java products, the
     * multishift QR measured slower up to about 150 (0.7x at 75-90, 0.9-1.0x at 128-160; from 150 it
     * accumulates its reflectors for products of order 40) and clearly faster from 180 (1.04-1.06x at 170,
     * 1.1x at 180, 1.3x at 190-210, 1.5x at 256, 1.7x at 300: the QR stage alone, mean of 6 Gaussian / sqrt(n)
     * matrices per order, on a 2-core machine).
     */
    static final int MULTISHIFT_FROM = 180;

    /**
     * The same with the products in plain loops (a scalar run): the multishift QR only breaks even there
     * (0.8-0.9x at 150-210, 1.07x at 256, 1.1x at 300).
     */
    static final int MULTISHIFT_FROM_PLAIN = 256;

    /**
     * Test and benchmark hook: the multishift QR from this active-block order whatever the products run on
     * (Integer.MAX_VALUE: never; 0: the thresholds above).
     */
    void multishiftFrom(int order) {
        this.multishiftFrom = order;
    }

    /** Test hook: the factor of the iteration limit (LAPACK's 30); 0 leaves one sweep per eigenvalue. */
    void iterationsPerEigenvalue(int factor) {
        this.itsPerEigenvalue = factor;
    }

    /** True after a successful {@link #decompose}. */
    public boolean succeeded() {
        return ok;
    }

    /** Why the last {@link #decompose} failed, or null after a success. */
    public String failure() {
        return failure;
    }

    /** Size n of the last decomposed matrix. */
    public int size() {
        return n;
    }

    private void requireOk() {
        if (!ok) {
            throw new IllegalStateException(failure == null ? "no successful decomposition" : failure);
        }
    }

    /** The eigenvalues (a new array). */
    public ComplexArray eigenvalues() {
        requireOk();
        return ComplexArray.of(Arrays.copyOf(wr, n), Arrays.copyOf(wi, n));
    }

    /** Copies the eigenvalues into {@code re[0..n-1]}, {@code im[0..n-1]} without allocating. */
    public void eigenvalues(double[] re, double[] im) {
        requireOk();
        System.arraycopy(wr, 0, re, 0, n);
        System.arraycopy(wi, 0, im, 0, n);
    }

    public double eigenvalueRe(int k) {
        requireOk();
        return wr[checkIndex(k)];
    }

    public double eigenvalueIm(int k) {
        requireOk();
        return wi[checkIndex(k)];
    }

    /** Right eigenvector k ({@code A v = lambda_k v}), unit 2-norm, largest component real positive. */
    public ComplexArray rightEigenvector(int k) {
        requireOk();
        if (!wantRight) {
            throw new IllegalStateException("right eigenvectors were not requested (new EigenDecomposition(true, ...))");
        }
        return column(rightRe, rightIm, checkIndex(k));
    }

    /** Left eigenvector k ({@code u^H A = lambda_k u^H}), unit 2-norm, largest component real positive. */
    public ComplexArray leftEigenvector(int k) {
        requireOk();
        if (!wantLeft) {
            throw new IllegalStateException("left eigenvectors were not requested (new EigenDecomposition(..., true))");
        }
        return column(leftRe, leftIm, checkIndex(k));
    }

    private int checkIndex(int k) {
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("eigenvalue index " + k + " outside 0.." + (n - 1));
        }
        return k;
    }

    private ComplexArray column(double[] vr, double[] vi, int k) {
        double[] r = new double[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = vr[i * n + k];
            m[i] = vi[i * n + k];
        }
        return ComplexArray.of(r, m);
    }
}
