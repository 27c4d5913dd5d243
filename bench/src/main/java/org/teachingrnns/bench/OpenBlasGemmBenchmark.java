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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.teachingrnns.nativeblas.OpenBlasLibrary;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Square dgemm and sgemm throughput at 64 to 1024 on a named backend (default openblas, one thread).
 * GFLOP/s = 2 n^3 / (time per call). The OpenBLAS core that ran is printed at tear-down: OPENBLAS_CORETYPE pins it
 * (Haswell on these machines); unset it for the full-speed kernels of the CPU:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar OpenBlasGemmBenchmark -f 1 -wi 2 -w 1 -i 3 -r 1
 * env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -jar bench/target/benchmarks.jar OpenBlasGemmBenchmark ...
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class OpenBlasGemmBenchmark {

    @Param({"openblas"})
    public String backend;

    @Param({"64", "128", "256", "512", "1024"})
    public int n;

    private Blas blas;
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] fa;
    private float[] fb;
    private float[] fc;

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
        for (int i = 0; i < n * n; i++) {
            a[i] = rnd.nextDouble();
            b[i] = rnd.nextDouble();
            fa[i] = (float) a[i];
            fb[i] = (float) b[i];
        }
    }

    @TearDown
    public void report() {
        if (backend.equals("openblas")) {
            System.out.println("# " + OpenBlasLibrary.get().describe());
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
}
