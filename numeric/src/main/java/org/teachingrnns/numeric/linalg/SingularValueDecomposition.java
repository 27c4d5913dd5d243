package org.teachingrnns.numeric.linalg;

/**
 * Thin singular value decomposition {@code A = U diag(s) V^T} of a real row-major m x n matrix, with vectors,
 * by one-sided Jacobi rotations (Hestenes 1958; Demmel and Veselic, SIAM J. Matrix Anal. Appl. 13, 1992), the
 * method of {@link SingularValues} with the rotations accumulated.
 *
 * <p>With k = min(m, n): U is m x k, s has k entries in descending order, V is n x k. For m >= n the columns of A
 * are rotated in pairs until mutually orthogonal to working precision; the product of the rotations is V, the
 * column norms are s and the normalised columns are U ({@code A V = U S}). Columns are stored as the rows of
 * {@code A^T}, so the rotations run over contiguous memory. For m < n the decomposition of {@code A^T} is
 * transposed. The matrix is scaled by a power of two first (exact), so squared norms neither overflow nor
 * underflow.
 *
 * <p>For a singular value exactly 0 the factor formed by normalising (U when m >= n, V when m < n) has a zero
 * column (no orthonormal completion, unlike LAPACK dgesvd); the other factor, the product of the rotations, is
 * always orthogonal. Jacobi's relative accuracy makes small singular values (and their
 * vectors) accurate to working precision relative to themselves for well-scaled columns, which is what a Hankel
 * matrix of a decaying impulse response needs.
 */
public final class SingularValueDecomposition {

    private final int m;
    private final int n;
    private final double[] u;
    private final double[] s;
    private final double[] v;

    private SingularValueDecomposition(int m, int n, double[] u, double[] s, double[] v) {
        this.m = m;
        this.n = n;
        this.u = u;
        this.s = s;
        this.v = v;
    }

    /**
     * Decomposes the row-major m x n matrix {@code a} (not modified).
     *
     * @throws IllegalArgumentException for bad sizes or non-finite elements
     * @throws ConvergenceException if the rotations do not converge within 60 sweeps
     */
    public static SingularValueDecomposition of(double[] a, int m, int n) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("matrix sizes must be >= 0, got " + m + " x " + n);
        }
        if (a == null || a.length < (long) m * n) {
            throw new IllegalArgumentException("a " + m + " x " + n + " matrix needs " + (long) m * n
                    + " elements, got " + (a == null ? "null" : a.length));
        }
        double amax = 0.0;
        for (int p = 0; p < m * n; p++) {
            if (!Double.isFinite(a[p])) {
                throw new IllegalArgumentException("matrix element (" + p / n + ", " + p % n + ") is " + a[p]);
            }
            amax = Math.max(amax, Math.abs(a[p]));
        }
        if (m >= n) {
            Parts p = tallJacobi(a, m, n, false, amax);
            return new SingularValueDecomposition(m, n, p.left, p.values, p.right);
        }
        // A^T = U' S V'^T (tall), so A = V' S U'^T: U = V', V = U'.
        Parts p = tallJacobi(a, n, m, true, amax);
        return new SingularValueDecomposition(m, n, p.right, p.values, p.left);
    }

    private record Parts(double[] left, double[] values, double[] right) {
    }

    /**
     * One-sided Jacobi on a tall rows x cols matrix T (rows >= cols): T is A itself, or A^T when transposed (then
     * read from the cols x rows array a). Returns U (rows x cols), s (cols) and V (cols x cols), row-major.
     */
    private static Parts tallJacobi(double[] a, int rows, int cols, boolean transposed, double amax) {
        int k = cols;
        // b holds T's columns as its rows: b[j][i] = T(i, j); w accumulates V^T (starts as the identity).
        double[] b = new double[k * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < k; j++) {
                b[j * rows + i] = transposed ? a[j * rows + i] : a[i * cols + j];
            }
        }
        double[] w = new double[k * k];
        for (int j = 0; j < k; j++) {
            w[j * k + j] = 1.0;
        }
        double scale = amax == 0.0 ? 1.0 : Math.scalb(1.0, -Math.getExponent(amax));
        for (int p = 0; p < b.length; p++) {
            b[p] *= scale;
        }
        double[] norm2 = OneSidedJacobi.orthogonalize(b, k, rows, w, k, rows, cols);
        // Sort by descending norm (a stable order: ties keep their column order).
        Integer[] order = new Integer[k];
        double[] sv = new double[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
            sv[j] = Math.sqrt(norm2[j]);
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(sv[y], sv[x]));
        double[] left = new double[rows * k];
        double[] values = new double[k];
        double[] right = new double[k * k];
        for (int q = 0; q < k; q++) {
            int j = order[q];
            double sj = sv[j];
            values[q] = sj / scale;
            for (int i = 0; i < rows; i++) {
                left[i * k + q] = sj == 0.0 ? 0.0 : b[j * rows + i] / sj;
            }
            for (int i = 0; i < k; i++) {
                right[i * k + q] = w[j * k + i];   // V(i, q) = (V^T)(j, i)
            }
        }
        return new Parts(left, values, right);
    }

    public int rows() {
        return m;
    }

    public int cols() {
        return n;
    }

    /** min(m, n): the number of singular values and of columns of U and V. */
    public int rank() {
        return s.length;
    }

    /** The singular values, descending (a copy). */
    public double[] singularValues() {
        return s.clone();
    }

    /** U, m x min(m, n), row-major (a copy). */
    public double[] u() {
        return u.clone();
    }

    /** V, n x min(m, n), row-major (a copy). */
    public double[] v() {
        return v.clone();
    }
}
