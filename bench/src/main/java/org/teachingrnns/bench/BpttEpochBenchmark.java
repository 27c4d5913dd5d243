package org.teachingrnns.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.Initialization;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.Teacher;
import org.teachingrnns.rnn.train.Adam;

/**
 * One training epoch (forward, backward by full BPTT, Adam step) as the experiment runs it.
 *
 * <ul>
 *   <li>{@code default}: the notebook's experiment, hidden 5, batch 80 (the training split), length 150, washout
 *       50, linear, an order-5 IIR teacher's data. PyTorch needs 10-16 ms per epoch for this.</li>
 *   <li>{@code h256}: hidden 256, batch 64, length 200, washout 50, tanh, random targets: the per-step products
 *       are 256 x 64 x 256 GEMMs through {@link Blas}.</li>
 * </ul>
 * The FLOP count of one epoch ({@link BpttWorkspace#flopsPerPass()}) is printed at setup; GFLOP/s =
 * flops / (score in ms * 1e6).
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar BpttEpochBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BpttEpochBenchmark {

    @Param({"default", "h256"})
    public String shape;

    private BpttWorkspace workspace;
    private double[] params;
    private double[] grad;
    private Adam adam;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        int hidden;
        int batch;
        int time;
        Activation f;
        if (shape.equals("default")) {
            hidden = 5;
            batch = 80;
            time = 150;
            f = Activation.LINEAR;
        } else {
            hidden = 256;
            batch = 64;
            time = 200;
            f = Activation.TANH;
        }
        double[][][] x = new double[batch][time][1];
        for (double[][] s : x) {
            for (double[] v : s) {
                v[0] = rng.nextGaussian();
            }
        }
        double[][][] y;
        if (shape.equals("default")) {
            Teacher teacher = IirTeacher.draw(5, false, 1.0, Activation.LINEAR, rng);
            y = teacher.respond(x);
        } else {
            y = new double[batch][time][1];
            for (double[][] s : y) {
                for (double[] v : s) {
                    v[0] = rng.nextGaussian();
                }
            }
        }
        Sequences data = Sequences.of(x, y);
        RnnModel model = Initialization.initialize(InitScheme.PYTORCH, 1.0, f, 1, hidden, 1, false, false, rng);
        workspace = BpttWorkspace.of(model, data, 50, 0);
        params = model.parameterArray();
        grad = new double[params.length];
        // A tiny learning rate keeps the weights (and so the work per epoch) stationary over millions of epochs.
        adam = new Adam(params.length, 1e-9, 0.9, 0.999, 1e-8, 0.0, false);
        System.out.printf("%n[%s] backend %s, flops per epoch %d%n", shape, Blas.get().name(), workspace.flopsPerPass());
    }

    @Benchmark
    public double epoch() {
        double loss = workspace.lossAndGradient(params, null, grad);
        adam.step(params, grad);
        return loss;
    }
}
