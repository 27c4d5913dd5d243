package org.teachingrnns.rnn.train;

import java.util.Arrays;
import org.teachingrnns.rnn.bptt.BpttPass;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Full-batch training by BPTT: each epoch is one forward pass, one backward pass, optional global-norm
 * clipping and one optimizer step (PyTorch's {@code zero_grad; loss.backward(); clip; step}). Workspaces are
 * allocated once, so an epoch allocates nothing.
 *
 * <p>Divergence: when the loss or the gradient of an epoch is not finite, or the update makes a weight
 * non-finite, training stops; the model keeps the last weights whose loss was finite (the weights the last
 * recorded training loss was measured on), and {@link Result#divergedAt()} names the epoch. The histories are
 * cut to match: no loss of a discarded update is reported.
 *
 * <p>The histories grow with the epochs actually run (doubling), so a huge {@code epochs} allocates nothing in
 * proportion to itself up front.
 *
 * <p>Dtype: {@link Settings#dtype()}. For float32 the BPTT passes (training and test losses) run in
 * float ({@link BpttPass#of}) and the weights are rounded to float before the first epoch and after every update
 * ({@link Dtype#round}), so the model is a float32 model throughout; the optimizer's arithmetic and state stay in
 * double (each update is computed in double and rounded once, no less accurate than torch's float32 step).
 */
public final class Trainer {

    /**
     * What training did.
     *
     * @param trainLoss    training loss of each epoch whose loss was finite (before that epoch's update),
     *                     index epoch - 1
     * @param testEpochs   epochs after whose update the test loss was measured
     * @param testLoss     the test losses, parallel to testEpochs
     * @param epochsRun    epochs whose update was applied and kept
     * @param divergedAt   1-based epoch at which training diverged, or -1
     * @param divergence   what happened, or null
     * @param seconds      wall-clock time of the loop
     * @param steadyMillis median wall-clock milliseconds of one epoch over the second half of the epochs run (the
     *                     pace once the JIT has compiled the kernels), 0 when no epoch ran
     * @param stopReason   why training stopped
     * @param keptEpoch    updates applied to the weights the model keeps: epochsRun, or with keep-best the epoch
     *                     of the lowest training loss
     * @param finalParameters the weights after the last kept update (the model's own unless keep-best chose
     *                     earlier ones)
     */
    public record Result(double[] trainLoss, int[] testEpochs, double[] testLoss, int epochsRun, int divergedAt,
                         String divergence, double seconds, double steadyMillis, StopReason stopReason, int keptEpoch,
                         double[] finalParameters) {
    }

    /**
     * The settings of a training run.
     *
     * @param dtype the floating-point type of the BPTT passes and of the weights (see the class comment)
     */
    public record Settings(int epochs, int washout, int truncation, double clipNorm, int testEvery, Dtype dtype) {
        public Settings {
            if (epochs < 0 || washout < 0 || truncation < 0 || clipNorm < 0 || testEvery < 1 || dtype == null) {
                throw new IllegalArgumentException("invalid training settings: epochs " + epochs + ", washout " + washout
                        + ", truncation " + truncation + ", clip_norm " + clipNorm + ", test_every " + testEvery
                        + ", dtype " + dtype);
            }
        }

        /** Settings in float64. */
        public Settings(int epochs, int washout, int truncation, double clipNorm, int testEvery) {
            this(epochs, washout, truncation, clipNorm, testEvery, Dtype.FLOAT64);
        }
    }

    private Trainer() {
    }

    /** Trains model in place on the default compute ({@link Compute#defaults()}). */
    public static Result train(RnnModel model, Sequences train, Sequences test, Optimizer optimizer, Settings s,
                               EpochListener listener) {
        return train(model, train, test, optimizer, s, compute(null), listener);
    }

    /**
     * Trains model in place, BPTT running on {@code compute}.
     *
     * @param test     test data for the loss history, or null
     * @param compute  the Blas and BPTT engines, null for {@link Compute#defaults()}
     * @param listener progress, or null
     */
    public static Result train(RnnModel model, Sequences train, Sequences test, Optimizer optimizer, Settings s,
                               Compute compute, EpochListener listener) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        return train(model, train, test, optimizer, TrainingPlan.plain(optimizer.learningRate()), s, compute, listener);
    }

    /**
     * Trains model in place by a {@link TrainingPlan}: {@code s.epochs()} epochs of {@code optimizer} (or, when it
     * is null, of the plan's L-BFGS), the plan's schedule setting their learning rate, then the plan's further
     * L-BFGS steps; with the plan's stopping rules and keep-best. Each L-BFGS step is one {@link Lbfgs#step} on
     * {@link Objective#of} the training workspace and counts as one epoch of the histories (its loss is the loss
     * at the weights it starts from, as an epoch's is).
     *
     * <p>Epoch by epoch: the loss of the current weights is recorded; keep-best copies the weights when that loss
     * is a new minimum; the target and the patience are checked (stopping there keeps these weights, without
     * the epoch's update); then the update. With keep-best the model ends with the best weights (the final
     * weights' loss is compared too) and {@link Result#finalParameters()} holds the last weights.
     *
     * @param optimizer the first-order optimiser of the epochs, or null for L-BFGS epochs (the plan's)
     */
    public static Result train(RnnModel model, Sequences train, Sequences test, Optimizer optimizer, TrainingPlan plan,
                               Settings s, Compute compute, EpochListener listener) {
        if (plan == null || (optimizer == null && plan.lbfgs() == null)
                || (plan.lbfgsSteps() > 0 && plan.lbfgs() == null)) {
            throw new IllegalArgumentException("a plan must be given, with an L-BFGS when there are L-BFGS epochs");
        }
        Compute c = compute(compute);
        Dtype dtype = s.dtype();
        BpttPass ws = BpttPass.of(model, train, s.washout(), s.truncation(), c, dtype);
        BpttPass testWs = test == null ? null : BpttPass.of(model, test, s.washout(), 0, c, dtype);
        Objective objective = Objective.of(ws);
        LrSchedule schedule = plan.schedule();
        Lbfgs lbfgs = plan.lbfgs();
        int total = (int) Math.min(Integer.MAX_VALUE - 8, (long) s.epochs() + plan.lbfgsSteps());
        double[] params = model.parameterArray();
        dtype.round(params);
        double[] grad = new double[params.length];
        // lastFinite: the weights before the previous update (W_{e-2} at the start of epoch e); entry: the weights
        // an L-BFGS step starts from (W_{e-1}), which the step overwrites.
        double[] lastFinite = params.clone();
        double[] entry = params.clone();
        double[] best = plan.keepBest() ? params.clone() : null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        // Histories sized by the epochs run, not by the epochs asked (which a user can make 2e9): grown by doubling.
        int initial = Math.min(total, 1024);
        double[] losses = new double[initial];
        int[] testEpochs = new int[test == null ? 0 : Math.min(initial, total / s.testEvery() + 1)];
        double[] testLosses = new double[testEpochs.length];
        int tests = 0;
        int run = 0;
        int recorded = 0;
        int divergedAt = -1;
        String divergence = null;
        StopReason stop = StopReason.EPOCHS;
        // stamps[e] = System.nanoTime() when epoch e + 1 started; one call per epoch (~25 ns against ~70 us).
        long[] stamps = new long[initial + 1];
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= total; epoch++) {
            if (epoch >= stamps.length) {
                stamps = Arrays.copyOf(stamps, grown(stamps.length, total + 1L));
            }
            stamps[epoch - 1] = System.nanoTime();
            boolean quasiNewton = optimizer == null || epoch > s.epochs();
            boolean scheduled = epoch <= s.epochs();
            double loss;
            Lbfgs.StepResult step = null;
            if (quasiNewton) {
                System.arraycopy(params, 0, entry, 0, params.length);
                if (scheduled) {
                    lbfgs.setLearningRate(schedule.lr());
                }
                step = lbfgs.step(params, objective);
                dtype.round(params);
                loss = step.initialLoss();   // the first evaluation: the loss at the weights the step starts from
            } else {
                loss = ws.lossAndGradient(params, null, grad);
            }
            if (!Double.isFinite(loss) || (!quasiNewton && !allFinite(grad))) {
                divergedAt = epoch;
                stop = StopReason.DIVERGED;
                if (Double.isFinite(loss)) {
                    // The loss of these weights is finite and recorded: keep them.
                    if (quasiNewton) {
                        System.arraycopy(entry, 0, params, 0, params.length);
                    }
                    losses = record(losses, epoch, loss, total);
                    recorded = epoch;
                    run = epoch - 1;
                    divergence = "the gradient became non-finite at epoch " + epoch + "; kept the weights of epoch "
                            + (epoch - 1) + " and their loss (learning rate too large?)";
                } else if (epoch > 1) {
                    // These weights (the update of epoch - 1) gave a non-finite loss: go back to the weights before
                    // that update, whose loss (epoch - 1) was finite, and forget the update's test loss.
                    System.arraycopy(lastFinite, 0, params, 0, params.length);
                    run = epoch - 2;
                    divergence = "the training loss became " + (Double.isNaN(loss) ? "NaN" : "non-finite") + " at epoch "
                            + epoch + "; kept " + (run == 0 ? "the initial weights" : "the weights of epoch " + run)
                            + " and their loss (learning rate too large?)";
                } else {
                    if (quasiNewton) {
                        System.arraycopy(entry, 0, params, 0, params.length);
                    }
                    divergence = "the training loss of the initial weights is " + (Double.isNaN(loss) ? "NaN" : "non-finite")
                            + " (the data or the initialisation overflow)";
                }
                while (tests > 0 && testEpochs[tests - 1] > run) {
                    tests--;
                }
                break;
            }
            losses = record(losses, epoch, loss, total);
            recorded = epoch;
            double[] current = quasiNewton ? entry : params;   // W_{e-1}, whose loss this is
            if (loss < bestLoss) {
                bestLoss = loss;
                bestEpoch = epoch - 1;
                if (best != null) {
                    System.arraycopy(current, 0, best, 0, params.length);
                }
            }
            StopReason rule = loss <= plan.targetLoss() ? StopReason.TARGET_NMSE
                    : plan.patience() > 0 && epoch - 1 - bestEpoch >= plan.patience() ? StopReason.PATIENCE : null;
            if (rule != null) {
                // These weights meet the rule: keep them, without this epoch's update.
                if (quasiNewton) {
                    System.arraycopy(entry, 0, params, 0, params.length);
                }
                stop = rule;
                run = epoch - 1;
                break;
            }
            if (quasiNewton) {
                if (!allFinite(params) || !Double.isFinite(step.loss())) {
                    System.arraycopy(entry, 0, params, 0, params.length);
                    divergedAt = epoch;
                    stop = StopReason.DIVERGED;
                    run = epoch - 1;
                    divergence = "the weights or the loss became non-finite in the L-BFGS step of epoch " + epoch
                            + "; kept the weights before it and their loss";
                    break;
                }
                System.arraycopy(entry, 0, lastFinite, 0, params.length);
            } else {
                if (s.clipNorm() > 0) {
                    GradientClipping.clipGradNorm(grad, s.clipNorm());
                }
                System.arraycopy(params, 0, lastFinite, 0, params.length);
                optimizer.setLearningRate(schedule.lr());
                optimizer.step(params, grad);
                dtype.round(params);
                if (!allFinite(params)) {
                    System.arraycopy(lastFinite, 0, params, 0, params.length);
                    divergedAt = epoch;
                    stop = StopReason.DIVERGED;
                    divergence = "the weights became non-finite in the update of epoch " + epoch
                            + "; kept the weights before it and their loss (learning rate too large?)";
                    break;
                }
            }
            if (scheduled) {
                schedule.step(loss);
            }
            run = epoch;
            if (testWs != null && (epoch % s.testEvery() == 0 || epoch == total)) {
                if (tests == testEpochs.length) {
                    int most = total / s.testEvery() + 1;
                    testEpochs = Arrays.copyOf(testEpochs, grown(tests, most));
                    testLosses = Arrays.copyOf(testLosses, testEpochs.length);
                }
                testEpochs[tests] = epoch;
                testLosses[tests++] = testWs.loss(params, null);
            }
            if (listener != null) {
                listener.onEpoch(epoch, total, loss);
            }
            if (quasiNewton && Arrays.equals(params, entry)) {
                // torch's LBFGS returned without moving (gradient or change below its tolerances): later steps
                // would start from the same point with the same history, so the run has converged.
                stop = StopReason.LBFGS_CONVERGED;
                break;
            }
        }
        long end = System.nanoTime();
        if (run >= stamps.length) {
            stamps = Arrays.copyOf(stamps, run + 1);
        }
        stamps[run] = end;
        double seconds = (end - start) * 1e-9;
        double[] finalParameters = params.clone();
        int kept = run;
        if (best != null) {
            // The loss of the final weights is recorded only when training stopped before updating them.
            if (recorded <= run) {
                double finalLoss = ws.loss(params, null);
                if (finalLoss < bestLoss) {
                    bestLoss = finalLoss;
                    bestEpoch = run;
                    System.arraycopy(params, 0, best, 0, params.length);
                }
            }
            if (bestLoss < Double.POSITIVE_INFINITY) {
                System.arraycopy(best, 0, params, 0, params.length);
                kept = bestEpoch;
            }
        }
        return new Result(Arrays.copyOf(losses, recorded), Arrays.copyOf(testEpochs, tests),
                Arrays.copyOf(testLosses, tests), run, divergedAt, divergence, seconds,
                medianMillis(stamps, run / 2, run), stop, kept, finalParameters);
    }

    /**
     * Median of the epoch durations {@code stamps[e + 1] - stamps[e]} for e in [from, to), in milliseconds; 0 when
     * the range is empty. The median, not the mean, so that a GC pause or a descheduling on a loaded machine does
     * not move it.
     */
    static double medianMillis(long[] stamps, int from, int to) {
        if (to <= from) {
            return 0.0;
        }
        long[] d = new long[to - from];
        for (int e = from; e < to; e++) {
            d[e - from] = stamps[e + 1] - stamps[e];
        }
        Arrays.sort(d);
        int n = d.length;
        double median = n % 2 == 1 ? d[n / 2] : 0.5 * ((double) d[n / 2 - 1] + d[n / 2]);
        return median * 1e-6;
    }

    private static Compute compute(Compute c) {
        return c != null ? c : Compute.defaults();
    }

    /** losses[epoch - 1] = loss, growing the array by doubling (never past {@code epochs}). */
    private static double[] record(double[] losses, int epoch, double loss, int epochs) {
        double[] a = epoch > losses.length ? Arrays.copyOf(losses, grown(losses.length, epochs)) : losses;
        a[epoch - 1] = loss;
        return a;
    }

    /** The next capacity after {@code length}: double it (at least 16), capped at {@code most}. */
    private static int grown(int length, long most) {
        return (int) Math.min(Math.min(most, Integer.MAX_VALUE - 8), Math.max(16L, 2L * length));
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
