package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.Teacher;

/**
 * L-BFGS against torch.optim.LBFGS from identical initial conditions: the loss of every objective evaluation, in
 * order (the same count, so the same iterations, line-search trials and stopping decisions), and the final point.
 * Plus properties that need no torch: convergence on a quadratic, the curvature skip, the stopping rules.
 */
class LbfgsTest {

    private static final double TOL = Double.parseDouble(System.getProperty("lbfgs.tol", "1e-10"));

    @TempDir
    Path dir;

    /** f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at (1, ..., 1). */
    static double rosenbrock(double[] x, double[] g) {
        double f = 0.0;
        java.util.Arrays.fill(g, 0.0);
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            f += 100.0 * a * a + b * b;
            g[i] += -400.0 * a * x[i] - 2.0 * b;
            g[i + 1] += 200.0 * a;
        }
        return f;
    }

    /** 0.5 x'Ax - b'x with a symmetric A: gradient A x - b. */
    static Objective quadratic(double[][] a, double[] b) {
        return (x, g) -> {
            int n = x.length;
            double f = 0.0;
            for (int i = 0; i < n; i++) {
                double ax = 0.0;
                for (int j = 0; j < n; j++) {
                    ax += a[i][j] * x[j];
                }
                f += 0.5 * x[i] * ax - b[i] * x[i];
                g[i] = ax - b[i];
            }
            return f;
        };
    }

    /** A random SPD matrix Q diag(eigs) Q^T with eigenvalues spread over [1, cond]. */
    static double[][] spd(SplittableRandom rng, int n, double cond) {
        double[][] m = new double[n][n];
        for (double[] r : m) {
            for (int j = 0; j < n; j++) {
                r[j] = rng.nextGaussian();
            }
        }
        // Gram-Schmidt on the rows gives an orthogonal Q.
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double d = 0;
                for (int j = 0; j < n; j++) {
                    d += m[i][j] * m[k][j];
                }
                for (int j = 0; j < n; j++) {
                    m[i][j] -= d * m[k][j];
                }
            }
            double nrm = 0;
            for (int j = 0; j < n; j++) {
                nrm += m[i][j] * m[i][j];
            }
            nrm = Math.sqrt(nrm);
            for (int j = 0; j < n; j++) {
                m[i][j] /= nrm;
            }
        }
        double[][] a = new double[n][n];
        for (int k = 0; k < n; k++) {
            double lambda = Math.pow(cond, (double) k / (n - 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += lambda * m[k][i] * m[k][j];
                }
            }
        }
        for (int i = 0; i < n; i++) {       // exactly symmetric
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i];
            }
        }
        return a;
    }

    /** Records every evaluation's value. */
    private static final class Recording implements Objective {
        final Objective f;
        final List<Double> values = new ArrayList<>();

        Recording(Objective f) {
            this.f = f;
        }

        @Override
        public double valueAndGradient(double[] x, double[] grad) {
            double v = f.valueAndGradient(x, grad);
            values.add(v);
            return v;
        }
    }

    private static Map<String, Object> options(double lr, int maxIter, int history, Lbfgs.LineSearch ls) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lr", lr);
        o.put("max_iter", maxIter);
        o.put("history_size", history);
        o.put("line_search_fn", ls == Lbfgs.LineSearch.STRONG_WOLFE ? "strong_wolfe" : "none");
        return o;
    }

    /**
     * Runs Java and torch; asserts equal evaluation counts, every evaluation's loss within tol relative (against
     * max(|torch|, floor)), the final point within tol relative to its norm; returns the largest relative
     * difference of the losses seen.
     */
    private double compare(Map<String, Object> problem, double[] x0, Objective f, int steps, double lr, int maxIter,
                           int history, Lbfgs.LineSearch ls, double tol, double floor) throws Exception {
        problem.put("steps", steps);
        problem.put("lbfgs", options(lr, maxIter, history, ls));
        JsonNode torch = TorchScript.run(dir, "lbfgs", problem);
        double[] torchEvals = TorchScript.doubles(torch.get("evaluations"));
        Lbfgs opt = new Lbfgs(x0.length, lr, maxIter, maxIter * 5 / 4, 1e-7, 1e-9, history, ls);
        Recording rec = new Recording(f);
        double[] x = x0.clone();
        for (int s = 0; s < steps; s++) {
            opt.step(x, rec);
        }
        String what = problem.get("problem") + " " + ls + ": ";
        assertEquals(torchEvals.length, rec.values.size(), what + "evaluations, java " + rec.values + " torch "
                + java.util.Arrays.toString(torchEvals));
        assertEquals(torch.get("n_iter").intValue(), opt.iterations(), what + "iterations");
        assertEquals(torch.get("func_evals").intValue(), opt.evaluations(), what + "func_evals");
        double worst = 0.0;
        for (int i = 0; i < torchEvals.length; i++) {
            double rel = Math.abs(rec.values.get(i) - torchEvals[i]) / Math.max(Math.abs(torchEvals[i]), floor);
            worst = Math.max(worst, rel);
            if (Boolean.getBoolean("lbfgs.debug")) {
                System.err.printf("%s %3d java %.17g torch %.17g rel %.2e%n", what, i + 1, rec.values.get(i), torchEvals[i], rel);
            }
            assertTrue(rel <= tol, what + "evaluation " + (i + 1) + ": java " + rec.values.get(i) + ", torch "
                    + torchEvals[i] + " (rel " + rel + ")");
        }
        double[] tx = TorchScript.doubles(torch.get("x"));
        double dn = 0;
        double tn = 0;
        for (int i = 0; i < x.length; i++) {
            dn = Math.max(dn, Math.abs(x[i] - tx[i]));
            tn = Math.max(tn, Math.abs(tx[i]));
        }
        assertTrue(dn <= tol * tn, what + "final point differs by " + dn + " (max |x| " + tn + ")");
        assertTrue(torchEvals.length >= 10, what + "too few evaluations to be a test: " + torchEvals.length);
        return worst;
    }

    @Test
    void rosenbrockAndQuadraticMatchTorch() throws Exception {
        TorchScript.assumeTorch();
        double[] r0 = {-1.2, 1.0};
        Map<String, Object> p = new LinkedHashMap<>(Map.of("problem", "rosenbrock", "x0", r0));
        compare(p, r0, LbfgsTest::rosenbrock, 1, 1.0, 30, 100, Lbfgs.LineSearch.STRONG_WOLFE, TOL, 24.2e-3);
        SplittableRandom rng = new SplittableRandom(7);
        double[] r6 = new double[6];
        for (int i = 0; i < r6.length; i++) {
            r6[i] = 0.5 * rng.nextGaussian();
        }
        p = new LinkedHashMap<>(Map.of("problem", "rosenbrock", "x0", r6));
        // Near the minimum the loss is 1e-5 of the start and the valley's ill-conditioning has grown the rounding
        // differences to 1e-10 relative: losses below 1e-3 of the starting loss are compared against that floor.
        compare(p, r6, LbfgsTest::rosenbrock, 2, 1.0, 20, 5, Lbfgs.LineSearch.STRONG_WOLFE, TOL, 75.0e-3);

        int n = 8;
        double[][] a = spd(rng, n, 100.0);
        double[] b = new double[n];
        double[] q0 = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
            q0[i] = rng.nextGaussian();
        }
        for (Lbfgs.LineSearch ls : Lbfgs.LineSearch.values()) {
            p = new LinkedHashMap<>(Map.of("problem", "quadratic", "x0", q0, "A", a, "b", b));
            // the minimum is negative and not small: relative to the loss itself
            compare(p, q0, quadratic(a, b), 3, ls == Lbfgs.LineSearch.NONE ? 0.5 : 1.0, 8, 3, ls, TOL, 1e-12);
        }
    }

    @Test
    void aSmallLinearRnnMatchesTorchForDozensOfIterations() throws Exception {
        TorchScript.assumeTorch();
        SplittableRandom rng = new SplittableRandom(2026);
        Teacher teacher = IirTeacher.draw(3, false, 0.9, Activation.LINEAR, rng);
        int batch = 6;
        int time = 40;
        int washout = 5;
        double[][][] x = new double[batch][time][1];
        for (double[][] s : x) {
            for (double[] v : s) {
                v[0] = rng.nextGaussian();
            }
        }
        Sequences data = Sequences.of(x, teacher.respond(x));
        RnnModel student = RnnModel.zeros(Activation.LINEAR, 1, 3, 1, false, false);
        double[] p0 = student.parameterArray();
        for (int i = 0; i < p0.length; i++) {
            p0[i] = 0.4 * (2 * rng.nextDouble() - 1);
        }
        Map<String, Object> problem = student.toMap();
        problem.put("problem", "rnn");
        problem.put("washout", washout);
        problem.put("inputs", data.inputs());
        problem.put("targets", data.targets());
        Objective f = Objective.of(BpttWorkspace.of(student, data, washout, 0));
        double[] start = p0.clone();
        // Without a line search: 2 steps of 20 iterations at lr 0.05 (a full step overshoots on this problem).
        compare(new LinkedHashMap<>(problem), start, f, 2, 0.05, 20, 10, Lbfgs.LineSearch.NONE, TOL, 1e-12);
        // With strong Wolfe: one step of 25 iterations. Beyond about 30 the loss falls 1000x within two iterations
        // and rounding differences of the first iterations (1e-16) grow to 1e-8 relative there (1e-12 of the
        // starting loss): the same path, parted by rounding only (bench/TORCH_REFERENCE.md, section 5).
        compare(new LinkedHashMap<>(problem), start, f, 1, 1.0, 25, 10, Lbfgs.LineSearch.STRONG_WOLFE, TOL, 1e-12);
    }

    @Test
    void convergesOnAQuadraticAndStopsByItsRules() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 20;
        double[][] a = spd(rng, n, 1e3);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
        }
        // The minimum f* = -b'A^-1 b / 2, from a least-squares solve of A x = b.
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, flat, i * n, n);
        }
        org.teachingrnns.numeric.linalg.HouseholderQr qr = new org.teachingrnns.numeric.linalg.HouseholderQr();
        qr.decompose(flat, n, n);
        double[] xStar = qr.solve(b);
        double fStar = 0;
        for (int i = 0; i < n; i++) {
            fStar -= 0.5 * b[i] * xStar[i];
        }
        for (Lbfgs.LineSearch ls : Lbfgs.LineSearch.values()) {
            Lbfgs opt = new Lbfgs(n, 1.0, 300, 400, 1e-12, 0, 30, ls);
            double[] x = new double[n];
            Lbfgs.StepResult r = opt.step(x, quadratic(a, b));
            double err = 0;
            for (int i = 0; i < n; i++) {
                err = Math.max(err, Math.abs(x[i] - xStar[i]));
            }
            // x is determined to about cond * eps = 1e-13 relative; the line search's Armijo test compares
            // losses, which stop resolving progress near 1e-8 relative in x (the loss is quadratic in the error).
            double tol = ls == Lbfgs.LineSearch.NONE ? 1e-9 : 1e-5;
            assertTrue(err <= tol * maxAbs(xStar), ls + ": |x - x*| = " + err + " after " + r);
            assertTrue(Math.abs(r.loss() - fStar) <= 1e-12 * Math.abs(fStar), ls + ": f " + r.loss() + " vs " + fStar);
            assertTrue(opt.historyLength() <= 30);
        }
        double[] x = xStar.clone();
        // At the optimum a new step returns at once: the gradient is below tolerance_grad, one evaluation.
        Lbfgs.StepResult again = new Lbfgs(n, 1.0, 200, 250, 1e-8, 1e-14, 30, Lbfgs.LineSearch.STRONG_WOLFE)
                .step(x, quadratic(a, b));
        assertEquals(0, again.iterations());
        assertEquals(1, again.evaluations());
        // tolerance_change: a loss change below it ends the step early.
        Lbfgs coarse = new Lbfgs(n, 1.0, 300, 400, 0, 1e-3, 30, Lbfgs.LineSearch.STRONG_WOLFE);
        Lbfgs.StepResult early = coarse.step(new double[n], quadratic(a, b));
        assertTrue(early.iterations() < 100, "tolerance_change did not stop the step: " + early);
        assertTrue(early.loss() - fStar < 1e-2 * Math.abs(fStar), "stopped too early: " + early);
        // max_iter bounds the iterations of a step.
        Lbfgs capped = new Lbfgs(n, 1.0, 3, 100, 0, 0, 30, Lbfgs.LineSearch.STRONG_WOLFE);
        assertEquals(3, capped.step(new double[n], quadratic(a, b)).iterations());
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    @Test
    void pairsFailingTheCurvatureConditionAreNotStored() {
        // f(x) = -x^2/2 + x^4/4 near 0 has negative curvature: y.s < 0, so no pair may be stored.
        Objective concave = (x, g) -> {
            g[0] = -x[0] + x[0] * x[0] * x[0];
            return -0.5 * x[0] * x[0] + 0.25 * Math.pow(x[0], 4);
        };
        Lbfgs opt = new Lbfgs(1, 0.01, 3, 10, 0, 0, 10, Lbfgs.LineSearch.NONE);
        double[] x = {0.1};
        opt.step(x, concave);
        assertEquals(0, opt.historyLength(), "negative curvature pairs were stored");
        Lbfgs convex = new Lbfgs(1, 0.01, 3, 10, 0, 0, 10, Lbfgs.LineSearch.NONE);
        convex.step(new double[] {0.1}, (y, g) -> {
            g[0] = y[0];
            return 0.5 * y[0] * y[0];
        });
        assertEquals(2, convex.historyLength(), "positive curvature pairs are stored, one per later iteration");
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(t) = (t - 1)^3 / 3 - (t - 1) + 5 has f' = (t - 1)^2 - 1, local minimum at t = 2.
        double f0 = -1.0 / 3 + 1 + 5;
        double f3 = 8.0 / 3 - 2 + 5;
        assertEquals(2.0, Lbfgs.cubicInterpolate(0, f0, 0.0, 3, f3, 3.0), 1e-14);
        assertEquals(2.0, Lbfgs.cubicInterpolate(3, f3, 3.0, 0, f0, 0.0), 1e-14);
        assertEquals(2.5, Lbfgs.cubicInterpolate(0, f0, 0.0, 3, f3, 3.0, 2.5, 3.0), "clamped to the bounds");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(2, 1, 0, 1, 1e-7, 1e-9, 10, Lbfgs.LineSearch.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(2, -1, 5, 5, 1e-7, 1e-9, 10, Lbfgs.LineSearch.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(2).step(new double[3], LbfgsTest::rosenbrock));
    }
}
