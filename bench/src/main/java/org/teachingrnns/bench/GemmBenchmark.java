package org.teachingrnns.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Square {@code C = A B} (beta = 0) in double and float for each backend and size; GFLOP/s = 2 n^3 / time.
 * {@link GemmReport} runs it through JMH's Runner and prints a table with ratios. A backend that cannot
 * load here (openblas before native-bindings provides it) fails only its own combinations, with the
 * reason; GemmReport skips such backends up front. Run directly, e.g.:
 * {@code java -jar bench/target/benchmarks.jar GemmBenchmark -p backend=vector,scalar -p n=64,256}.
 * The backend's description is printed at tear-down; for openblas it names the core whose kernels ran
 * (OPENBLAS_CORETYPE pins it where set).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    @Param({"scalar", "vector", "openblas"})
    public String backend;

    @Param({"4", "5", "8", "16", "32", "64", "100", "128", "255", "256", "512", "1000", "1024"})
    public int n;

    private Blas blas;
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] fa;
    private float[] fb;
    private float[] fc;

    @Setup
    public void setup() {
        blas = Blas.of(backend); // throws with a one-sentence reason when the backend cannot run here
        SplittableRandom rnd = new SplittableRandom(42);
        a = new double[n * n];
        b = new double[n * n];
        c = new double[n * n];
        fa = new float[n * n];
        fb = new float[n * n];
        fc = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = rnd.nextDouble(-1, 1);
            b[i] = rnd.nextDouble(-1, 1);
            fa[i] = (float) a[i];
            fb[i] = (float) b[i];
        }
    }

    @TearDown
    public void describe() {
        System.out.println("# " + blas.describe());
    }

    @Benchmark
    public double[] dgemm() {
        blas.dgemm(Transpose.NO, Transpose.NO, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] sgemm() {
        blas.sgemm(Transpose.NO, Transpose.NO, n, n, n, 1f, fa, 0, n, fb, 0, n, 0f, fc, 0, n);
        return fc;
    }
}
