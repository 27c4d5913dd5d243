package org.teachingrnns.rnn.perf;

import java.util.Locale;
import java.util.SplittableRandom;
import org.teachingrnns.rnn.bptt.BpttPass;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.Initialization;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.Teacher;
import org.teachingrnns.rnn.train.Adam;
import org.teachingrnns.rnn.train.EpochTrial;

/**
 * One training epoch (forward, full BPTT, Adam step) of three RNNs, as the experiment runs it; shared by
 * {@code teach bench} and the JMH {@code BpttEpochBenchmark}.
 * <ul>
 *   <li>{@code default}: the reference experiment, hidden 5, batch 80 (the training split), length 150, washout
 *       50, linear, on an order-5 IIR teacher's data;</li>
 *   <li>{@code tanh}: the same with a tanh student (the generic step kernel instead of the linear one);</li>
 *   <li>{@code h256}: hidden 256, batch 64, length 200, washout 50, tanh, random targets: a 256 x 64 x 256 GEMM
 *       per step through the BLAS backend.</li>
 *   <li>{@code default-f32}, {@code h256-f32}: the same in float32 ({@code --dtype float32}: float BPTT, weights
 *       rounded to float after the Adam step).</li>
 * </ul>
 */
public enum BpttCase {
    DEFAULT(5, 80, 150, Activation.LINEAR, Dtype.FLOAT64),
    TANH(5, 80, 150, Activation.TANH, Dtype.FLOAT64),
    H256(256, 64, 200, Activation.TANH, Dtype.FLOAT64),
    DEFAULT_F32(5, 80, 150, Activation.LINEAR, Dtype.FLOAT32),
    H256_F32(256, 64, 200, Activation.TANH, Dtype.FLOAT32);

    public final int hidden;
    public final int batch;
    public final int length;
    public final Activation activation;
    public final Dtype dtype;

    BpttCase(int hidden, int batch, int length, Activation activation, Dtype dtype) {
        this.hidden = hidden;
        this.batch = batch;
        this.length = length;
        this.activation = activation;
        this.dtype = dtype;
    }

    /** {@code default}, {@code tanh}, {@code h256}, {@code default-f32}, {@code h256-f32}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BpttCase parse(String s) {
        for (BpttCase c : values()) {
            if (c.key().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("a BPTT case is one of " + String.join(", ",
                java.util.Arrays.stream(values()).map(BpttCase::key).toList()) + ", not '" + s + "'");
    }

    public String describe() {
        return String.format(Locale.ROOT, "hidden %d, batch %d, length %d, washout 50, %s, full BPTT + Adam%s",
                hidden, batch, length, activation.key(), dtype == Dtype.FLOAT64 ? "" : ", " + dtype.key());
    }

    /** A ready epoch on the default compute ({@link Compute#defaults()}). */
    public Epoch build(long seed) {
        return build(seed, Compute.defaults());
    }

    /** A ready epoch: data, model, workspace and optimizer built from {@code seed}, BPTT running on {@code compute}. */
    public Epoch build(long seed, Compute compute) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][][] x = new double[batch][length][1];
        for (double[][] s : x) {
            for (double[] v : s) {
                v[0] = rng.nextGaussian();
            }
        }
        double[][][] y;
        if (hidden <= 5) {
            Teacher teacher = IirTeacher.draw(5, false, 1.0, Activation.LINEAR, rng);
            y = teacher.respond(x);
        } else {
            y = new double[batch][length][1];
            for (double[][] s : y) {
                for (double[] v : s) {
                    v[0] = rng.nextGaussian();
                }
            }
        }
        RnnModel model = Initialization.initialize(InitScheme.PYTORCH, 1.0, activation, 1, hidden, 1, false, false, rng);
        dtype.round(model.parameterArray());
        Sequences data = Sequences.of(x, y);
        // auto as a run gets it: the Blas its epoch trial chose for this workload (cached per machine).
        EpochTrial.Choice trial = EpochTrial.choose(compute, model, data, 50, 0, dtype);
        Compute passes = trial.compute();
        return new Epoch(BpttPass.of(model, data, 50, 0, passes, dtype), model.parameterArray(), dtype,
                BpttWorkspace.flopsPerPass(1, hidden, 1, batch, length, 50, 0),
                trial.decision() == null ? compute.name() : trial.decision().choice());
    }

    /** One epoch's state; {@link #run()} is the timed unit. */
    public static final class Epoch {
        private final BpttPass workspace;
        private final double[] params;
        private final double[] grad;
        private final Adam adam;
        private final Dtype dtype;
        private final long flops;
        private final String backend;
        private double lastLoss;

        Epoch(BpttPass workspace, double[] params, Dtype dtype, long flops, String backend) {
            this.workspace = workspace;
            this.params = params;
            this.dtype = dtype;
            this.flops = flops;
            this.backend = backend;
            this.grad = new double[params.length];
            // A tiny learning rate keeps the weights, and so the work per epoch, stationary over many epochs.
            this.adam = new Adam(params.length, 1e-9, 0.9, 0.999, 1e-8, 0.0, false);
        }

        /**
         * The Blas the epoch's products run on: the compute's name ({@code auto}, {@code vector}, ...), or under
         * {@code auto} for hidden >= 16 its epoch trial's choice ({@code vector}, {@code bands} for auto's size bands,
         * or {@code openblas}).
         */
        public String backend() {
            return backend;
        }

        /** FLOPs of one forward and backward pass ({@link BpttWorkspace#flopsPerPass()}). */
        public long flops() {
            return flops;
        }

        public double run() {
            lastLoss = workspace.lossAndGradient(params, null, grad);
            adam.step(params, grad);
            dtype.round(params);   // as the trainer does
            return lastLoss;
        }

        public CpuTimer.Task task() {
            return reps -> {
                for (int r = 0; r < reps; r++) {
                    run();
                }
                if (!Double.isFinite(lastLoss)) {
                    throw new IllegalStateException("BPTT epoch gave loss " + lastLoss);
                }
            };
        }
    }
}
