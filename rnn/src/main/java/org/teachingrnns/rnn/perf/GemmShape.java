package org.teachingrnns.rnn.perf;

import java.util.SplittableRandom;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * A GEMM problem {@code C (m x n) = op(A) op(B)}, alpha 1, beta 0, op(A) m x k and op(B) k x n, each stored dense
 * (A as k x m when transposed, B as n x k). Written {@code 256} for a square product, {@code MxNxK} (e.g.
 * {@code 80x5x5}), optionally followed by {@code :NT}, {@code :TN} or {@code :TT} for the transposes of A and B (e.g.
 * {@code 16x16x12000:NT}, BPTT's gradient delta H^T): the syntax of {@code teach bench --sizes/--shapes} and of the
 * JMH {@code GemmBenchmark}'s {@code shape} parameter.
 */
public record GemmShape(int m, int n, int k, boolean transA, boolean transB) {

    /** NoTrans/NoTrans. */
    public GemmShape(int m, int n, int k) {
        this(m, n, k, false, false);
    }

    public GemmShape {
        if (m < 1 || n < 1 || k < 1 || (long) m * n > 1 << 26 || (long) m * k > 1 << 26 || (long) k * n > 1 << 26) {
            throw new IllegalArgumentException("a GEMM shape needs sizes >= 1 and matrices of at most 2^26 elements, got "
                    + m + "x" + n + "x" + k);
        }
    }

    /** {@code 256}, {@code 80x5x5} (m x n x k) or {@code 16x16x12000:NT} (op(A), op(B): N or T). */
    public static GemmShape parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        boolean ta = false;
        boolean tb = false;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            String ops = t.substring(colon + 1);
            if (!ops.matches("[nt][nt]")) {
                throw notAShape(s);
            }
            t = t.substring(0, colon);
            ta = ops.charAt(0) == 't';
            tb = ops.charAt(1) == 't';
        }
        String[] p = t.split("x");
        try {
            if (p.length == 1) {
                int n = Integer.parseInt(p[0]);
                return new GemmShape(n, n, n, ta, tb);
            }
            if (p.length == 3) {
                return new GemmShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), ta, tb);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw notAShape(s);
    }

    private static IllegalArgumentException notAShape(String s) {
        return new IllegalArgumentException("a GEMM shape is N or MxNxK, optionally with :NT, :TN or :TT for the"
                + " transposes of A and B (e.g. 256, 80x5x5 or 16x16x12000:NT), not '" + s + "'");
    }

    public boolean square() {
        return m == n && n == k && !transA && !transB;
    }

    /** One multiply and one add per term of every inner product. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    @Override
    public String toString() {
        String ops = transA || transB ? ":" + (transA ? "T" : "N") + (transB ? "T" : "N") : "";
        return (m == n && n == k ? Integer.toString(n) : m + "x" + n + "x" + k) + ops;
    }

    /** A timed task: dgemm ({@code isDouble}) or sgemm of this shape on {@code blas}, operands uniform in [-1, 1]. */
    public CpuTimer.Task task(Blas blas, boolean isDouble, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Transpose ta = transA ? Transpose.YES : Transpose.NO;
        Transpose tb = transB ? Transpose.YES : Transpose.NO;
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (isDouble) {
            double[] a = rnd.doubles((long) m * k, -1, 1).toArray();
            double[] b = rnd.doubles((long) k * n, -1, 1).toArray();
            double[] c = new double[m * n];
            return reps -> {
                for (int r = 0; r < reps; r++) {
                    blas.dgemm(ta, tb, m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, c, 0, n);
                }
                check(blas, c[c.length / 2]);
            };
        }
        float[] a = toFloat(rnd.doubles((long) m * k, -1, 1).toArray());
        float[] b = toFloat(rnd.doubles((long) k * n, -1, 1).toArray());
        float[] c = new float[m * n];
        return reps -> {
            for (int r = 0; r < reps; r++) {
                blas.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
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
