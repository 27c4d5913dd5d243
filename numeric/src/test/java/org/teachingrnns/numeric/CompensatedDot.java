package org.teachingrnns.numeric;

/**
 * An inner product accumulated in twice the working precision: Ogita, Rump and Oishi, "Accurate sum and dot
 * product", SIAM J. Sci. Comput. 26 (2005), Algorithm 5.3 (Dot2). Each product is split exactly by
 * TwoProduct (here one {@link Math#fma}), each sum by Knuth's TwoSum, and the errors are summed on the side.
 * The result is as accurate as if computed in quadruple precision and then rounded: its error is at most
 * {@code u |s| + gamma_n^2 sum |x_i y_i|}, so the test oracle is independent of the order, blocking and
 * precision of any backend under test, {@link ScalarBlas} included. It also keeps {@code sum |x_i y_i|}, the
 * scale of Higham's bound for inner products.
 */
final class CompensatedDot {

    private double sum;
    private double err;
    private double absSum;

    void reset() {
        sum = 0;
        err = 0;
        absSum = 0;
    }

    void add(double x, double y) {
        double p = x * y;
        double pErr = Math.fma(x, y, -p);                // TwoProduct: x y = p + pErr exactly
        double s = sum + p;
        double z = s - sum;
        double sErr = (sum - (s - z)) + (p - z);          // TwoSum: sum + p = s + sErr exactly
        sum = s;
        err += pErr + sErr;
        absSum += Math.abs(p);
    }

    /** The inner product, rounded once from its compensated value. */
    double value() {
        return sum + err;
    }

    /** {@code sum |x_i y_i|} as accumulated so far (in working precision; used only as an error scale). */
    double absSum() {
        return absSum;
    }
}
