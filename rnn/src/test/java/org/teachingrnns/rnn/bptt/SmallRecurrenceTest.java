package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.VectorActivation;

/**
 * The register-resident kernels against a per-column scalar reference with the same fused multiply-adds in the same
 * order, bit for bit: vector strip pairs, single strips and the scalar columns; time chunks ({@link
 * SmallRecurrence#CHUNK}) with the state reloaded between them; one and several inputs and outputs; every activation (tanh through the kernels' array
 * path); biases.
 * The reference applies f and f' through {@link Activation}'s array methods, the one place they are written.
 */
class SmallRecurrenceTest {

    private static final int L = DoubleVector.SPECIES_PREFERRED.length();

    @Test
    void forwardAndBackwardMatchTheScalarReferenceBitForBit() {
        SplittableRandom rng = new SplittableRandom(20261129);
        int batch = 3 * L + 3; // one strip pair, one single strip, three scalar columns
        int[] times = {1, SmallRecurrence.CHUNK - 1, SmallRecurrence.CHUNK, 2 * SmallRecurrence.CHUNK + 5};
        for (int hid = 1; hid <= SmallRecurrence.MAX_HIDDEN; hid++) {
            for (int io = 1; io <= 2; io++) {
                for (Activation f : Activation.values()) {
                    int time = times[rng.nextInt(times.length)];
                    check(rng, hid, io, io == 1 ? 1 : 3, batch, time, time / 3, f, rng.nextBoolean());
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
        double[] p = random(rng, oBh + hid, 0.6);
        double[] x = random(rng, in * tb, 1.0);
        double[] hs = new double[hid * ldh];
        for (int h = 0; h < hid; h++) {
            for (int b = 0; b < batch; b++) {
                hs[h * ldh + b] = rng.nextDouble(-1, 1);
            }
        }
        double[] ref = hs.clone();
        // f is the one place of f and f'; the kernels get its lane-wise form.
        String what = "hid " + hid + ", in " + in + ", out " + out + ", time " + time + ", " + f;
        SmallRecurrence.forward(hid, in, batch, time, p, oIh, oHh, withBias ? p : null, oBh, VectorActivation.of(f), x,
                hs);
        for (int j = 0; j < batch; j++) {
            for (int t = 0; t < time; t++) {
                for (int i = 0; i < hid; i++) {
                    double z = withBias ? p[oBh + i] : 0.0;
                    for (int u = 0; u < in; u++) {
                        z = Math.fma(x[u * tb + t * batch + j], p[oIh + i * in + u], z);
                    }
                    for (int q = 0; q < hid; q++) {
                        z = Math.fma(ref[q * ldh + t * batch + j], p[oHh + i * hid + q], z);
                    }
                    int o = i * ldh + (t + 1) * batch + j;
                    ref[o] = z;
                    f.applyInPlace(ref, o, 1);
                }
            }
        }
        assertBits(ref, hs, "forward, " + what);

        double[] dy = random(rng, out * kept, 1.0);
        double[] delta = new double[hid * tb];
        double[] refDelta = new double[hid * tb];
        SmallRecurrence.backward(hid, out, batch, time, washout, p, oHo, oHh, VectorActivation.of(f), dy, hs, delta);
        for (int j = 0; j < batch; j++) {
            for (int t = time - 1; t >= 0; t--) {
                for (int i = 0; i < hid; i++) {
                    double g = 0.0;
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
                    refDelta[i * tb + t * batch + j] = g;
                    f.multiplyByDerivative(refDelta, i * tb + t * batch + j, hs, i * ldh + (t + 1) * batch + j, 1);
                }
            }
        }
        assertBits(refDelta, delta, "backward, " + what);
    }

    private static double[] random(SplittableRandom rng, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble(-scale, scale);
        }
        return a;
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + ", element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
