package org.teachingrnns.rnn.perf;

import java.util.SplittableRandom;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * A GEMM problem {@code C (m x n) = A (m x k) B (k x n)}, NoTrans/NoTrans, alpha 1, beta 0. Written {@code 256}
 * for a square product or {@code MxNxK}, e.g. {@code 80x5x5}: the syntax of {@code teach bench --sizes/--shapes}
 * and of the JMH {@code GemmBenchmark}'s {@code shape} parameter.
 */
public record GemmShape(int m, int n, int k) {

    public GemmShape {
        if (m < 1 || n < 1 || k < 1 || (long) m * n > 1 << 26 || (long) m * k > 1 << 26 || (long) k * n > 1 << 26) {
            throw new IllegalArgumentException("a GEMM shape needs sizes >= 1 and matrices of at most 2^26 elements, got "
                    + m + "x" + n + "x" + k);
        }
    }

    /** {@code 256} or {@code 80x5x5} (m x n x k). */
    public static GemmShape parse(String s) {
        String[] p = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 1) {
                int n = Integer.parseInt(p[0]);
                return new GemmShape(n, n, n);
            }
            if (p.length == 3) {
                return new GemmShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("a GEMM shape is N or MxNxK (e.g. 256 or 80x5x5), not '" + s + "'");
    }

    public boolean square() {
        return m == n && n == k;
    }

    /** One multiply and one add per term of every inner product. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    @Override
    public String toString() {
        return square() ? Integer.toString(n) : m + "x" + n + "x" + k;
    }

    /** A timed task: dgemm ({@code isDouble}) or sgemm of this shape on {@code blas}, operands uniform in [-1, 1]. */
    public CpuTimer.Task task(Blas blas, boolean isDouble, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        if (isDouble) {
            double[] a = rnd.doubles((long) m * k, -1, 1).toArray();
            double[] b = rnd.doubles((long) k * n, -1, 1).toArray();
            double[] c = new double[m * n];
            return reps -> {
                for (int r = 0; r < reps; r++) {
                    blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
                }
                check(blas, c[c.length / 2]);
            };
        }
        float[] a = toFloat(rnd.doubles((long) m * k, -1, 1).toArray());
        float[] b = toFloat(rnd.doubles((long) k * n, -1, 1).toArray());
        float[] c = new float[m * n];
        return reps -> {
            for (int r = 0; r < reps; r++) {
                blas.sgemm(Transpose.NO, Transpose.NO, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            }
            check(blas, c[c.length / 2]);
        };
    }

    /** Reading the result keeps the calls from being removed, and a broken kernel from being timed. */
    private static void check(Blas blas, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalStateException(blas.name() + " gemm produced " + v);
        }
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }
}
