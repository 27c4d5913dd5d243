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
import org.teachingrnns.numeric.linalg.HouseholderQr;

/**
 * Householder QR of a random n x n matrix, the counterpart of {@code numpy.linalg.qr(a)} (mode 'reduced':
 * dgeqrf then dorgqr, Q and R both formed). {@code factorOnly} is dgeqrf alone
 * ({@code numpy.linalg.qr(a, mode='r')} forms R without Q).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class QrBenchmark {

    @Param({"5", "16", "64", "256"})
    public int n;

    private double[] a;
    private double[] q;
    private double[] r;
    private HouseholderQr qr;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(20261129L + n);
        a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        q = new double[n * n];
        r = new double[n * n];
        qr = new HouseholderQr();
    }

    @Benchmark
    public double qAndR() {
        qr.decompose(a, n, n);
        qr.getQ(q);
        qr.getR(r);
        return q[0] + r[0];
    }

    @Benchmark
    public double factorOnly() {
        qr.decompose(a, n, n);
        qr.getR(r);
        return r[0];
    }
}
