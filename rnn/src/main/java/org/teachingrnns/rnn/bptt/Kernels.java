package org.teachingrnns.rnn.bptt;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;
import org.teachingrnns.numeric.vector.Lanes;

/**
 * The matrix products of BPTT, row-major with leading dimensions and offsets, as {@code C = op(A) op(B)} or
 * {@code C += op(A) op(B)}.
 *
 * <p>Products with every dimension at least {@link #BLAS_MIN} go to {@link Blas} (so they speed up with the
 * backend: Vector API, OpenBLAS). The thin products of a small RNN (hidden 5 times a batch of 80, or a
 * 5 x 5 gradient summed over 12,000 columns) are written here, because a general GEMM spends more time on
 * packing and edge tiles than on the few flops: {@link #nn}/{@link #tn} keep one row of C per register over
 * strips of the contiguous batch dimension, {@link #nt} is a dot product in the Vector API idiom (several independent
 * FMA accumulators, a fixed-order {@link Lanes#sum} (not {@code reduceLanes}, whose order changes with JIT), a
 * scalar tail; as llama3.java).
 */
final class Kernels {

    /** Smallest m, n and k sent to {@link Blas} ({@link Products#BLAS_MIN}). */
    static final int BLAS_MIN = Products.BLAS_MIN;

    /** Column panel of the thin A B^T products (a multiple of every vector length). */
    static final int NT_KC = 512;

    /**
     * Columns per call of {@link #step} in the thin products (the readout {@code W_ho H} over all kept steps and
     * batch: 8000 columns in the default experiment), a multiple of four strips at every vector length. Why: called
     * once per epoch over all columns, step was compiled by C2 only through on-stack replacement, once per loop
     * (four compiles of a 1.4 KB method, 60-160 ms each on the 2-core Xeon, JFR jdk.Compilation), after hundreds of
     * epochs in C1 code where every Vector API value is a heap object. Called per chunk, it reaches the invocation
     * threshold within a few dozen epochs and is compiled once, normally (as SmallRecurrence.CHUNK).
     */
    static final int THIN_CHUNK = 256;

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private Kernels() {
    }

    static boolean useBlas(int m, int n, int k) {
        return Products.useBlas(m, n, k);
    }

