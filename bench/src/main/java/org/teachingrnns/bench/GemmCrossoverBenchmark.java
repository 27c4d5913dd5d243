package org.teachingrnns.bench;

import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Square dgemm/sgemm and dgemv at small sizes on each backend side by side: where OpenBLAS (with its downcall)
 * starts to beat the Java kernels. The result sets {@code GemmBySize.DEFAULT_THRESHOLD} in native-bindings.
 *
 * <pre>java -jar bench/target/benchmarks.jar GemmCrossoverBenchmark -p backend=vector,openblas -f 1 -wi 3 -w 1 -i 5 -r 1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmCrossoverBenchmark {

    @Param({"scalar", "vector", "openblas"})
    public String backend;

    @Param({"4", "8", "12", "16", "24", "32", "48", "64", "96", "128"})
    public int n;

    private Blas blas;
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] fa;
    private float[] fb;
    private float[] fc;
    private double[] x;
    private double[] y;

    @Setup
    public void setUp() {
        blas = Blas.of(backend);
        Random rnd = new Random(42);
        a = new double[n * n];
        b = new double[n * n];
        c = new double[n * n];
        fa = new float[n * n];
        fb = new float[n * n];
        fc = new float[n * n];
        x = new double[n];
        y = new double[n];
        for (int i = 0; i < n * n; i++) {
            a[i] = rnd.nextDouble();
            b[i] = rnd.nextDouble();
            fa[i] = (float) a[i];
            fb[i] = (float) b[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble();
        }
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

    @Benchmark
    public double[] dgemv() {
        blas.dgemv(Transpose.NO, n, n, 1.0, a, 0, n, x, 0, 1, 0.0, y, 0, 1);
        return y;
    }
}
