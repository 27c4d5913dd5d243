package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.VectorActivation;

/**
 * The float register-resident kernels (the generated {@link FloatSmallRecurrence}) against a per-column scalar float
 * reference with the same fused multiply-adds in the same order, bit for bit, as {@link SmallRecurrenceTest} does for
 * the double ones: vector strip pairs, single strips and scalar columns (float has twice the lanes, so the batch
 * here is in float lanes); time chunks with the state reloaded between them; one and several inputs and outputs;
 * every activation; biases. The reference applies f as {@link Activation#applyFloat} and f' as
 * {@link Activation#chainDerivativeFloat}, the one place each is written for float. The weight-gradient kernel
 * against the same sums in its own order (per-lane partial sums over each column panel, the lanes added in lane
 * order, the scalar tail, the panels added in turn).
 */
class FloatSmallRecurrenceTest {

    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void forwardBackwardAndGradientMatchTheScalarFloatReferenceBitForBit() {
        SplittableRandom rng = new SplittableRandom(20261130);
        int[] times = {1, FloatSmallRecurrence.CHUNK - 1, FloatSmallRecurrence.CHUNK, 2 * FloatSmallRecurrence.CHUNK + 5};
        // A pair, a single strip and three scalar columns; one pair only; a single strip and three scalar columns.
        for (int batch : new int[] {3 * L + 3, 2 * L, L + 3}) {
            for (int hid = 1; hid <= FloatSmallRecurrence.MAX_HIDDEN; hid++) {
                for (int io = 1; io <= 2; io++) {
                    for (Activation f : Activation.values()) {
                        int time = times[rng.nextInt(times.length)];
                        check(rng, hid, io, io == 1 ? 1 : 3, batch, time, time / 3, f, rng.nextBoolean());
                    }
                }
            }
        }
    }

    private static void check(SplittableRandom rng, int hid, int in, int out, int batch, int time, int washout,
                              Activation f, boolean withBias) {
        int tb = time * batch;
        int ldh = (time + 1) * batch;
        int kept = (time - washout) * batch;
        int oIh = 0;
        int oHh = hid * in;
        int oHo = oHh + hid * hid;
        int oBh = oHo + out * hid;
        float[] p = random(rng, oBh + hid, 0.6);
        float[] x = random(rng, in * tb, 1.0);
        float[] hs = new float[hid * ldh];
        for (int h = 0; h < hid; h++) {
            for (int b = 0; b < batch; b++) {
                hs[h * ldh + b] = (float) rng.nextDouble(-1, 1);
            }
        }
        float[] ref = hs.clone();
        String what = "batch " + batch + ", hid " + hid + ", in " + in + ", out " + out + ", time " + time + ", " + f;
        FloatSmallRecurrence.forward(hid, in, batch, time, p, oIh, oHh, withBias ? p : null, oBh, VectorActivation.of(f),
                x, hs);
        for (int j = 0; j < batch; j++) {
            for (int t = 0; t < time; t++) {
                for (int i = 0; i < hid; i++) {
                    float z = withBias ? p[oBh + i] : 0f;
                    for (int u = 0; u < in; u++) {
                        z = Math.fma(x[u * tb + t * batch + j], p[oIh + i * in + u], z);
                    }
                    for (int q = 0; q < hid; q++) {
                        z = Math.fma(ref[q * ldh + t * batch + j], p[oHh + i * hid + q], z);
                    }
                    ref[i * ldh + (t + 1) * batch + j] = f.applyFloat(z);
                }
            }
        }
        assertBits(ref, hs, "forward, " + what);

        float[] dy = random(rng, out * kept, 1.0);
        float[] delta = new float[hid * tb];
        float[] refDelta = new float[hid * tb];
        FloatSmallRecurrence.backward(hid, out, batch, time, washout, p, oHo, oHh, VectorActivation.of(f), dy, hs, delta);
        for (int j = 0; j < batch; j++) {
            for (int t = time - 1; t >= 0; t--) {
                for (int i = 0; i < hid; i++) {
                    float g = 0f;
                    if (t >= washout) {
                        for (int o = 0; o < out; o++) {
                            g = Math.fma(dy[o * kept + (t - washout) * batch + j], p[oHo + o * hid + i], g);
                        }
                    }
                    if (t < time - 1) {
                        for (int q = 0; q < hid; q++) {
                            g = Math.fma(refDelta[q * tb + (t + 1) * batch + j], p[oHh + q * hid + i], g);
                        }
                    }
                    refDelta[i * tb + t * batch + j] = f.chainDerivativeFloat(g, hs[i * ldh + (t + 1) * batch + j]);
                }
            }
        }
        assertBits(refDelta, delta, "backward, " + what);

        // dW_hh = dZ H_prev^T into c, and with one input dW_ih = dZ x^T into cx, at offsets.
        int cOff = 3;
        float[] c = new float[cOff + hid * hid];
        float[] cx = new float[cOff + hid];
        float[] refC = c.clone();
        float[] refCx = cx.clone();
        float[] xs = in == 1 ? x : null;
        FloatSmallRecurrence.recurrentGradient(hid, delta, tb, hs, ldh, c, cOff, xs, cx, cOff,
                FloatSmallRecurrence.laneScratch());
        for (int i = 0; i < hid; i++) {
            for (int j = 0; j < hid; j++) {
                refC[cOff + i * hid + j] = laneOrderDot(delta, i * tb, hs, j * ldh, tb);
            }
            if (xs != null) {
                refCx[cOff + i] = laneOrderDot(delta, i * tb, x, 0, tb);
            }
        }
        assertBits(refC, c, "dW_hh, " + what);
        assertBits(refCx, cx, "dW_ih, " + what);
    }

    /** sum_k a[aOff+k] b[bOff+k] over k < n in the kernel's order: panels of NT_KC, L partial sums per panel. */
    private static float laneOrderDot(float[] a, int aOff, float[] b, int bOff, int n) {
        float total = 0f;
        for (int k0 = 0; k0 < n; k0 += Kernels.NT_KC) {
            int end = k0 + Math.min(Kernels.NT_KC, n - k0);
            float[] lanes = new float[L];
            int k = k0;
            for (; k + L <= end; k += L) {
                for (int q = 0; q < L; q++) {
                    lanes[q] = Math.fma(a[aOff + k + q], b[bOff + k + q], lanes[q]);
                }
            }
            float s = 0f;
            for (int q = 0; q < L; q++) {
                s += lanes[q];
            }
            for (; k < end; k++) {
                s = Math.fma(a[aOff + k], b[bOff + k], s);
            }
            total = k0 > 0 ? total + s : s;
        }
        return total;
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(-scale, scale);
        }
        return a;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        what + ", element " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