    /** {@code C (+)= A B}: A is m x k (lda), B is k x n (ldb), C is m x n (ldc). */
    static void nn(Blas blas, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (useBlas(m, n, k)) {
            blas.dgemm(Transpose.NO, Transpose.NO, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        thin(false, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    /** {@code C (+)= A^T B}: A is stored k x m (lda), B is k x n (ldb), C is m x n (ldc). */
    static void tn(Blas blas, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (useBlas(m, n, k)) {
            blas.dgemm(Transpose.YES, Transpose.NO, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        thin(true, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    }

    /**
     * {@code C (+)= op(A) B} with few rows and a long contiguous n; see {@link #step}.
     */
    private static void thin(boolean transA, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff,
                             int ldb, boolean accumulate, double[] c, int cOff, int ldc) {
        // Columns are independent and every path of step (4, 2, 1 strips, scalar tail) forms a column with the same
        // fmas in the same order, so chunks give the same bits as one call.
        for (int j0 = 0; j0 < n; j0 += THIN_CHUNK) {
            int nc = Math.min(THIN_CHUNK, n - j0);
            step(transA, m, nc, k, a, aOff, lda, b, bOff + j0, ldb, 0, null, 0, 0, null, 0, 0, null, 0, accumulate,
                    c, cOff + j0, ldc);
        }
    }

    /**
     * One RNN step for a small hidden size: {@code C = op(A1) B1 + op(A2) B2 + bias} (or {@code C += ...} when
     * accumulate), where op(A) is A or A^T (transA, A stored k x m), C and the B's have few rows and a long
     * contiguous row length n (the batch). Forward: {@code W_ih x_t + W_hh h_{t-1} + b_h}; backward:
     * {@code W_ho^T dY_t + W_hh^T dZ_{t+1}}. Fusing the two products saves a pass over the states.
     *
     * <p>For each group of four vector-wide strips of columns, each row of C is four register accumulators fed
     * by broadcast-FMAs; four independent strips hide the FMA latency (one accumulator chain alone would run at
     * a quarter of the FMA throughput). Groups of two, then single strips and a scalar tail handle the rest.
     */
    static void step(boolean transA, int m, int n,
                     int k1, double[] a1, int a1Off, int lda1, double[] b1, int b1Off, int ldb1,
                     int k2, double[] a2, int a2Off, int lda2, double[] b2, int b2Off, int ldb2,
                     double[] bias, int biasOff, boolean accumulate, double[] c, int cOff, int ldc) {
        int l = S.length();
        int j = 0;
        for (int bound = n - 4 * l; j <= bound; j += 4 * l) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                DoubleVector init = bias == null ? DoubleVector.zero(S) : DoubleVector.broadcast(S, bias[biasOff + i]);
                DoubleVector acc0 = accumulate ? DoubleVector.fromArray(S, c, ci) : init;
                DoubleVector acc1 = accumulate ? DoubleVector.fromArray(S, c, ci + l) : init;
                DoubleVector acc2 = accumulate ? DoubleVector.fromArray(S, c, ci + 2 * l) : init;
                DoubleVector acc3 = accumulate ? DoubleVector.fromArray(S, c, ci + 3 * l) : init;
                for (int p = 0; p < k1; p++) {
                    DoubleVector w = DoubleVector.broadcast(S, a1[a1Off + (transA ? p * lda1 + i : i * lda1 + p)]);
                    int bp = b1Off + p * ldb1 + j;
                    acc0 = DoubleVector.fromArray(S, b1, bp).fma(w, acc0);
                    acc1 = DoubleVector.fromArray(S, b1, bp + l).fma(w, acc1);
                    acc2 = DoubleVector.fromArray(S, b1, bp + 2 * l).fma(w, acc2);
                    acc3 = DoubleVector.fromArray(S, b1, bp + 3 * l).fma(w, acc3);
                }
                for (int p = 0; p < k2; p++) {
                    DoubleVector w = DoubleVector.broadcast(S, a2[a2Off + (transA ? p * lda2 + i : i * lda2 + p)]);
                    int bp = b2Off + p * ldb2 + j;
                    acc0 = DoubleVector.fromArray(S, b2, bp).fma(w, acc0);
                    acc1 = DoubleVector.fromArray(S, b2, bp + l).fma(w, acc1);
                    acc2 = DoubleVector.fromArray(S, b2, bp + 2 * l).fma(w, acc2);
                    acc3 = DoubleVector.fromArray(S, b2, bp + 3 * l).fma(w, acc3);
                }
                acc0.intoArray(c, ci);
                acc1.intoArray(c, ci + l);
                acc2.intoArray(c, ci + 2 * l);
                acc3.intoArray(c, ci + 3 * l);
            }
        }
        // After the four-vector blocks fewer than 4L columns are left: at most one two-vector block and one
        // one-vector block, written as ifs (as loops, C2 guarded them with a loop-limit predicate that failed once
        // a few epochs into a default run and cost a recompile of this method during the warm-up).
        if (j <= n - 2 * l) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                DoubleVector init = bias == null ? DoubleVector.zero(S) : DoubleVector.broadcast(S, bias[biasOff + i]);
                DoubleVector acc0 = accumulate ? DoubleVector.fromArray(S, c, ci) : init;
                DoubleVector acc1 = accumulate ? DoubleVector.fromArray(S, c, ci + l) : init;
                for (int p = 0; p < k1; p++) {
                    DoubleVector w = DoubleVector.broadcast(S, a1[a1Off + (transA ? p * lda1 + i : i * lda1 + p)]);
                    int bp = b1Off + p * ldb1 + j;
                    acc0 = DoubleVector.fromArray(S, b1, bp).fma(w, acc0);
                    acc1 = DoubleVector.fromArray(S, b1, bp + l).fma(w, acc1);
                }
                for (int p = 0; p < k2; p++) {
                    DoubleVector w = DoubleVector.broadcast(S, a2[a2Off + (transA ? p * lda2 + i : i * lda2 + p)]);
                    int bp = b2Off + p * ldb2 + j;
                    acc0 = DoubleVector.fromArray(S, b2, bp).fma(w, acc0);
                    acc1 = DoubleVector.fromArray(S, b2, bp + l).fma(w, acc1);
                }
                acc0.intoArray(c, ci);
                acc1.intoArray(c, ci + l);
            }
            j += 2 * l;
        }
        if (j <= n - l) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                DoubleVector init = bias == null ? DoubleVector.zero(S) : DoubleVector.broadcast(S, bias[biasOff + i]);
                DoubleVector acc0 = accumulate ? DoubleVector.fromArray(S, c, ci) : init;
                for (int p = 0; p < k1; p++) {
                    DoubleVector w = DoubleVector.broadcast(S, a1[a1Off + (transA ? p * lda1 + i : i * lda1 + p)]);
                    int bp = b1Off + p * ldb1 + j;
                    acc0 = DoubleVector.fromArray(S, b1, bp).fma(w, acc0);
                }
                for (int p = 0; p < k2; p++) {
                    DoubleVector w = DoubleVector.broadcast(S, a2[a2Off + (transA ? p * lda2 + i : i * lda2 + p)]);
                    int bp = b2Off + p * ldb2 + j;
                    acc0 = DoubleVector.fromArray(S, b2, bp).fma(w, acc0);
                }
                acc0.intoArray(c, ci);
            }
            j += l;
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                double acc = accumulate ? c[ci] : (bias == null ? 0.0 : bias[biasOff + i]);
                for (int p = 0; p < k1; p++) {
                    acc = Math.fma(a1[a1Off + (transA ? p * lda1 + i : i * lda1 + p)], b1[b1Off + p * ldb1 + j], acc);
                }
                for (int p = 0; p < k2; p++) {
                    acc = Math.fma(a2[a2Off + (transA ? p * lda2 + i : i * lda2 + p)], b2[b2Off + p * ldb2 + j], acc);
                }
                c[ci] = acc;
            }
        }
    }

