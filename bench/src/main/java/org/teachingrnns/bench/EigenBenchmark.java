package org.teachingrnns.bench;

import java.util.Random;
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
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.linalg.EigenDecomposition;

/**
 * Eigenvalues of a random n x n matrix (standard normal entries, seeded), the counterpart of
 * {@code numpy.linalg.eigvals} (LAPACK dgeev with JOBVL = JOBVR = 'N'). {@code reusable} uses one
 * {@link EigenDecomposition} across calls (no allocation); {@code vectors} computes right eigenvectors too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class EigenBenchmark {

    @Param({"5", "16", "64", "256"})
    public int n;

    private double[] a;
    private EigenDecomposition values;
    private EigenDecomposition withVectors;
    private final double[] re = new double[256];
    private final double[] im = new double[256];

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(20261129L + n);
        a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        values = new EigenDecomposition();
        withVectors = new EigenDecomposition(true, false);
    }

    @Benchmark
    public ComplexArray eigenvalues() {
        return EigenDecomposition.eigenvalues(a, n);
    }

    @Benchmark
    public double reusable() {
        values.decompose(a, n);
        values.eigenvalues(re, im);
        return re[0] + im[0];
    }

    @Benchmark
    public double rightVectors() {
        withVectors.decompose(a, n);
        return withVectors.eigenvalueRe(0);
    }
}
