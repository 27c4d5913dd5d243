package org.teachingrnns.rnn.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

import org.teachingrnns.rnn.analysis.NetworkAnalysis;
import org.teachingrnns.rnn.analysis.TrajectoryJacobians;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.TeacherKind;

/**
 * The heap a {@code teach run} (or a sweep's runs on its worker threads) needs, estimated from its settings in floating point (no int can wrap) before
 * anything is allocated, so that a run which cannot fit stops at once with one line saying what it needs, what
 * the JVM has and how to give it more, instead of an OutOfMemoryError after minutes.
 *
 * <p>What is counted (the arrays {@code Experiment.run} allocates, in bytes): the data as {@code [batch][time][feature]}
 * arrays (one small array per step: 16 bytes of header, 8 per value, a 4-byte reference), of which preparation holds
 * four copies at once (inputs, targets, the validated copy, the train/test split) and training one; the BPTT
 * workspaces of the train and test sets (inputs, targets, outputs, hidden states and their deltas, one more
 * hidden-sized array with truncation); the parameters with the gradient, the last finite copy and up to three
 * optimizer moments; the eigenvalue problem (three hidden x hidden arrays); the teacher's matrices; the analysis
 * after training ({@link #analysisBytes}: Lyapunov frames and, in a nonlinear run, the trajectories, the Jacobian
 * spectra of every analysed step and one Jacobian eigen-decomposition per thread that computes them, which grows
 * with the cores of the machine). ({@code auto}'s
 * epoch trial holds one training workspace before training and drops it before training makes its own, so it adds
 * nothing to the peak.) It is an
 * estimate a little below the truth (the JVM's own objects and small arrays are left out), so it refuses only
 * runs that certainly cannot fit; {@link #outOfMemory()} words the rest.
 */
final class MemoryEstimate {

    private static final double MB = 1024.0 * 1024.0;
    private static final double GB = 1024.0 * MB;

    private MemoryEstimate() {
    }

    /**
     * Estimated peak heap of {@code teach run} with this configuration, in bytes, on this JVM's common fork-join pool
     * (whose threads share out a large nonlinear analysis).
     */
    static double runBytes(ExperimentConfig c) {
        return runBytes(c, ForkJoinPool.getCommonPoolParallelism());
    }

    /**
     * As {@link #runBytes(ExperimentConfig)} with {@code poolThreads} threads of the common pool besides the run's own
     * thread, each holding a Jacobian and its eigen-decomposition in the analysis of a large nonlinear run.
     */
    static double runBytes(ExperimentConfig c, int poolThreads) {
        return ownBytes(c) + poolThreads * poolThreadBytes(c);
    }

    /** What the run holds on its own thread: everything but {@link #poolThreadBytes} of the pool's threads. */
    private static double ownBytes(ExperimentConfig c) {
        RnnModel tm = c.teacher().kind() == TeacherKind.MODEL ? c.teacher().model() : null;
        double in = tm == null ? 1 : tm.inputSize();
        double out = tm == null ? 1 : tm.outputSize();
        double teacherHidden = teacherHidden(c);
        double hid = c.student().hidden();
        double cells = (double) c.data().sequences() * c.data().length();
        double nested = cells * (step(in) + step(out));
        double workspace = 8 * cells * (in + 2 * out + hid * (c.training().truncation() > 0 ? 3 : 2));
        double params = hid * (in + hid + out) + hid + out;
        double optimizer = 8 * params * 6;
        double eigen = 8 * 3 * hid * hid;
        double teacher = 8 * teacherHidden * teacherHidden * (c.teacher().kind() == TeacherKind.RANDOM ? 3 : 1);
        return Math.max(Math.max(4 * nested, nested + workspace), nested + analysisBytes(c)) + optimizer + eigen + teacher;
    }

    /**
     * The analysis after training (the data still held, the training workspace no longer): the student's Lyapunov
     * frames (the frame, its product with the Jacobian, the Jacobian and the QR's copy, n x n each); in a nonlinear
     * run the teacher's too, and for the Jacobian comparison both networks' states along the analysis's driving noise
     * (one array per step), the eigenvalues of every analysed step (one complex array each) and, on the run's own
     * thread, one Jacobian and its eigen-decomposition ({@link #poolThreadBytes} counts the pool's).
     */
    private static double analysisBytes(ExperimentConfig c) {
        double n = c.student().hidden();
        double m = teacherHidden(c);
        double lyapunov = 8 * 4 * n * n;
        if (!nonlinear(c)) {
            return lyapunov;
        }
        double steps = NetworkAnalysis.Settings.DEFAULT_NOISE_LENGTH;
        double states = (steps + NetworkAnalysis.Settings.DEFAULT_NOISE_WASHOUT) * (step(n) + step(m));
        double spectra = steps * (2 * 32 + 16 * (n + m));
        double perThread = THREAD_MATRICES * 8 * Math.max(n, m) * Math.max(n, m);
        return lyapunov + 8 * 4 * m * m + states + spectra + perThread;
    }