    /** {@code C (+)= A B^T}: A is m x k (lda), B is stored n x k (ldb), C is m x n (ldc). */
    static void nt(Blas blas, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   boolean accumulate, double[] c, int cOff, int ldc) {
        if (useBlas(m, n, k)) {
            blas.dgemm(Transpose.NO, Transpose.YES, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb,
                    accumulate ? 1.0 : 0.0, c, cOff, ldc);
            return;
        }
        // Column panels of NT_KC keep the panel of A's and B's rows in L1 while all m x n dots use it.
        for (int k0 = 0; k0 < k || k0 == 0; k0 += NT_KC) {
            int kc = Math.min(NT_KC, k - k0);
            boolean acc = accumulate || k0 > 0;
            int i = 0;
            for (; i + 2 <= m && n >= 4; i += 2) {
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    dot2x4(kc, a, aOff + i * lda + k0, lda, b, bOff + j * ldb + k0, ldb, acc, c, cOff + i * ldc + j, ldc);
                }
                for (; j < n; j++) {
                    for (int r = i; r < i + 2; r++) {
                        double d = dot(kc, a, aOff + r * lda + k0, b, bOff + j * ldb + k0);
                        int ci = cOff + r * ldc + j;
                        c[ci] = acc ? c[ci] + d : d;
                    }
                }
            }
            for (; i < m; i++) {
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    dot4(kc, a, aOff + i * lda + k0, b, bOff + j * ldb + k0, ldb, acc, c, cOff + i * ldc + j);
                }
                for (; j < n; j++) {
                    double d = dot(kc, a, aOff + i * lda + k0, b, bOff + j * ldb + k0);
                    int ci = cOff + i * ldc + j;
                    c[ci] = acc ? c[ci] + d : d;
                }
            }
        }
    }

    /**
     * A 2 x 4 block of dot products: rows x_0, x_1 (stride ldx) against rows y_0..y_3 (stride ldy), eight
     * independent accumulators, six loads per eight FMAs. {@code c[cOff + r*ldc + q] (+)= x_r . y_q}.
     */
    private static void dot2x4(int n, double[] x, int xOff, int ldx, double[] y, int yOff, int ldy, boolean accumulate,
                               double[] c, int cOff, int ldc) {
        int l = S.length();
        DoubleVector a00 = DoubleVector.zero(S);
        DoubleVector a01 = DoubleVector.zero(S);
        DoubleVector a02 = DoubleVector.zero(S);
        DoubleVector a03 = DoubleVector.zero(S);
        DoubleVector a10 = DoubleVector.zero(S);
        DoubleVector a11 = DoubleVector.zero(S);
        DoubleVector a12 = DoubleVector.zero(S);
        DoubleVector a13 = DoubleVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += l) {
            DoubleVector x0 = DoubleVector.fromArray(S, x, xOff + 0 * ldx + j);
            DoubleVector x1 = DoubleVector.fromArray(S, x, xOff + 1 * ldx + j);
            DoubleVector y0 = DoubleVector.fromArray(S, y, yOff + 0 * ldy + j);
            DoubleVector y1 = DoubleVector.fromArray(S, y, yOff + 1 * ldy + j);
            DoubleVector y2 = DoubleVector.fromArray(S, y, yOff + 2 * ldy + j);
            DoubleVector y3 = DoubleVector.fromArray(S, y, yOff + 3 * ldy + j);
            a00 = x0.fma(y0, a00);
            a01 = x0.fma(y1, a01);
            a02 = x0.fma(y2, a02);
            a03 = x0.fma(y3, a03);
            a10 = x1.fma(y0, a10);
            a11 = x1.fma(y1, a11);
            a12 = x1.fma(y2, a12);
            a13 = x1.fma(y3, a13);
        }
        double s00 = Lanes.sum(a00);
        double s01 = Lanes.sum(a01);
        double s02 = Lanes.sum(a02);
        double s03 = Lanes.sum(a03);
        double s10 = Lanes.sum(a10);
        double s11 = Lanes.sum(a11);
        double s12 = Lanes.sum(a12);
        double s13 = Lanes.sum(a13);
        for (; j < n; j++) {
            s00 = Math.fma(x[xOff + 0 * ldx + j], y[yOff + 0 * ldy + j], s00);
            s01 = Math.fma(x[xOff + 0 * ldx + j], y[yOff + 1 * ldy + j], s01);
            s02 = Math.fma(x[xOff + 0 * ldx + j], y[yOff + 2 * ldy + j], s02);
            s03 = Math.fma(x[xOff + 0 * ldx + j], y[yOff + 3 * ldy + j], s03);
            s10 = Math.fma(x[xOff + 1 * ldx + j], y[yOff + 0 * ldy + j], s10);
            s11 = Math.fma(x[xOff + 1 * ldx + j], y[yOff + 1 * ldy + j], s11);
            s12 = Math.fma(x[xOff + 1 * ldx + j], y[yOff + 2 * ldy + j], s12);
            s13 = Math.fma(x[xOff + 1 * ldx + j], y[yOff + 3 * ldy + j], s13);
        }
        c[cOff + 0 * ldc + 0] = accumulate ? c[cOff + 0 * ldc + 0] + s00 : s00;
        c[cOff + 0 * ldc + 1] = accumulate ? c[cOff + 0 * ldc + 1] + s01 : s01;
        c[cOff + 0 * ldc + 2] = accumulate ? c[cOff + 0 * ldc + 2] + s02 : s02;
        c[cOff + 0 * ldc + 3] = accumulate ? c[cOff + 0 * ldc + 3] + s03 : s03;
        c[cOff + 1 * ldc + 0] = accumulate ? c[cOff + 1 * ldc + 0] + s10 : s10;
        c[cOff + 1 * ldc + 1] = accumulate ? c[cOff + 1 * ldc + 1] + s11 : s11;
        c[cOff + 1 * ldc + 2] = accumulate ? c[cOff + 1 * ldc + 2] + s12 : s12;
        c[cOff + 1 * ldc + 3] = accumulate ? c[cOff + 1 * ldc + 3] + s13 : s13;
    }

    /**
     * Four dot products of one row x with four rows of y (stride ldy) at once: x is loaded once per strip and
     * the four accumulators are independent FMA chains. {@code c[cOff + q] (+)= x . y_q}.
     */
    private static void dot4(int n, double[] x, int xOff, double[] y, int yOff, int ldy, boolean accumulate,
                             double[] c, int cOff) {
        int l = S.length();
        DoubleVector acc0 = DoubleVector.zero(S);
        DoubleVector acc1 = acc0;
        DoubleVector acc2 = acc0;
        DoubleVector acc3 = acc0;
        int y0 = yOff;
        int y1 = yOff + ldy;
        int y2 = yOff + 2 * ldy;
        int y3 = yOff + 3 * ldy;
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += l) {
            DoubleVector vx = DoubleVector.fromArray(S, x, xOff + j);
            acc0 = vx.fma(DoubleVector.fromArray(S, y, y0 + j), acc0);
            acc1 = vx.fma(DoubleVector.fromArray(S, y, y1 + j), acc1);
            acc2 = vx.fma(DoubleVector.fromArray(S, y, y2 + j), acc2);
            acc3 = vx.fma(DoubleVector.fromArray(S, y, y3 + j), acc3);
        }
        double s0 = Lanes.sum(acc0);
        double s1 = Lanes.sum(acc1);
        double s2 = Lanes.sum(acc2);
        double s3 = Lanes.sum(acc3);
        for (; j < n; j++) {
            double xv = x[xOff + j];
            s0 = Math.fma(xv, y[y0 + j], s0);
            s1 = Math.fma(xv, y[y1 + j], s1);
            s2 = Math.fma(xv, y[y2 + j], s2);
            s3 = Math.fma(xv, y[y3 + j], s3);
        }
        if (accumulate) {
            c[cOff] += s0;
            c[cOff + 1] += s1;
            c[cOff + 2] += s2;
            c[cOff + 3] += s3;
        } else {
            c[cOff] = s0;
            c[cOff + 1] = s1;
            c[cOff + 2] = s2;
            c[cOff + 3] = s3;
        }
    }

    /** Sum of {@code x[xOff+j] * y[yOff+j]} for {@code j < n}, with four independent vector accumulators. */
    static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        int l = S.length();
        DoubleVector acc0 = DoubleVector.zero(S);
        DoubleVector acc1 = DoubleVector.zero(S);
        DoubleVector acc2 = DoubleVector.zero(S);
        DoubleVector acc3 = DoubleVector.zero(S);
        int j = 0;
        for (int bound = n - 4 * l; j <= bound; j += 4 * l) {
            acc0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), acc0);
            acc1 = DoubleVector.fromArray(S, x, xOff + j + l).fma(DoubleVector.fromArray(S, y, yOff + j + l), acc1);
            acc2 = DoubleVector.fromArray(S, x, xOff + j + 2 * l).fma(DoubleVector.fromArray(S, y, yOff + j + 2 * l), acc2);
            acc3 = DoubleVector.fromArray(S, x, xOff + j + 3 * l).fma(DoubleVector.fromArray(S, y, yOff + j + 3 * l), acc3);
        }
        for (int bound = n - l; j <= bound; j += l) {
            acc0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), acc0);
        }
        double s = Lanes.sum(acc0.add(acc1).add(acc2.add(acc3)));
        for (; j < n; j++) {
            s = Math.fma(x[xOff + j], y[yOff + j], s);
        }
        return s;
    }

    /** Scratch for {@link #squaredErrorAndResidual}'s accumulators: two vectors. */
    static double[] lossAccumulators() {
        return new double[2 * S.length()];
    }

    /**
     * Squared error of the kept outputs and, in place, {@code y := scale (y - target)}: returns
     * {@code sum (y - target)^2}. With scale NaN only the sum is formed and y is left alone. {@code acc} is the
     * caller's scratch for the accumulators ({@link #lossAccumulators}; overwritten), so an epoch makes no garbage.
     */
    static double squaredErrorAndResidual(int n, double[] y, int yOff, double[] target, int tOff, double scale,
                                          double[] acc) {
        int l = S.length();
        boolean write = !Double.isNaN(scale);
        // The two accumulators live in acc between chunks (see THIN_CHUNK for why chunks): the same fmas in the same
        // order as one pass, so the same bits.
        java.util.Arrays.fill(acc, 0.0);
        int vectorEnd = n - n % (2 * l);
        for (int j0 = 0; j0 < vectorEnd; j0 += THIN_CHUNK) {
            squaredErrorChunk(Math.min(THIN_CHUNK, vectorEnd - j0), y, yOff + j0, target, tOff + j0, scale, write, acc);
        }
        double sum = Lanes.sum(DoubleVector.fromArray(S, acc, 0).add(DoubleVector.fromArray(S, acc, l)));
        for (int j = vectorEnd; j < n; j++) {
            double d = y[yOff + j] - target[tOff + j];
            sum = Math.fma(d, d, sum);
            if (write) {
                y[yOff + j] = scale * d;
            }
        }
        return sum;
    }

    /** The vector loop of {@link #squaredErrorAndResidual} over n (a multiple of two vectors), accumulators in acc. */
    private static void squaredErrorChunk(int n, double[] y, int yOff, double[] target, int tOff, double scale,
                                          boolean write, double[] acc) {
        int l = S.length();
        DoubleVector acc0 = DoubleVector.fromArray(S, acc, 0);
        DoubleVector acc1 = DoubleVector.fromArray(S, acc, l);
        for (int j = 0; j < n; j += 2 * l) {
            DoubleVector d0 = DoubleVector.fromArray(S, y, yOff + j).sub(DoubleVector.fromArray(S, target, tOff + j));
            DoubleVector d1 = DoubleVector.fromArray(S, y, yOff + j + l).sub(DoubleVector.fromArray(S, target, tOff + j + l));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
            if (write) {
                d0.mul(scale).intoArray(y, yOff + j);
                d1.mul(scale).intoArray(y, yOff + j + l);
            }
        }
        acc0.intoArray(acc, 0);
        acc1.intoArray(acc, l);
    }

    /** {@code out[outOff+i] = sum_j A[i][j]} for an m x n matrix A (lda). */
    static void rowSums(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        int l = S.length();
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            DoubleVector acc = DoubleVector.zero(S);
            int j = 0;
            for (int bound = n - l; j <= bound; j += l) {
                acc = acc.add(DoubleVector.fromArray(S, a, ai + j));
            }
            double s = Lanes.sum(acc);
            for (; j < n; j++) {
                s += a[ai + j];
            }
            out[outOff + i] = s;
        }
    }
}
