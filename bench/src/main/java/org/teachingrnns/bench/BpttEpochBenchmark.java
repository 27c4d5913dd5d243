package org.teachingrnns.bench;

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
import org.teachingrnns.rnn.perf.BpttCase;

/**
 * One training epoch (forward, full BPTT, Adam step) of the {@link BpttCase}s that {@code teach bench} times:
 * {@code default} (the reference experiment), {@code tanh} (the same with a tanh student), {@code h256}
 * (hidden 256, a 256 x 64 x 256 GEMM per step through {@link Blas#get()}), and {@code default-f32} and
 * {@code h256-f32} (those two in float32, {@code --dtype float32}). The FLOP count of one epoch is printed
 * at setup; GFLOP/s = flops / (score in ms * 1e6).
 * <pre>
 *   java -jar bench/target/benchmarks.jar BpttEpochBenchmark -f 1 -wi 5 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BpttEpochBenchmark {

    @Param({"default", "tanh", "h256", "default-f32", "h256-f32"})
    public String bptt;

    private BpttCase.Epoch epoch;

    @Setup(Level.Trial)
    public void setUp() {
        epoch = BpttCase.parse(bptt).build(1);
        System.out.printf("%n[%s] backend %s, flops per epoch %d%n", bptt, Blas.get().name(), epoch.flops());
    }

    @Benchmark
    public double epoch() {
        return epoch.run();
    }
}
