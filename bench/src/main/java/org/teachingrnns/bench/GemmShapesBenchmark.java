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
import org.openjdk.jmh.annotations.Warmup;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * The rectangular products of RNN training, {@code m x k} times {@code k x n} in double: the recurrent
 * update of a batch ({@code 5x5 * 5x80}), its transpose ({@code 80x5 * 5x5}) and a wide layer
 * ({@code 256x256 * 256x64}). Shape strings are {@code m,n,k}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmShapesBenchmark {

    @Param({"scalar", "vector", "openblas"})
    public String backend;

    @Param({"5,80,5", "80,5,5", "256,64,256"})
    public String shape;

    private Blas blas;
    private int m;
    private int n;
    private int k;
    private double[] a;
    private double[] b;
    private double[] c;

    @Setup
    public void setup() {
        blas = Blas.of(backend);
        String[] s = shape.split(",");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        SplittableRandom rnd = new SplittableRandom(7);
        a = rnd.doubles(m * k, -1, 1).toArray();
        b = rnd.doubles(k * n, -1, 1).toArray();
        c = new double[m * n];
    }

    @Benchmark
    public double[] dgemm() {
        blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
        return c;
    }
}
