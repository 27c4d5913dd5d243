package org.teachingrnns.rnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * L-BFGS as {@code torch.optim.LBFGS} (torch 1.13, {@code torch/optim/lbfgs.py}, itself a port of minFunc and of
 * torch7's {@code optim.lbfgs}), ported statement by statement so that from the same initial point the two
 * produce the same iterates up to rounding. One {@link #step} is one call of torch's {@code step(closure)}: up
 * to {@code max_iter} iterations and about {@code max_eval} evaluations of the objective. State (the curvature
 * pairs, the last direction and step, the iteration and evaluation counters) persists across steps, as in torch.
 *
 * <p>Per iteration: the direction is {@code -g} on the very first iteration, else the two-loop recursion over
 * the stored pairs {@code (s, y)} with the initial Hessian {@code H_diag = y.s / y.y}; a new pair is stored
 * only when the curvature condition {@code y.s > 1e-10} holds (the oldest pair is dropped beyond
 * {@code history_size}). The first step length is {@code min(1, 1/|g|_1) * lr}, later ones {@code lr}. Without
 * a line search the parameters move by {@code t d} and the objective is re-evaluated (except after the last
 * iteration); with {@code strong_wolfe} the step comes from {@link #strongWolfe}. The iteration stops on
 * {@code max_iter}, {@code max_eval}, {@code max|g| <= tolerance_grad}, {@code g.d > -tolerance_change},
 * {@code max|t d| <= tolerance_change} or {@code |f - f_prev| < tolerance_change}.
 */
public final class Lbfgs {

    /** torch's {@code line_search_fn}. */
    public enum LineSearch {
        /** {@code None}: a fixed step t. */
        NONE,
        /** {@code 'strong_wolfe'}: torch's {@code _strong_wolfe} (c1 1e-4, c2 0.9, at most 25 evaluations). */
        STRONG_WOLFE;

        /** The command line's and results.json's name: none or strong_wolfe. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What one {@link #step} did. */
    public record StepResult(double initialLoss, double loss, int iterations, int evaluations) {
    }

    private final int size;
    private double lr;
    private final int maxIter;
    private final int maxEval;
    private final double toleranceGrad;
    private final double toleranceChange;
    private final int historySize;
    private final LineSearch lineSearch;

    // torch's state['...'] entries.
    private int funcEvals;
    private int nIter;
    private double[] d;
    private double t;
    private final List<double[]> oldDirs = new ArrayList<>();
    private final List<double[]> oldStps = new ArrayList<>();
    private final List<Double> ro = new ArrayList<>();
    private double hDiag;
    private double[] prevFlatGrad;
    private double prevLoss;
    private final double[] al;

    /** torch's defaults: lr 1, max_iter 20, max_eval 25, tolerance_grad 1e-7, tolerance_change 1e-9, history 100, no line search. */
    public Lbfgs(int size) {
        this(size, 1.0, 20, 20 * 5 / 4, 1e-7, 1e-9, 100, LineSearch.NONE);
    }

    /**
     * @param maxEval torch's default is {@code max_iter * 5 // 4}
     */
    public Lbfgs(int size, double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange,
                 int historySize, LineSearch lineSearch) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        if (maxIter < 1 || maxEval < 1 || historySize < 1) {
            throw new IllegalArgumentException("max_iter, max_eval and history_size must be >= 1, got " + maxIter + ", "
                    + maxEval + ", " + historySize);
        }
        if (!(toleranceGrad >= 0) || !(toleranceChange >= 0) || lineSearch == null) {
            throw new IllegalArgumentException("invalid L-BFGS tolerances " + toleranceGrad + ", " + toleranceChange
                    + " or line search " + lineSearch);
        }
        this.size = size;
        this.lr = LrSchedule.checkLr("lr", lr);
        this.maxIter = maxIter;
        this.maxEval = maxEval;
        this.toleranceGrad = toleranceGrad;
        this.toleranceChange = toleranceChange;
        this.historySize = historySize;
        this.lineSearch = lineSearch;
        this.al = new double[historySize];
    }

    /**
     * One {@code optimizer.step(closure)}: minimises f from params, which is updated in place.
     *
     * @return the loss at params on entry (what torch's step returns), the loss of the last evaluation, and the
     *         iterations and evaluations of this step
     */
    public StepResult step(double[] params, Objective f) {
        if (params == null || params.length != size || f == null) {
            throw new IllegalArgumentException("params must have " + size + " elements and the objective be given");
        }
        // evaluate initial f(x) and df/dx
        double[] flatGrad = new double[size];
        double origLoss = f.valueAndGradient(params, flatGrad);
        double loss = origLoss;
        int currentEvals = 1;
        funcEvals++;
        if (maxAbs(flatGrad) <= toleranceGrad) {
            return new StepResult(origLoss, loss, 0, currentEvals);
        }
        int iter = 0;
        while (iter < maxIter) {
            iter++;
            nIter++;
            // ---- descent direction
            if (nIter == 1) {
                d = negate(flatGrad);
                oldDirs.clear();
                oldStps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = new double[size];
                double[] s = new double[size];
                for (int i = 0; i < size; i++) {
                    y[i] = flatGrad[i] - prevFlatGrad[i];
                    s[i] = d[i] * t;
                }
                double ys = dot(y, s);
                if (ys > 1e-10) {   // the curvature condition; otherwise the pair is skipped
                    if (oldDirs.size() == historySize) {
                        oldDirs.remove(0);
                        oldStps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(y);
                    oldStps.add(s);
                    ro.add(1. / ys);
                    hDiag = ys / dot(y, y);
                }
                int numOld = oldDirs.size();
                // two-loop recursion (Nocedal and Wright, Algorithm 7.4), collapsed to one buffer as in torch
                double[] q = negate(flatGrad);
                for (int i = numOld - 1; i >= 0; i--) {
                    al[i] = dot(oldStps.get(i), q) * ro.get(i);
                    axpy(-al[i], oldDirs.get(i), q);
                }
                double[] r = new double[size];
                for (int k = 0; k < size; k++) {
                    r[k] = q[k] * hDiag;
                }
                for (int i = 0; i < numOld; i++) {
                    double be = dot(oldDirs.get(i), r) * ro.get(i);
                    axpy(al[i] - be, oldStps.get(i), r);
                }
                d = r;
            }
            if (prevFlatGrad == null) {
                prevFlatGrad = flatGrad.clone();
            } else {
                System.arraycopy(flatGrad, 0, prevFlatGrad, 0, size);
            }
            prevLoss = loss;
            // ---- step length
            if (nIter == 1) {
                t = Math.min(1., 1. / sumAbs(flatGrad)) * lr;
            } else {
                t = lr;
            }
            double gtd = dot(flatGrad, d);
            if (gtd > -toleranceChange) {
                break;
            }
            int lsFuncEvals = 0;
            boolean optCond = false;
            if (lineSearch == LineSearch.STRONG_WOLFE) {
                double[] xInit = params.clone();
                LineSearchResult ls = strongWolfe(f, xInit, t, d, loss, flatGrad, gtd, 1e-4, 0.9, toleranceChange, 25);
                loss = ls.f;
                flatGrad = ls.g;
                t = ls.t;
                lsFuncEvals = ls.evals;
                axpy(t, d, params);
                optCond = maxAbs(flatGrad) <= toleranceGrad;
            } else {
                axpy(t, d, params);
                if (iter != maxIter) {
                    // re-evaluated only if not in the last iteration (torch: no use in a stochastic setting)
                    flatGrad = new double[size];
                    loss = f.valueAndGradient(params, flatGrad);
                    optCond = maxAbs(flatGrad) <= toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            funcEvals += lsFuncEvals;
            // ---- stopping conditions
            if (iter == maxIter) {
                break;
            }
            if (currentEvals >= maxEval) {
                break;
            }
            if (optCond) {
                break;
            }
            double maxStep = 0.0;
            for (int i = 0; i < size; i++) {
                maxStep = Math.max(maxStep, Math.abs(d[i] * t));
            }
            if (maxStep <= toleranceChange) {
                break;
            }
            if (Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        return new StepResult(origLoss, loss, iter, currentEvals);
    }

    private record LineSearchResult(double f, double[] g, double t, int evals) {
    }

    /** f and gradient at x + t d (torch's {@code _directional_evaluate}: params.add_(d, alpha=t), closure, restore). */
    private double[] evaluateAt(Objective f, double[] x, double t, double[] d, double[] value) {
        double[] xt = x.clone();
        axpy(t, d, xt);
        double[] g = new double[size];
        value[0] = f.valueAndGradient(xt, g);
        return g;
    }

    /**
     * torch's {@code _strong_wolfe} (a port of torch7's {@code lswolfe.lua}, after minFunc's {@code WolfeLineSearch}):
     * bracketing with cubic extrapolation in [t + 0.01 (t - t_prev), 10 t], then zoom with cubic interpolation
     * and a safeguard that moves a trial point within 10% of the bracket's ends away from them. Strong Wolfe
     * conditions: {@code f(t) <= f + c1 t g.d} and {@code |g(t).d| <= -c2 g.d}.
     */
    private LineSearchResult strongWolfe(Objective obj, double[] x, double t, double[] d, double f, double[] g0, double gtd,
                                         double c1, double c2, double tolChange, int maxLs) {
        double dNorm = maxAbs(d);
        double[] g = g0.clone();
        double[] fv = new double[1];
        double[] gNew = evaluateAt(obj, x, t, d, fv);
        double fNew = fv[0];
        int lsFuncEvals = 1;
        double gtdNew = dot(gNew, d);

        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < maxLs) {
            if (fNew > (f + c1 * t * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // extrapolate
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            gNew = evaluateAt(obj, x, t, d, fv);
            fNew = fv[0];
            lsFuncEvals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
        }

        // zoom
        boolean insufProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            double bMax = pyMax(bracket[0], bracket[1]);
            double bMin = pyMin(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (pyMin(bMax - t, t - bMin) < eps) {
                // interpolation close to the boundary
                if (insufProgress || t >= bMax || t <= bMin) {
                    if (Math.abs(t - bMax) < Math.abs(t - bMin)) {
                        t = bMax - eps;
                    } else {
                        t = bMin + eps;
                    }
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            gNew = evaluateAt(obj, x, t, d, fv);
            fNew = fv[0];
            lsFuncEvals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > (f + c1 * t * gtd) || fNew >= bracketF[lowPos]) {
                // Armijo condition not satisfied, or not lower than the lowest point
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    // the old high becomes the new low
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                // the new point becomes the new low
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new LineSearchResult(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], lsFuncEvals);
    }

    /** torch's {@code _cubic_interpolate} without bounds: the bounds are the two points. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2)
                : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
    }

    /**
     * Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to [lo, hi]; the midpoint of the
     * bounds when the cubic has no real minimiser (torch's {@code _cubic_interpolate}, after torch7's
     * {@code polyinterp.lua}).
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
                                   double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos;
            if (x1 <= x2) {
                minPos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
            } else {
                minPos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            }
            return pyMin(pyMax(minPos, lo), hi);
        }
        return (lo + hi) / 2.;
    }

    /** Python's max(a, b): b only when b > a (so NaN in a propagates, as in torch). */
    private static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    /** Python's min(a, b): b only when b < a. */
    private static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    /** y += alpha x (torch's {@code add_(x, alpha=alpha)}). */
    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] + alpha * x[i];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] negate(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = -a[i];
        }
        return r;
    }

    private static double maxAbs(double[] a) {
        double m = 0.0;
        for (double v : a) {
            if (Double.isNaN(v)) {
                return Double.NaN;   // as torch's max: NaN propagates, so a NaN gradient never passes a tolerance
            }
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double sumAbs(double[] a) {
        double s = 0.0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    public double learningRate() {
        return lr;
    }

    /** Sets lr (torch: {@code param_groups[0]['lr']}), for a schedule over L-BFGS steps. */
    public void setLearningRate(double lr) {
        this.lr = LrSchedule.checkLr("lr", lr);
    }

    /** Iterations over all steps (torch's {@code state['n_iter']}). */
    public int iterations() {
        return nIter;
    }

    /** Objective evaluations over all steps (torch's {@code state['func_evals']}). */
    public int evaluations() {
        return funcEvals;
    }

    /** Curvature pairs held. */
    public int historyLength() {
        return oldDirs.size();
    }

    public String describe() {
        return String.format(Locale.ROOT, "lbfgs(lr=%g, max_iter=%d, max_eval=%d, tolerance_grad=%g, "
                + "tolerance_change=%g, history_size=%d, line_search=%s)", lr, maxIter, maxEval, toleranceGrad,
                toleranceChange, historySize, lineSearch == LineSearch.NONE ? "none" : "strong_wolfe");
    }
}
