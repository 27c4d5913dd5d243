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
import org.teachingrnns.nativeblas.DowncallMode;
import org.teachingrnns.nativeblas.OpenBlas;
import org.teachingrnns.numeric.Transpose;

/**
 * The cost of getting heap arrays into OpenBLAS: critical downcalls on the arrays themselves against copies into
 * a confined arena, for an n x n x n dgemm and an n x n dgemv. The difference is the call overhead that decides
 * the default {@link DowncallMode}.
 *
 * <pre>java -jar bench/target/benchmarks.jar OpenBlasCallBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class OpenBlasCallBenchmark {

    @Param({"4", "16", "64", "256"})
    public int n;

    @Param({"CRITICAL", "COPYING"})
    public DowncallMode mode;

    private OpenBlas blas;
    private double[] a;
    private double[] b;
    private double[] c;
    private double[] x;
    private double[] y;

    @Setup
    public void setUp() {
        blas = OpenBlas.create(mode);
        Random rnd = new Random(42);
        a = new double[n * n];
        b = new double[n * n];
        c = new double[n * n];
        x = new double[n];
        y = new double[n];
        for (int i = 0; i < n * n; i++) {
            a[i] = rnd.nextDouble();
            b[i] = rnd.nextDouble();
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
    public double[] dgemv() {
        blas.dgemv(Transpose.NO, n, n, 1.0, a, 0, n, x, 0, 1, 0.0, y, 0, 1);
        return y;
    }
}
