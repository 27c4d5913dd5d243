package org.teachingrnns.rnn.train;

import java.util.Arrays;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.compute.Compute;
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
     */
    public record Result(double[] trainLoss, int[] testEpochs, double[] testLoss, int epochsRun, int divergedAt,
                         String divergence, double seconds, double steadyMillis) {
    }

    /** The settings of a training run. */
    public record Settings(int epochs, int washout, int truncation, double clipNorm, int testEvery) {
        public Settings {
            if (epochs < 0 || washout < 0 || truncation < 0 || clipNorm < 0 || testEvery < 1) {
                throw new IllegalArgumentException("invalid training settings: epochs " + epochs + ", washout " + washout
                        + ", truncation " + truncation + ", clip_norm " + clipNorm + ", test_every " + testEvery);
            }
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
        Compute c = compute(compute);
        BpttWorkspace ws = BpttWorkspace.of(model, train, s.washout(), s.truncation(), c);
        BpttWorkspace testWs = test == null ? null : BpttWorkspace.of(model, test, s.washout(), 0, c);
        double[] params = model.parameterArray();
        double[] grad = new double[params.length];
        double[] lastFinite = params.clone();
        // Histories sized by the epochs run, not by s.epochs() (which a user can make 2e9): grown by doubling.
        int initial = Math.min(s.epochs(), 1024);
        double[] losses = new double[initial];
        int[] testEpochs = new int[test == null ? 0 : Math.min(initial, s.epochs() / s.testEvery() + 1)];
        double[] testLosses = new double[testEpochs.length];
        int tests = 0;
        int run = 0;
        int recorded = 0;
        int divergedAt = -1;
        String divergence = null;
        // stamps[e] = System.nanoTime() when epoch e + 1 started; one call per epoch (~25 ns against ~70 us).
        long[] stamps = new long[initial + 1];
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            if (epoch >= stamps.length) {
                stamps = Arrays.copyOf(stamps, grown(stamps.length, s.epochs() + 1L));
            }
            stamps[epoch - 1] = System.nanoTime();
            double loss = ws.lossAndGradient(params, null, grad);
            if (!Double.isFinite(loss) || !allFinite(grad)) {
                divergedAt = epoch;
                if (Double.isFinite(loss)) {
                    // The loss of these weights is finite and recorded: keep them.
                    losses = record(losses, epoch, loss, s.epochs());
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
                    divergence = "the training loss of the initial weights is " + (Double.isNaN(loss) ? "NaN" : "non-finite")
                            + " (the data or the initialisation overflow)";
                }
                while (tests > 0 && testEpochs[tests - 1] > run) {
                    tests--;
                }
                break;
            }
            losses = record(losses, epoch, loss, s.epochs());
            recorded = epoch;
            if (s.clipNorm() > 0) {
                GradientClipping.clipGradNorm(grad, s.clipNorm());
            }
            System.arraycopy(params, 0, lastFinite, 0, params.length);
            optimizer.step(params, grad);
            if (!allFinite(params)) {
                System.arraycopy(lastFinite, 0, params, 0, params.length);
                divergedAt = epoch;
                divergence = "the weights became non-finite in the update of epoch " + epoch
                        + "; kept the weights before it and their loss (learning rate too large?)";
                break;
            }
            run = epoch;
            if (testWs != null && (epoch % s.testEvery() == 0 || epoch == s.epochs())) {
                if (tests == testEpochs.length) {
                    int most = s.epochs() / s.testEvery() + 1;
                    testEpochs = Arrays.copyOf(testEpochs, grown(tests, most));
                    testLosses = Arrays.copyOf(testLosses, testEpochs.length);
                }
                testEpochs[tests] = epoch;
                testLosses[tests++] = testWs.loss(params, null);
            }
            if (listener != null) {
                listener.onEpoch(epoch, s.epochs(), loss);
            }
        }
        long end = System.nanoTime();
        if (run >= stamps.length) {
            stamps = Arrays.copyOf(stamps, run + 1);
        }
        stamps[run] = end;
        double seconds = (end - start) * 1e-9;
        return new Result(Arrays.copyOf(losses, recorded), Arrays.copyOf(testEpochs, tests),
                Arrays.copyOf(testLosses, tests), run, divergedAt, divergence, seconds,
                medianMillis(stamps, run / 2, run));
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
