package org.teachingrnns.numeric;

import java.util.Arrays;

/**
 * The reference result and the per-element error bound of {@code C = alpha op(A) op(B) + beta C0}.
 *
 * <p>The reference is computed with {@link CompensatedDot}, so it is accurate to a few units in the last place
 * of double whatever the backend does. The bound is Higham's for inner products (Accuracy and Stability of
 * Numerical Algorithms, 2nd ed., eq. (3.5) and section 3.5): every element of a computed product, in any
 * summation order, with or without FMA, blocked or not, satisfies
 * {@code |fl(C) - C| <= gamma_{k+2} (|alpha| sum_p |op(A)_ip| |op(B)_pj| + |beta| |C0_ij|)},
 * {@code gamma_n = n u / (1 - n u)}, u the unit roundoff of the backend's precision: k products, k - 1 sums,
 * the scaling by alpha and beta and the final sum. The scale is the element's own {@code sum |a||b|}, not
 * {@code k max|a| max|b|}, so a term missing from one element is caught once it is larger than that element's
 * rounding, not only once it is larger than the worst element's.
 */
final class GemmErrorBound {

    /** The reference result (a copy of C0 with the window of C replaced) and each element's error scale. */
    record Reference(double[] want, double[] scale) {
    }

    private GemmErrorBound() {
    }

    /** Higham's {@code gamma_n = n u / (1 - n u)} for unit roundoff {@code u} (Lemma 3.1). */
    static double gamma(int n, double u) {
        double nu = n * u;
        return nu / (1 - nu);
    }

    /** Unit roundoff of double, 2^-53. */
    static final double U_DOUBLE = Math.ulp(1.0) / 2;
    /** Unit roundoff of float, 2^-24. */
    static final double U_FLOAT = Math.ulp(1.0f) / 2;

    /**
     * The reference of {@code C = alpha op(A) op(B) + beta C0} (BLAS semantics: with beta == 0, C0 is not read,
     * so NaN there does not propagate) and the scale {@code |alpha| sum_p |op(A)_ip op(B)_pj| + |beta| |C0_ij|}.
     */
    static Reference reference(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int aOff,
                               int lda, double[] b, int bOff, int ldb, double beta, double[] c0, int cOff, int ldc) {
        double[] want = c0.clone();
        double[] scale = new double[c0.length];
        double[] column = new double[k];
        CompensatedDot dot = new CompensatedDot();
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                column[p] = tb.transposed() ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
            for (int i = 0; i < m; i++) {
                dot.reset();
                if (ta.transposed()) {
                    for (int p = 0; p < k; p++) {
                        dot.add(a[aOff + p * lda + i], column[p]);
                    }
                } else {
                    int row = aOff + i * lda;
                    for (int p = 0; p < k; p++) {
                        dot.add(a[row + p], column[p]);
                    }
                }
                int idx = cOff + i * ldc + j;
                double product = alpha * dot.value();
                double absProduct = Math.abs(alpha) * dot.absSum();
                if (alpha == 0) {
                    product = 0; // the reference BLAS does not read A and B when alpha == 0
                    absProduct = 0;
                }
                if (beta == 0) {
                    want[idx] = product;
                    scale[idx] = absProduct;
                } else {
                    want[idx] = product + beta * c0[idx];
                    scale[idx] = absProduct + Math.abs(beta) * Math.abs(c0[idx]);
                }
            }
        }
        return new Reference(want, scale);
    }

    /**
     * The first element of the window of C that breaks {@code |got - want| <= (gamma_{k+2}(u) + 4 u_double) scale}
     * (the second term covers the reference's own rounding: one in the compensated dot, one each for alpha, beta
     * and their sum), or null. NaN must match NaN; elements outside the window must be bit-identical to C0.
     */
    static String firstViolation(String op, Object label, double[] c0, double[] got, Reference ref, int k, double u,
                                 int cOff, int m, int n, int ldc) {
        double tol = gamma(k + 2, u) + 4 * U_DOUBLE;
        for (int i = 0; i < got.length; i++) {
            if (!inMatrix(i, cOff, m, n, ldc)) {
                if (Double.doubleToRawLongBits(c0[i]) != Double.doubleToRawLongBits(got[i])) {
                    return op + " wrote outside C at " + i + " for " + label;
                }
                continue;
            }
            double want = ref.want()[i];
            if (Double.isNaN(want) || Double.isNaN(got[i])) {
                if (Double.isNaN(want) != Double.isNaN(got[i])) {
                    return op + " " + label + ": element " + i + " is " + got[i] + ", reference " + want;
                }
                continue;
            }
            double err = Math.abs(got[i] - want);
            double allowed = tol * ref.scale()[i] + Double.MIN_NORMAL;
            if (!(err <= allowed)) {
                return op + " " + label + ": element " + i + " is " + got[i] + ", reference " + want + ", error "
                        + err + " > " + allowed + " = (gamma_" + (k + 2) + " + 4 u) * " + ref.scale()[i];
            }
        }
        return null;
    }

    static boolean inMatrix(int i, int off, int rows, int cols, int ld) {
        if (i < off || rows == 0 || cols == 0) {
            return false;
        }
        int r = (i - off) / ld, col = (i - off) % ld;
        return r < rows && col < cols;
    }

    static double[] toDouble(float[] x) {
        double[] y = new double[x.length];
        Arrays.setAll(y, i -> x[i]);
        return y;
    }
}
