package org.teachingrnns.rnn.experiment;

import java.util.SplittableRandom;
import org.teachingrnns.rnn.bptt.BpttPass;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.train.Adam;

/**
 * Runs the training epoch of an experiment's shape (BPTT on the same engine and dtype, an Adam step) on a background
 * thread with synthetic data, so HotSpot compiles the kernels while the calling thread prepares the run.
 *
 * <p>Why: Vector API code runs about 100x slower before C2 has compiled it (in C1 code every vector is a heap
 * object), and C2 compiles a kernel only after it has been called often enough and then takes 0.1-0.2 s per
 * kernel; a short run spent most of its training time there (issue 12: 0.9-1.0 s of a 1.2 s default training).
 * The warm-up shares nothing with the run but the JIT's code and profiles: its model, data and optimizer are its
 * own, and compiled code computes the same bits as interpreted code (Java floating point is strict, the kernels'
 * fmas explicit), so results do not depend on it.
 *
 * <p>Only for small runs ({@link #worthwhile}): a large run's epochs dwarf the JIT's warm-up, and the warm-up's own
 * workspace would double its memory.
 *
 * <p>It stops itself once its epochs are fast and steady (the kernels are compiled: {@link #COMPILED_FLOPS}), after
 * {@link #MAX_SECONDS}, or at {@link #close}, so on a 2-core machine it does not take a core from training for long.
 */
public final class KernelWarmup implements AutoCloseable {

    /** Longest the warm-up runs, in seconds of wall time. */
    static final double MAX_SECONDS = 2.0;
    /** Fewest epochs before it may call the kernels compiled. */
    static final int MIN_EPOCHS = 20;
    /** Steady: this many consecutive epochs within {@link #STEADY_FACTOR} of the fastest seen. */
    static final int STEADY_EPOCHS = 5;
    static final double STEADY_FACTOR = 1.5;
    /**
     * Compiled: the epoch runs at least this many floating-point operations per second. C1 code of the Vector API
     * kernels runs near 0.3 GFLOP/s and C2 code at 20-40 (scalar loops at 2-3), so 1 GFLOP/s separates them on any
     * CPU this project has met; a CPU too slow for it ends the warm-up at {@link #MAX_SECONDS} instead.
     */
    static final double COMPILED_FLOPS = 1e9;

    private final Thread thread;
    private volatile boolean stop;
    private volatile int epochs;

    private KernelWarmup(ExperimentConfig c, Compute compute) {
        thread = new Thread(() -> run(c, compute), "teach-kernel-warmup");
        thread.setDaemon(true);
        // Below the training thread: where both want the same core, training wins.
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Largest run the warm-up is for, in elements of one hidden-state array ({@code hidden x batch x length}): it
     * allocates a workspace of the run's shape, and a run whose epochs take long spends little of its time warming up.
     */
    static final long MAX_STATE_ELEMENTS = 1L << 20;

    /**
     * Whether {@link #startIfWorthwhile} warms up for {@code c}: a state of at most {@link #MAX_STATE_ELEMENTS}, and
     * a hidden size whose BPTT never calls the Blas, so the warm-up cannot be the thread that runs {@code auto}'s
     * timing calibration of OpenBLAS (which it would disturb).
     */
    public static boolean worthwhile(ExperimentConfig c) {
        return !BpttWorkspace.mayCallBlas(c.student().hidden())
                && (long) c.student().hidden() * c.data().trainSequences() * c.data().length() <= MAX_STATE_ELEMENTS;
    }

    /** Starts warming the kernels of {@code c}'s student on {@code compute}. */
    public static KernelWarmup start(ExperimentConfig c, Compute compute) {
        if (c == null || compute == null) {
            throw new IllegalArgumentException("config and compute must not be null");
        }
        KernelWarmup w = new KernelWarmup(c, compute);
        w.thread.start();
        return w;
    }

    /** {@link #start} for a run that is {@link #worthwhile}, else null (nothing started). */
    public static KernelWarmup startIfWorthwhile(ExperimentConfig c, Compute compute) {
        return worthwhile(c) ? start(c, compute) : null;
    }

    /** Epochs the warm-up ran so far. */
    public int epochs() {
        return epochs;
    }

    /** Whether the warm-up thread has finished. */
    public boolean finished() {
        return !thread.isAlive();
    }

    private void run(ExperimentConfig c, Compute compute) {
        StudentConfig s = c.student();
        int in = c.teacher().inputSize();
        int out = c.teacher().outputSize();
        int batch = c.data().trainSequences();
        int time = c.data().length();
        RnnModel model = RnnModel.zeros(s.activation(), in, s.hidden(), out, s.hiddenBias(), s.outputBias());
        double[] p = model.parameterArray();
        SplittableRandom rng = new SplittableRandom(12345);
        // Small weights keep the synthetic recurrence stable (spectral radius well below 1) for every activation.
        double scale = 0.5 / Math.sqrt(s.hidden() + in);
        for (int i = 0; i < p.length; i++) {
            p[i] = scale * rng.nextGaussian();
        }
        double[][][] x = new double[batch][time][in];
        double[][][] y = new double[batch][time][out];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                for (int i = 0; i < in; i++) {
                    x[b][t][i] = rng.nextGaussian();
                }
                for (int o = 0; o < out; o++) {
                    y[b][t][o] = rng.nextGaussian();
                }
            }
        }
        BpttPass ws = BpttPass.of(model, Sequences.of(x, y), c.data().washout(), c.training().truncation(), compute,
                c.training().dtype());
        double[] grad = new double[p.length];
        double flops = BpttWorkspace.flopsPerPass(in, s.hidden(), out, batch, time, c.data().washout(),
                c.training().truncation());
        Adam adam = new Adam(p.length, 1e-4, 0.9, 0.999, 1e-8, 0.0, false);
        long start = System.nanoTime();
        long fastest = Long.MAX_VALUE;
        int steady = 0;
        while (!stop) {
            long t0 = System.nanoTime();
            ws.lossAndGradient(p, null, grad);
            adam.step(p, grad);
            long dt = System.nanoTime() - t0;
            epochs++;
            fastest = Math.min(fastest, dt);
            steady = dt <= STEADY_FACTOR * fastest ? steady + 1 : 0;
            if (epochs >= MIN_EPOCHS && steady >= STEADY_EPOCHS && flops >= COMPILED_FLOPS * fastest * 1e-9) {
                return;
            }
            if ((t0 + dt - start) * 1e-9 >= MAX_SECONDS) {
                return;
            }
        }
    }

    /** Stops the warm-up and waits for its thread (at most one epoch). */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
