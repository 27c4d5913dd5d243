package org.teachingrnns.rnn.bptt;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.teachingrnns.numeric.vector.Lanes;

/**
 * The thin float products of {@link FloatProducts} on the Vector API, as {@link Kernels} does them in double: the
 * row-times-batch products keep each row of C in registers over four vector strips of the contiguous batch
 * while the broadcast FMAs run over k; the long dot products of a thin model's weight gradients run four
 * independent vector accumulators, summed in a fixed order ({@link Lanes#sum}). Loaded only when the compute's
 * engines are the Vector API ones.
 */
final class FloatVectorKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FloatVectorKernels() {
    }

    /** {@code C (+)= op(A) B} with few rows and a long contiguous n. */
    static void thin(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     boolean accumulate, float[] c, int cOff, int ldc) {
        int l = S.length();
        int j = 0;
        for (int bound = n - 4 * l; j <= bound; j += 4 * l) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                FloatVector acc0 = accumulate ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
                FloatVector acc1 = accumulate ? FloatVector.fromArray(S, c, ci + l) : FloatVector.zero(S);
                FloatVector acc2 = accumulate ? FloatVector.fromArray(S, c, ci + 2 * l) : FloatVector.zero(S);
                FloatVector acc3 = accumulate ? FloatVector.fromArray(S, c, ci + 3 * l) : FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    FloatVector w = FloatVector.broadcast(S, a[aOff + (transA ? p * lda + i : i * lda + p)]);
                    int bp = bOff + p * ldb + j;
                    acc0 = FloatVector.fromArray(S, b, bp).fma(w, acc0);
                    acc1 = FloatVector.fromArray(S, b, bp + l).fma(w, acc1);
                    acc2 = FloatVector.fromArray(S, b, bp + 2 * l).fma(w, acc2);
                    acc3 = FloatVector.fromArray(S, b, bp + 3 * l).fma(w, acc3);
                }
                acc0.intoArray(c, ci);
                acc1.intoArray(c, ci + l);
                acc2.intoArray(c, ci + 2 * l);
                acc3.intoArray(c, ci + 3 * l);
            }
        }
        // Fewer than 4L columns are left: at most one two-vector and one one-vector block, as ifs (as a loop, C2's
        // loop-limit predicate failed in the last chunk of every pass and forced a recompile; see Kernels.step).
        if (j <= n - 2 * l) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                FloatVector acc0 = accumulate ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
                FloatVector acc1 = accumulate ? FloatVector.fromArray(S, c, ci + l) : FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    FloatVector w = FloatVector.broadcast(S, a[aOff + (transA ? p * lda + i : i * lda + p)]);
                    int bp = bOff + p * ldb + j;
                    acc0 = FloatVector.fromArray(S, b, bp).fma(w, acc0);
                    acc1 = FloatVector.fromArray(S, b, bp + l).fma(w, acc1);
                }
                acc0.intoArray(c, ci);
                acc1.intoArray(c, ci + l);
            }
            j += 2 * l;
        }
        if (j <= n - l) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                FloatVector acc = accumulate ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    FloatVector w = FloatVector.broadcast(S, a[aOff + (transA ? p * lda + i : i * lda + p)]);
                    acc = FloatVector.fromArray(S, b, bOff + p * ldb + j).fma(w, acc);
                }
                acc.intoArray(c, ci);
            }
            j += l;
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + j;
                float acc = accumulate ? c[ci] : 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + (transA ? p * lda + i : i * lda + p)], b[bOff + p * ldb + j], acc);
                }
                c[ci] = acc;
            }
        }
    }

    /** A float dot product of length k: four vector accumulators, a fixed-order lane sum, a scalar tail. */
    static float dot(int k, float[] a, int aOff, float[] b, int bOff) {
        int l = S.length();
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int p = 0;
        for (int bound = k - 4 * l; p <= bound; p += 4 * l) {
            s0 = FloatVector.fromArray(S, a, aOff + p).fma(FloatVector.fromArray(S, b, bOff + p), s0);
            s1 = FloatVector.fromArray(S, a, aOff + p + l).fma(FloatVector.fromArray(S, b, bOff + p + l), s1);
            s2 = FloatVector.fromArray(S, a, aOff + p + 2 * l).fma(FloatVector.fromArray(S, b, bOff + p + 2 * l), s2);
            s3 = FloatVector.fromArray(S, a, aOff + p + 3 * l).fma(FloatVector.fromArray(S, b, bOff + p + 3 * l), s3);
        }
        for (int bound = k - l; p <= bound; p += l) {
            s0 = FloatVector.fromArray(S, a, aOff + p).fma(FloatVector.fromArray(S, b, bOff + p), s0);
        }
        float s = Lanes.sum(s0.add(s1).add(s2.add(s3)));
        for (; p < k; p++) {
            s = Math.fma(a[aOff + p], b[bOff + p], s);
        }
        return s;
    }
}
