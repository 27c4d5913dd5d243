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
import org.teachingrnns.nativeblas.DowncallMode;
import org.teachingrnns.nativeblas.OpenBlas;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;
import org.teachingrnns.rnn.perf.GemmShape;

/**
 * {@code C = A B} (NoTrans, beta 0) in double and float, and {@code y = A x} in double, per backend and shape;
 * GFLOP/s = 2 m n k / time. The one JMH GEMM benchmark: square sizes, the RNN's products, the small sizes where
 * OpenBLAS's call overhead decides the crossover ({@code GemmBySize}), and OpenBLAS's two ways of passing heap
 * arrays.
 * <ul>
 *   <li>{@code backend}: a {@link Blas#of} name (scalar, vector, openblas, auto), or {@code openblas-copying}:
 *       OpenBLAS with operands copied off-heap per call instead of critical downcalls on the arrays.</li>
 *   <li>{@code shape}: {@code N} (square) or {@code MxNxK}, the syntax of {@code teach bench --sizes}; dgemv
 *       multiplies the m x k matrix A by a k-vector.</li>
 * </ul>
 * A backend that cannot load here fails only its own combinations, with the reason. The backend's description is
 * printed at tear-down; for openblas it names the core whose kernels ran (OPENBLAS_CORETYPE pins it where set).
 * <pre>
 * java -jar bench/target/benchmarks.jar GemmBenchmark -p backend=vector,openblas -p shape=16,256,80x5x5
 * </pre>
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

    @Param({"4", "8", "16", "32", "64", "100", "128", "256", "512", "1024", "5x80x5", "80x5x5", "256x64x256"})
    public String shape;

    private Blas blas;
    private int m;
    private int n;
    private int k;
    private double[] a;
    private double[] b;
    private double[] c;
    private double[] x;
    private double[] y;
    private float[] fa;
    private float[] fb;
    private float[] fc;

    @Setup
    public void setup() {
        // Blas.of throws with a one-sentence reason when the backend cannot run here.
        blas = backend.equals("openblas-copying") ? OpenBlas.create(DowncallMode.COPYING) : Blas.of(backend);
        GemmShape s = GemmShape.parse(shape);
        m = s.m();
        n = s.n();
        k = s.k();
        SplittableRandom rnd = new SplittableRandom(42);
        a = rnd.doubles((long) m * k, -1, 1).toArray();
        b = rnd.doubles((long) k * n, -1, 1).toArray();
        x = rnd.doubles(k, -1, 1).toArray();
        c = new double[m * n];
        y = new double[m];
        fa = toFloat(a);
        fb = toFloat(b);
        fc = new float[m * n];
    }

    @TearDown
    public void describe() {
        System.out.println("# " + blas.describe());
    }

    @Benchmark
    public double[] dgemm() {
        blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] sgemm() {
        blas.sgemm(Transpose.NO, Transpose.NO, m, n, k, 1f, fa, 0, k, fb, 0, n, 0f, fc, 0, n);
        return fc;
    }

    @Benchmark
    public double[] dgemv() {
        blas.dgemv(Transpose.NO, m, k, 1.0, a, 0, k, x, 0, 1, 0.0, y, 0, 1);
        return y;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
