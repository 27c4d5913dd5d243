package org.teachingrnns.numeric.vector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Child-JVM main of {@link DeterminismTest}: computes the vector backend's reductions (dot, gemv in both
 * transposes, nrm2) and GEMMs (direct, and packed on one and three threads) on seeded inputs of awkward sizes and
 * writes the raw bits of every result, one line per call, to a file. With warm-up rounds it first makes
 * similar calls on small sizes until the JIT has compiled the kernels, so the bits are those of compiled code.
 */
public final class DeterminismProbe {

    private static final int[] SIZES = {37, 100, 257};

    private DeterminismProbe() {
    }

    /** Arguments: the output file, then the number of warm-up rounds (0 for none). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int warmups = Integer.parseInt(args[1]);
        StringBuilder out = new StringBuilder();
        for (int bits = 128; bits <= VectorBlas.preferredBits(); bits *= 2) {
            VectorBlas plain = new VectorBlas(bits, 1);
            // Tiny blocks and no direct path, so a small GEMM runs the packed path and its parallel IC split.
            GemmBlocking d = GemmBlocking.of(double.class, bits);
            GemmBlocking f = GemmBlocking.of(float.class, bits);
            VectorBlas packed1 = new VectorBlas(bits, 1, tiny(d), tiny(f));
            VectorBlas packed3 = new VectorBlas(bits, 3, tiny(d), tiny(f));
            // Warm-up on small sizes (cheap while interpreted) reaches the same methods as the measured calls.
            for (int w = 0; w < warmups; w++) {
                reductions(plain, bits, 13 + w % 9, null);
                if (w % 16 == 0) {
                    gemms(plain, packed1, packed3, bits, 9 + w % 5, null);
                }
            }
            for (int n : SIZES) {
                reductions(plain, bits, n, out);
            }
            gemms(plain, packed1, packed3, bits, 37, out);
        }
        // A file, not stdout: the parent reads -XX:+PrintCompilation from stdout, which compiler threads write.
        Files.writeString(file, out);
    }

    private static GemmBlocking tiny(GemmBlocking b) {
        return new GemmBlocking(b.mr(), b.nr(), 2 * b.mr(), 7, 2 * b.nr(), 0);
    }

    private static void reductions(Blas blas, int bits, int n, StringBuilder out) {
        Random rnd = new Random(1000L * bits + n);
        double[] x = doubles(rnd, 3 * n);
        double[] y = doubles(rnd, 3 * n);
        float[] xf = floats(rnd, 3 * n);
        float[] yf = floats(rnd, 3 * n);
        print(out, bits + " ddot n=" + n, blas.ddot(n, x, 1, 1, y, 2, 1));
        print(out, bits + " sdot n=" + n, blas.sdot(n, xf, 1, 1, yf, 2, 1));
        print(out, bits + " dnrm2 n=" + n, blas.dnrm2(n, x, 3, 1));
        for (Transpose t : Transpose.values()) {
            // 37 x n and n x 11: rows and columns longer and shorter than the vectors, with scalar tails.
            for (int[] mn : new int[][] {{37, n}, {n, 11}}) {
                int m = mn[0], cols = mn[1];
                double[] a = doubles(rnd, m * cols + 3);
                float[] af = floats(rnd, m * cols + 3);
                int xl = t == Transpose.NO ? cols : m;
                int yl = t == Transpose.NO ? m : cols;
                double[] yv = doubles(rnd, yl);
                float[] yvf = floats(rnd, yl);
                blas.dgemv(t, m, cols, 0.75, a, 3, cols, x, 0, 1, 0.5, yv, 0, 1);
                blas.sgemv(t, m, cols, 0.75f, af, 3, cols, xf, 0, 1, 0.5f, yvf, 0, 1);
                print(out, bits + " dgemv " + t + " " + m + "x" + cols + " xlen=" + xl, yv);
                print(out, bits + " sgemv " + t + " " + m + "x" + cols + " xlen=" + xl, yvf);
            }
        }
    }

    private static void gemms(Blas plain, Blas packed1, Blas packed3, int bits, int size, StringBuilder out) {
        Random rnd = new Random(7L * bits + size);
        int m = size, n = size + 3, k = 2 * size + 1;
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                double[] a = doubles(rnd, m * k);
                double[] b = doubles(rnd, k * n);
                float[] af = floats(rnd, m * k);
                float[] bf = floats(rnd, k * n);
                int lda = ta == Transpose.NO ? k : m;
                int ldb = tb == Transpose.NO ? n : k;
                for (Blas blas : new Blas[] {plain, packed1, packed3}) {
                    double[] c = new double[m * n];
                    float[] cf = new float[m * n];
                    blas.dgemm(ta, tb, m, n, k, 1.25, a, 0, lda, b, 0, ldb, 0.0, c, 0, n);
                    blas.sgemm(ta, tb, m, n, k, 1.25f, af, 0, lda, bf, 0, ldb, 0.0f, cf, 0, n);
                    String what = bits + " " + ((VectorBlas) blas).threads() + "t " + (blas == plain ? "direct" : "packed")
                            + " " + ta + tb + " " + m + "x" + n + "x" + k;
                    print(out, what + " dgemm", c);
                    print(out, what + " sgemm", cf);
                }
            }
        }
    }

    private static double[] doubles(Random rnd, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = rnd.nextDouble() * 2 - 1;
        }
        return v;
    }

    private static float[] floats(Random rnd, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static void print(StringBuilder out, String what, double... v) {
        if (out == null) {
            return;
        }
        out.append("BITS ").append(what).append(':');
        for (double d : v) {
            out.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(d)));
        }
        out.append('\n');
    }

    private static void print(StringBuilder out, String what, float... v) {
        if (out == null) {
            return;
        }
        out.append("BITS ").append(what).append(':');
        for (float f : v) {
            out.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(f)));
        }
        out.append('\n');
    }
}
