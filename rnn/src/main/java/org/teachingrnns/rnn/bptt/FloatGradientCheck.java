package org.teachingrnns.rnn.bptt;

import java.util.ArrayList;
import java.util.List;
import org.teachingrnns.numeric.linalg.SingularValues;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Checks the float32 BPTT gradient ({@link FloatBpttWorkspace}) against the float64 one ({@link BpttWorkspace},
 * itself checked by finite differences in {@link GradientCheck}) at the same point: the model, the data and h0
 * rounded to float, so the two differ only by float rounding.
 *
 * <p>Tolerance, from the standard bound on a computed sum of n terms, {@code |fl(s) - s| <= gamma_n sum |terms|}
 * with {@code gamma_n = n u / (1 - n u)} and float's unit roundoff {@code u = 2^-24} (Higham, Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., sec. 3.1):
 * <ul>
 *   <li>A gradient element is reached by a chain of roundings: T forward steps, each a sum of
 *       {@code in + hid + 1} terms and f; the readout ({@code hid + 1} terms), the residual and its scaling;
 *       T backward steps, each a sum of {@code out + hid} terms and f' (three roundings for tanh's
 *       {@code grad * (1 - h*h)} in float, {@link org.teachingrnns.rnn.model.Activation#chainDerivativeFloat}); the
 *       sum over time and batch of the weight gradient ({@code T B} terms). So
 *       {@code n = T (in + hid + 2) + (hid + 3) + T (out + hid + 3) + T B} ({@link #chainLength}).</li>
 *   <li>An error made at one step reaches a later one through {@code W_hh} and f', with {@code |f'| <= 1} for
 *       linear, tanh and relu, so it grows at most by {@code r = ||W_hh||_2} per step; summed over
 *       the steps, the amplification is {@code A = sum_{k<T} r^k} ({@link #amplification}).</li>
 *   <li>The block passes when {@code ||g32 - g64||_2 <= gamma_n A ||g64||_2} ({@link #tolerance}): the bound
 *       normwise over the block, with the magnitudes {@code sum |terms|} taken as the block's norm (a random
 *       model's sums do not cancel as a block; an element can, so the check is not elementwise).</li>
 * </ul>
 * Observed errors are far below the bound (rounding errors add like a random walk, about {@code sqrt(n) u});
 * a wrong sign or a missing term gives an error of the order of the gradient itself.
 */
public final class FloatGradientCheck {

    /** float's unit roundoff, 2^-24 (half the distance from 1 to the next float). */
    public static final double UNIT_ROUNDOFF = 0x1p-24;

    private FloatGradientCheck() {
    }

    /** A copy of m with every parameter rounded to float. */
    public static RnnModel rounded(RnnModel m) {
        RnnModel r = m.copy();
        double[] p = r.parameterArray();
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) p[i];
        }
        return r;
    }

    /** The data with every input and target rounded to float. */
    public static Sequences rounded(Sequences d) {
        return Sequences.of(rounded(d.inputs()), rounded(d.targets()));
    }

    /** h0 ({@code [batch][hidden]}) rounded to float; null stays null. */
    public static double[][] rounded(double[][] h0) {
        if (h0 == null) {
            return null;
        }
        double[][] r = new double[h0.length][];
        for (int b = 0; b < h0.length; b++) {
            r[b] = new double[h0[b].length];
            for (int j = 0; j < r[b].length; j++) {
                r[b][j] = (float) h0[b][j];
            }
        }
        return r;
    }

    private static double[][][] rounded(double[][][] a) {
        double[][][] r = new double[a.length][][];
        for (int b = 0; b < a.length; b++) {
            r[b] = rounded(a[b]);
        }
        return r;
    }

    /** n of the class comment: the longest chain of float roundings that reaches one gradient element. */
    public static long chainLength(RnnModel m, int batch, int time) {
        long t = time;
        return t * (m.inputSize() + m.hiddenSize() + 2) + (m.hiddenSize() + 3) + t * (m.outputSize() + m.hiddenSize() + 3)
                + t * batch;
    }

    /**
     * A of the class comment: {@code sum_{k<T} r^k} with r the 2-norm of W_hh (its largest singular value,
     * computed in double; its own error, ~1e-16 relative, does not matter here).
     */
    public static double amplification(RnnModel m, int time) {
        int n = m.hiddenSize();
        double r = SingularValues.of(m.flat(Parameter.W_HH), n, n)[0];
        double a = 0.0;
        double rk = 1.0;
        for (int k = 0; k < time; k++) {
            a += rk;
            rk *= r;
        }
        return a;
    }

    /** {@code gamma_n A}: the largest normwise relative error of a gradient block that passes. */
    public static double tolerance(RnnModel m, int batch, int time) {
        double nu = chainLength(m, batch, time) * UNIT_ROUNDOFF;
        if (nu >= 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        return nu / (1.0 - nu) * amplification(m, time);
    }

    /**
     * The float32 gradient against the float64 gradient at the rounded model, data and h0: one entry per parameter
     * and one for h0, each with its normwise relative error {@code ||g32 - g64||_2 / ||g64||_2} (in the entry's
     * relative-error field) and its largest elementwise difference, passing at {@link #tolerance}.
     *
     * @param h0 {@code [batch][hidden]}, null for zeros
     */
    public static GradientCheckReport againstFloat64(RnnModel m, Sequences d, int washout, int truncation, double[][] h0,
                                                     Compute compute) {
        RnnModel rm = rounded(m);
        Sequences rd = rounded(d);
        double[][] rh0 = rounded(h0);
        Bptt.LossAndGradients g64 = Bptt.lossAndGradients(rm, rd, washout, truncation, rh0, compute);
        Bptt.LossAndGradients g32 = FloatBpttWorkspace.lossAndGradients(rm, rd, washout, truncation, rh0, compute);
        double tol = tolerance(rm, d.batch(), d.time());
        List<GradientCheckReport.Entry> entries = new ArrayList<>();
        double[] a = g32.gradient().parameterArray();
        double[] b = g64.gradient().parameterArray();
        for (Parameter p : rm.parameters()) {
            entries.add(entry(p.key(), a, b, rm.offset(p), rm.size(p), tol));
        }
        entries.add(entry("h0", flatten(g32.dLossDh0()), flatten(g64.dLossDh0()), 0, d.batch() * rm.hiddenSize(), tol));
        return new GradientCheckReport(entries, g32.loss(), truncation, 0.0, tol, 0.0);
    }

    private static GradientCheckReport.Entry entry(String name, double[] g32, double[] g64, int off, int n, double tol) {
        double diff = 0.0;
        double norm = 0.0;
        double maxAbs = 0.0;
        for (int i = off; i < off + n; i++) {
            double e = g32[i] - g64[i];
            diff += e * e;
            norm += g64[i] * g64[i];
            if (!(Math.abs(e) <= maxAbs)) {
                maxAbs = Math.abs(e);   // also catches NaN
            }
        }
        double rel = diff == 0.0 ? 0.0 : Math.sqrt(diff) / Math.sqrt(norm);
        if (Double.isNaN(maxAbs)) {
            rel = Double.NaN;
        }
        return new GradientCheckReport.Entry(name, n, rel, maxAbs, rel <= tol);
    }

    private static double[] flatten(double[][] a) {
        int n = 0;
        for (double[] r : a) {
            n += r.length;
        }
        double[] f = new double[n];
        int k = 0;
        for (double[] r : a) {
            System.arraycopy(r, 0, f, k, r.length);
            k += r.length;
        }
        return f;
    }
}
