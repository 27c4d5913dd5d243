package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.teachingrnns.rnn.compute.BpttEngine;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The float32 BPTT ({@link FloatBpttWorkspace}) is right on every parameter and h0, for linear, tanh and relu,
 * with and without biases, full and truncated, on the plain-loop and the sgemm paths:
 * <ol>
 *   <li>against the float64 gradient at the same float-representable point, within the rounding bound
 *       {@code gamma_n A} derived in {@link FloatGradientCheck} (the float64 gradient is itself checked by
 *       finite differences here, at that point);</li>
 *   <li>against central differences of the float32 loss itself (see {@link #float32FiniteDifferences}).</li>
 * </ol>
 * Each test also asserts that its tolerance is small next to the gradients it checks, so a wrong sign or a
 * missing term cannot pass.
 */
class FloatBpttTest {

    static final Compute SCALAR = Compute.scalar();
    static final Compute VECTOR = Compute.of("vector");
    /** The per-step float path with the Vector API products (for hidden <= 6 the default is register-resident). */
    static final Compute PER_STEP = VECTOR.withEngine(BpttEngine.GEMM);
    /** Float lanes per vector: the register-resident kernels' strip width. */
    static final int FL = FloatVector.SPECIES_PREFERRED.length();

    record Case(RnnModel model, Sequences data, double[][] h0, int washout) {
    }

    /**
     * A float-representable random case. Weight scale 0.3 / sqrt(hidden) keeps ||W_hh||_2 near 0.6 (the largest
     * singular value of a square Gaussian matrix is about 2 sigma sqrt(n)), so the amplification A of
     * {@link FloatGradientCheck} stays below about 2.5: a student of a stable teacher.
     */
    static Case randomCase(long seed, Activation f, int in, int hid, int out, int batch, int time, boolean bias) {
        SplittableRandom rng = new SplittableRandom(seed);
        RnnModel m = RandomModels.model(rng, f, in, hid, out, bias, bias, 0.3 / Math.sqrt(hid));
        Sequences d = RandomModels.data(rng, batch, time, in, out);
        double[][] h0 = RandomModels.h0(rng, batch, hid);
        return new Case(FloatGradientCheck.rounded(m), FloatGradientCheck.rounded(d), FloatGradientCheck.rounded(h0),
                Math.min(2, time - 1));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void float32GradientMatchesFloat64WithinTheRoundingBound(Activation f) {
        double worst = 0.0;
        for (boolean bias : new boolean[] {false, true}) {
            for (int k : new int[] {0, 3}) {
                // {in, hidden, out, batch, time}: tiny (scalar tails only), the default experiment's hidden 5 and
                // batch 80 (the thin kernels' vector strips), and hidden and batch >= 16 (per-step sgemm).
                int[][] shapes = {{2, 4, 2, 3, 9}, {1, 5, 1, 80, 12}, {1, 20, 3, 17, 7}};
                for (int[] s : shapes) {
                    for (Compute c : new Compute[] {SCALAR, VECTOR}) {
                        Case cs = randomCase(31L * s[1] + 7L * k + (bias ? 1 : 0) + 100L * f.ordinal(), f,
                                s[0], s[1], s[2], s[3], s[4], bias);
                        GradientCheckReport r = FloatGradientCheck.againstFloat64(cs.model, cs.data, cs.washout, k,
                                cs.h0, c);
                        String what = f + (bias ? " biases" : "") + " k=" + k + " hidden " + s[1] + " on " + c.name();
                        assertTrue(r.passed(), what + "\n" + r.format() + "tolerance " + r.threshold());
                        assertTrue(r.threshold() < 1e-3, what + ": tolerance " + r.threshold() + " too loose to catch a bug");
                        assertEquals(cs.model.parameters().size() + 1, r.entries().size());
                        worst = Math.max(worst, r.maxRelativeError() / r.threshold());
                    }
                }
            }
        }
        // The float path really is float: a float64 pass in disguise would agree to ~1e-16.
        assertTrue(worst > 1e-6, "errors are at double precision: is the float path computing in double?");
    }

    /**
     * The float register-resident kernels ({@link FloatSmallRecurrence}), every hidden size they serve, against the
     * float64 gradient within {@code gamma_n A}: linear, tanh and relu, with and without biases, full and truncated
     * BPTT (truncation runs their forward and gradient kernels, and dZ term by term, as float64's register-resident
     * engine), one and two inputs and outputs, a batch of whole float strips (2 x lanes: one strip pair) and one that
     * is not (3 x lanes + 5: a pair, a single strip and five scalar columns), 35 steps (two whole chunks and a part).
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void registerResidentFloatKernelsMatchFloat64WithinTheRoundingBound(Activation f) {
        int time = 2 * FloatSmallRecurrence.CHUNK + 3;
        for (int hid = 1; hid <= FloatSmallRecurrence.MAX_HIDDEN; hid++) {
            for (boolean bias : new boolean[] {false, true}) {
                for (int k : new int[] {0, 3}) {
                    for (int batch : new int[] {2 * FL, 3 * FL + 5}) {
                        int io = 1 + (hid + k + batch) % 2;
                        Case cs = randomCase(1000L * hid + 31L * batch + 7L * k + (bias ? 1 : 0) + 100L * f.ordinal(), f,
                                io, hid, io, batch, time, bias);
                        assertEquals(BpttEngine.REGISTER_RESIDENT, new FloatBpttWorkspace(cs.model, batch, time, cs.washout,
                                k, VECTOR).engine());
                        GradientCheckReport r = FloatGradientCheck.againstFloat64(cs.model, cs.data, cs.washout, k,
                                cs.h0, VECTOR);
                        String what = f + (bias ? " biases" : "") + " k=" + k + " hidden " + hid + " batch " + batch
                                + " in/out " + io;
                        assertTrue(r.passed(), what + "\n" + r.format() + "tolerance " + r.threshold());
                        assertTrue(r.threshold() < 1e-3, what + ": tolerance " + r.threshold() + " too loose to catch a bug");
                    }
                }
            }
        }
    }

    /**
     * The register-resident float kernels against the per-step float path on the same cases. Both compute the same
     * float32 pass with their sums in different orders (the kernels add the bias first, the per-step path last; the
     * gradient sums run over other partial sums), so they need not agree in their bits; each is within
     * {@code tol ||g64||} of the float64 gradient per block ({@code tol = gamma_n A}, {@link FloatGradientCheck}), so
     * {@code ||g_rr - g_ps|| <= 2 tol ||g64||}, and each loss within {@code dL} of the float64 one (as in
     * {@link #float32FiniteDifferences}), so {@code |L_rr - L_ps| <= 2 dL}. dh0 too.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void registerResidentAndPerStepFloatPathsAgreeWithinTwiceTheRoundingBound(Activation f) {
        int time = 2 * FloatSmallRecurrence.CHUNK + 3;
        for (int hid = 1; hid <= FloatSmallRecurrence.MAX_HIDDEN; hid++) {
            for (boolean bias : new boolean[] {false, true}) {
                for (int k : new int[] {0, 3}) {
                    int batch = k == 0 ? 3 * FL + 5 : 2 * FL;
                    Case cs = randomCase(77L * hid + 7L * k + (bias ? 1 : 0) + 100L * f.ordinal(), f, 1, hid, 1, batch,
                            time, bias);
                    RnnModel m = cs.model;
                    FloatBpttWorkspace rr = FloatBpttWorkspace.of(m, cs.data, cs.washout, k, VECTOR);
                    FloatBpttWorkspace ps = FloatBpttWorkspace.of(m, cs.data, cs.washout, k, PER_STEP);
                    assertEquals(BpttEngine.REGISTER_RESIDENT, rr.engine());
                    assertEquals(BpttEngine.GEMM, ps.engine());
                    double[] h0 = Bptt.packH0(cs.h0, batch, hid);
                    double[] gr = new double[m.parameterCount()];
                    double[] gp = new double[m.parameterCount()];
                    double[] g64 = new double[m.parameterCount()];
                    double lr = rr.lossAndGradient(m.parameterArray(), h0, gr);
                    double lp = ps.lossAndGradient(m.parameterArray(), h0, gp);
                    BpttWorkspace ws64 = BpttWorkspace.of(m, cs.data, cs.washout, k, SCALAR);
                    ws64.lossAndGradient(m.parameterArray(), h0, g64);
                    String what = f + (bias ? " biases" : "") + " k=" + k + " hidden " + hid + " batch " + batch;
                    double tol = FloatGradientCheck.tolerance(m, batch, time);
                    assertTrue(2 * tol < 1e-3, what + ": bound " + 2 * tol + " too loose to catch a bug");
                    double dL = lossError(cs);
                    assertTrue(Math.abs(lr - lp) <= 2 * dL, what + ": losses " + lr + " and " + lp + ", bound " + 2 * dL);
                    for (Parameter p : m.parameters()) {
                        assertBlock(what + " " + p.key(), gr, gp, g64, m.offset(p), m.size(p), 2 * tol);
                    }
                    assertBlock(what + " h0", rr.dLossDh0(), ps.dLossDh0(), ws64.dLossDh0(), 0, hid * batch, 2 * tol);
                }
            }
        }
    }

    /** {@code ||a - b||_2 <= bound ||ref||_2} over {@code [off, off + n)}. */
    private static void assertBlock(String what, double[] a, double[] b, double[] ref, int off, int n, double bound) {
        double diff = 0.0;
        double norm = 0.0;
        for (int i = off; i < off + n; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += ref[i] * ref[i];
        }
        assertTrue(Math.sqrt(diff) <= bound * Math.sqrt(norm), what + ": ||a - b|| = " + Math.sqrt(diff)
                + " against " + bound + " ||g64|| = " + bound * Math.sqrt(norm));
    }

    /** The oracle of the comparison above: the float64 gradient at the rounded point, by finite differences. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void float64GradientAtTheRoundedPointPassesFiniteDifferences(Activation f) {
        for (boolean bias : new boolean[] {false, true}) {
            for (int k : new int[] {0, 3}) {
                Case cs = randomCase(31L * 4 + 7L * k + (bias ? 1 : 0) + 100L * f.ordinal(), f, 2, 4, 2, 3, 9, bias);
                GradientCheckReport r = GradientCheck.check(cs.model, cs.data, cs.washout, k, cs.h0, 1e-5,
                        GradientCheck.DEFAULT_THRESHOLD, GradientCheck.DEFAULT_ABSOLUTE_FLOOR, SCALAR);
                assertTrue(r.passed(), f + " k=" + k + "\n" + r.format());
            }
        }
    }

    /**
     * Central differences of the float32 loss against the float32 gradient (full BPTT), every parameter element.
     *
     * <p>Step {@code h = 2^-7}: central differences balance a truncation error {@code O(h^2)} against a rounding
     * error {@code O(dL / h)}, best at {@code h ~ (dL / |L'''|)^(1/3)}; with float's {@code dL ~ 1e-5} that is
     * about 1e-2 (a step of 1e-5, as in double, would leave only rounding noise). The perturbed parameter is
     * rounded to float and the divisor is the step actually taken, {@code theta+ - theta-}.
     *
     * <p>Tolerance for element i, {@code |fd32_i - g32_i| <= rho + tau_i + tol ||g64||} over the block, from
     * {@code fd32 - g32 = (fd32 - fd64) + (fd64 - g64) + (g64 - g32)}:
     * <ul>
     *   <li>{@code rho = 2 dL / (theta+ - theta-)}: each float loss evaluation is off by at most
     *       {@code dL} ({@link #lossError});</li>
     *   <li>{@code tau_i = |fd64_i - g64_i|}: the truncation error of this very central difference, measured by
     *       taking it in double at the same two points (it is a property of the function, not of the dtype; for
     *       relu it also holds the effect of a kink inside the step);</li>
     *   <li>{@code tol ||g64||}: the float32 gradient's own rounding, bounded by the first test's bound.</li>
     * </ul>
     * On the plain-loop path (hidden 4, batch 3), and on the float register-resident kernels for every hidden size
     * they serve, at a batch of one float strip and three scalar columns.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void float32FiniteDifferences(Activation f) {
        finiteDifferences(f, SCALAR, 4, 3, 977L);
        for (int hid = 1; hid <= FloatSmallRecurrence.MAX_HIDDEN; hid++) {
            finiteDifferences(f, VECTOR, hid, FL + 3, 5000L + 10L * hid);
        }
    }

    private static void finiteDifferences(Activation f, Compute compute, int hid, int batch, long seed) {
        double h = 0x1p-7;
        for (boolean bias : new boolean[] {false, true}) {
            Case cs = randomCase(seed + (bias ? 1 : 0) + 100L * f.ordinal(), f, 2, hid, 2, batch, 9, bias);
            RnnModel m = cs.model;
            FloatBpttWorkspace ws32 = FloatBpttWorkspace.of(m, cs.data, cs.washout, 0, compute);
            String what = f + (bias ? " biases " : " ") + "hidden " + hid + " on " + compute.name() + " (" + ws32.engine() + ") ";
            BpttWorkspace ws64 = BpttWorkspace.of(m, cs.data, cs.washout, 0, SCALAR);
            double[] h0 = Bptt.packH0(cs.h0, cs.data.batch(), m.hiddenSize());
            double[] g32 = new double[m.parameterCount()];
            double[] g64 = new double[m.parameterCount()];
            ws32.lossAndGradient(m.parameterArray(), h0, g32);
            ws64.lossAndGradient(m.parameterArray(), h0, g64);
            double tol = FloatGradientCheck.tolerance(m, cs.data.batch(), cs.data.time());
            double dL = lossError(cs);
            double[] theta = m.parameterArray().clone();
            for (Parameter p : m.parameters()) {
                double blockNorm = 0.0;
                double blockMax = 0.0;
                for (int i = m.offset(p); i < m.offset(p) + m.size(p); i++) {
                    blockNorm += g64[i] * g64[i];
                    blockMax = Math.max(blockMax, Math.abs(g32[i]));
                }
                blockNorm = Math.sqrt(blockNorm);
                double worstBound = 0.0;
                for (int i = m.offset(p); i < m.offset(p) + m.size(p); i++) {
                    double keep = theta[i];
                    double plus = (float) (keep + h);
                    double minus = (float) (keep - h);
                    theta[i] = plus;
                    double l32p = ws32.loss(theta, h0);
                    double l64p = ws64.loss(theta, h0);
                    theta[i] = minus;
                    double l32m = ws32.loss(theta, h0);
                    double l64m = ws64.loss(theta, h0);
                    theta[i] = keep;
                    double step = plus - minus;
                    double fd32 = (l32p - l32m) / step;
                    double fd64 = (l64p - l64m) / step;
                    double bound = 2 * dL / step + Math.abs(fd64 - g64[i]) + tol * blockNorm;
                    worstBound = Math.max(worstBound, bound);
                    assertTrue(Math.abs(fd32 - g32[i]) <= bound, what + p.key() + "[" + (i - m.offset(p))
                            + "]: float32 gradient " + g32[i] + ", float32 central difference " + fd32 + ", bound " + bound);
                }
                // Teeth: a sign error on the block's largest element (an error of 2 |g|) would exceed the bound.
                assertTrue(2 * blockMax > worstBound, what + p.key() + ": bound " + worstBound
                        + " does not separate a sign error on gradients up to " + blockMax);
            }
        }
    }

    /**
     * dL, the most a float loss evaluation can be off: {@code 2 gamma_m A Ltilde}, where
     * {@code Ltilde = mean (|y| + |target|)^2}: each output carries an error of at most {@code gamma_m A |y|}, and
     * {@code d(r^2) = 2 |r| dr}; the squares are summed in double, a negligible further error. m is the forward part of
     * {@link FloatGradientCheck#chainLength}, {@code T (in + hid + 2) + hid + 3} (the steps, the readout and the
     * residual): the backward steps and the sums over time and batch of the gradient do not reach the loss.
     */
    private static double lossError(Case cs) {
        RnnModel m = cs.model;
        int time = cs.data.time();
        double mu = ((double) time * (m.inputSize() + m.hiddenSize() + 2) + m.hiddenSize() + 3)
                * FloatGradientCheck.UNIT_ROUNDOFF;
        return 2 * mu / (1 - mu) * FloatGradientCheck.amplification(m, time) * absoluteLoss(cs);
    }

    /** Ltilde = mean over the kept steps, sequences and outputs of (|y| + |target|)^2, from the double outputs. */
    private static double absoluteLoss(Case cs) {
        double[][][] y = Bptt.outputs(cs.model, cs.data.inputs(), cs.h0, SCALAR);
        double s = 0.0;
        int n = 0;
        for (int b = 0; b < cs.data.batch(); b++) {
            for (int t = cs.washout; t < cs.data.time(); t++) {
                for (int o = 0; o < cs.data.outputSize(); o++) {
                    double a = Math.abs(y[b][t][o]) + Math.abs(cs.data.target(b, t, o));
                    s += a * a;
                    n++;
                }
            }
        }
        return s / n;
    }

    /** The loss, dLoss/dh0 and last state of the float path agree with float64's to float precision. */
    @Test
    void lossAndLastStateAreTheFloat64OnesToFloatPrecision() {
        Case cs = randomCase(5, Activation.TANH, 1, 24, 1, 20, 30, true);
        Bptt.LossAndGradients a = FloatBpttWorkspace.lossAndGradients(cs.model, cs.data, cs.washout, 0, cs.h0, VECTOR);
        Bptt.LossAndGradients b = Bptt.lossAndGradients(cs.model, cs.data, cs.washout, 0, cs.h0, VECTOR);
        assertEquals(b.loss(), a.loss(), 1e-5 * b.loss());
        for (int i = 0; i < cs.data.batch(); i++) {
            for (int j = 0; j < cs.model.hiddenSize(); j++) {
                assertEquals(b.lastHidden()[i][j], a.lastHidden()[i][j], 1e-5);
                assertEquals((float) a.lastHidden()[i][j], a.lastHidden()[i][j], 0.0, "a float widened");
            }
        }
    }
}