    /**
     * A common-pool thread's share of a nonlinear analysis: from hidden {@value TrajectoryJacobians#PARALLEL_MIN_HIDDEN}
     * the Jacobian eigenvalues of the analysed steps are shared out over the pool, each thread holding
     * {@value #THREAD_MATRICES} hidden x hidden arrays' worth (about 1.5 MB at hidden 256); on a machine with many cores
     * they add up.
     */
    static double poolThreadBytes(ExperimentConfig c) {
        double size = Math.max(c.student().hidden(), teacherHidden(c));
        return nonlinear(c) && c.student().hidden() >= TrajectoryJacobians.PARALLEL_MIN_HIDDEN
                ? THREAD_MATRICES * 8 * size * size : 0;
    }

    /**
     * What a thread computing Jacobian eigenvalues holds, in hidden x hidden arrays: the Jacobian, the decomposition's
     * copy of it, and, from order 180, the multishift QR's deflation window, bulge products and their workspaces
     * (about 10-30% of the other two: LAPACK dlaqr0's windows grow with the order).
     */
    static final int THREAD_MATRICES = 3;

    private static double teacherHidden(ExperimentConfig c) {
        return c.teacher().kind() == TeacherKind.MODEL ? c.teacher().model().hiddenSize() : c.teacher().order();
    }

    /** Whether the analysis compares Jacobian spectra ({@link NetworkAnalysis#nonlinear}, on the configured activations). */
    private static boolean nonlinear(ExperimentConfig c) {
        Activation teacher = c.teacher().kind() == TeacherKind.MODEL ? c.teacher().model().activation() : c.teacher().activation();
        return NetworkAnalysis.nonlinear(c.student().activation(), teacher);
    }

    /** One step of a {@code [batch][time][k]} array: the array (header + values, 8-aligned) and its reference. */
    private static double step(double k) {
        return 16 + 8 * k + 4;
    }

    /** Refuses (one line, exit 2) a run whose estimate exceeds the heap this JVM may grow to. */
    static void check(ExperimentConfig c) {
        double need = runBytes(c);
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new BadInputException(String.format(Locale.ROOT, "this run needs about %s of memory but the JVM may use %s; %s",
                    size(need), size(max), howToGiveMore(need)));
        }
    }

    /**
     * Estimated peak heap of a sweep of these runs on {@code threads} workers: the {@code threads} largest estimates
     * at once (each worker runs any point; the worst case is the largest together), plus the common pool's threads,
     * which the workers' analyses share, once.
     */
    static double sweepBytes(java.util.List<ExperimentConfig> runs, int threads) {
        return sweepBytes(runs, threads, ForkJoinPool.getCommonPoolParallelism());
    }

    /** As {@link #sweepBytes(java.util.List, int)} with {@code poolThreads} threads in the common pool. */
    static double sweepBytes(java.util.List<ExperimentConfig> runs, int threads, int poolThreads) {
        double[] each = new double[runs.size()];
        double pool = 0;
        for (int i = 0; i < each.length; i++) {
            each[i] = ownBytes(runs.get(i));
            pool = Math.max(pool, poolThreadBytes(runs.get(i)));
        }
        java.util.Arrays.sort(each);
        double sum = 0;
        for (int i = each.length - 1; i >= Math.max(0, each.length - threads); i--) {
            sum += each[i];
        }
        return sum + poolThreads * pool;
    }

    /** Refuses (one line, exit 2) a sweep whose {@link #sweepBytes} exceeds the heap this JVM may grow to. */
    static void checkSweep(java.util.List<ExperimentConfig> runs, int threads) {
        double need = sweepBytes(runs, threads);
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            int at = Math.min(threads, runs.size());
            throw new BadInputException(String.format(Locale.ROOT, "this sweep needs about %s of memory (its %s at once on "
                    + "%d thread%s) but the JVM may use %s; fewer --threads, %s", size(need),
                    at == 1 ? "largest run" : at + " largest runs", threads, threads == 1 ? "" : "s", size(max),
                    howToGiveMore(need)));
        }
    }

    /** The line for an OutOfMemoryError that got past the estimate. */
    static String outOfMemory() {
        long max = Runtime.getRuntime().maxMemory();
        return "out of memory: the JVM may use " + size(max) + " and this needs more; " + howToGiveMore(2.0 * max);
    }

    private static String howToGiveMore(double need) {
        double physical = physicalBytes();
        String smaller = "or lower --hidden, --sequences or --length";
        if (physical > 0 && need > 0.9 * physical) {
            return "this machine has " + size(physical) + " in all; lower --hidden, --sequences or --length";
        }
        double wanted = need * 1.25;
        String xmx = wanted < GB ? (long) Math.ceil(wanted / MB) + "m" : (long) Math.ceil(wanted / GB) + "g";
        return "give it more with TEACH_JAVA_OPTS=-Xmx" + xmx + " ./teach ..."
                + (physical > 0 ? " (this machine has " + size(physical) + ")" : "") + ", " + smaller;
    }

    static String size(double bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < GB) {
            return String.format(Locale.ROOT, "%.0f MB", Math.ceil(bytes / MB));
        }
        return String.format(Locale.ROOT, bytes < 1e6 * GB ? "%.1f GB" : "%.2g GB", bytes / GB);
    }

    private static double physicalBytes() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // No management module: say nothing about the machine.
        }
        return -1;
    }
}
