package org.teachingrnns.rnn.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.teachingrnns.rnn.compute.BpttEngine;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Every BPTT engine, forced explicitly in this one JVM, against {@link ReferenceBptt} to 1e-12 relative: linear,
 * tanh and relu; with and without biases; full and truncated; h0 given or zero; hidden 1..40; batch 1, 3, 17 and
 * 80 (80 = the default experiment's, 17 = an odd count above the Blas threshold, 3 = below one vector).
 */
class EngineAgreementTest {

    /** Relative tolerance, per array: max |engine - reference| <= TOL * max |reference|. */
    static final double TOL = 1e-12;

    static final int[] BATCHES = {1, 3, 17, 80};

    static Compute compute(BpttEngine e) {
        return (e == BpttEngine.SCALAR ? Compute.scalar() : Compute.of("vector")).withEngine(e);
    }

    static boolean runs(BpttEngine e, int hidden, Activation f) {
        return e != BpttEngine.REGISTER_RESIDENT || hidden <= SmallRecurrence.MAX_HIDDEN;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyEngineAgreesWithTheReference(Activation f) {
        Map<BpttEngine, Compute> computes = new EnumMap<>(BpttEngine.class);
        for (BpttEngine e : BpttEngine.values()) {
            computes.put(e, compute(e));
        }
        Map<BpttEngine, Integer> cases = new EnumMap<>(BpttEngine.class);
        for (int hidden = 1; hidden <= 40; hidden++) {
            for (int batch : BATCHES) {
                // Not every combination at every size (that is ~4000 reference passes): biases, truncation and h0
                // cycle with the size, so each appears at small, medium and large hidden sizes and every batch.
                int variant = hidden * 7 + batch;
                boolean bias = variant % 2 == 0;
                int truncation = (variant / 2) % 2 == 0 ? 0 : 1 + variant % 4;
                boolean withH0 = (variant / 4) % 2 == 0;
                int in = 1 + hidden % 3;
                int out = 1 + (hidden / 3) % 2;
                SplittableRandom rng = new SplittableRandom(1000L * hidden + batch + 31L * f.ordinal());
                Case c = new Case(f, in, hidden, out, batch, 11, 3, truncation, bias, withH0, rng);
                for (BpttEngine e : BpttEngine.values()) {
                    if (runs(e, hidden, f)) {
                        c.check(computes.get(e));
                        cases.merge(e, 1, Integer::sum);
                    }
                }
            }
        }
        assertEquals(40 * BATCHES.length, cases.get(BpttEngine.SCALAR));
        assertEquals(40 * BATCHES.length, cases.get(BpttEngine.GEMM));
        assertEquals(40 * BATCHES.length, cases.get(BpttEngine.FUSED_STEP));
        assertEquals(SmallRecurrence.MAX_HIDDEN * BATCHES.length, cases.get(BpttEngine.REGISTER_RESIDENT));
    }

    @Test
    void everyCombinationAtTheDefaultExperimentsShape() {
        // hidden 5, batch 80, one input, one output: the combinations the cycling above spreads out, all of them here.
        for (Activation f : Activation.values()) {
            for (boolean bias : new boolean[] {false, true}) {
                for (int k : new int[] {0, 1, 4, 30}) {
                    for (boolean withH0 : new boolean[] {false, true}) {
                        Case c = new Case(f, 1, 5, 1, 80, 30, 7, k, bias, withH0, new SplittableRandom(5 + k));
                        for (BpttEngine e : BpttEngine.values()) {
                            if (runs(e, 5, f)) {
                                c.check(compute(e));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theAutomaticChoiceMatchesTheShapes() {
        Compute vector = Compute.of("vector");
        assertEquals(BpttEngine.REGISTER_RESIDENT, BpttWorkspace.engineFor(vector, 5, 80, Activation.LINEAR));
        for (Activation f : Activation.values()) {
            assertEquals(BpttEngine.REGISTER_RESIDENT, BpttWorkspace.engineFor(vector, 5, 80, f), f.key());
            assertEquals(BpttEngine.REGISTER_RESIDENT, BpttWorkspace.engineFor(vector, 6, 3, f), f.key());
        }
        assertEquals(BpttEngine.FUSED_STEP, BpttWorkspace.engineFor(vector, 7, 80, Activation.TANH));
        assertEquals(BpttEngine.FUSED_STEP, BpttWorkspace.engineFor(vector, 20, 3, Activation.TANH));
        assertEquals(BpttEngine.GEMM, BpttWorkspace.engineFor(vector, 256, 64, Activation.TANH));
        assertEquals(BpttEngine.GEMM, BpttWorkspace.engineFor(vector, 20, 17, Activation.RELU));
        for (int hidden : new int[] {1, 5, 40}) {
            assertEquals(BpttEngine.SCALAR, BpttWorkspace.engineFor(Compute.scalar(), hidden, 80, Activation.LINEAR));
        }
    }

    /** A random model, data and h0 with the reference's answer, to check engines against. */
    private static final class Case {
        final RnnModel m;
        final Sequences d;
        final double[][] h0;
        final int washout;
        final int truncation;
        final Bptt.LossAndGradients ref;
        final String what;

        Case(Activation f, int in, int hidden, int out, int batch, int time, int washout, int truncation, boolean bias,
             boolean withH0, SplittableRandom rng) {
            this.m = RandomModels.model(rng, f, in, hidden, out, bias, bias, 0.9 / Math.sqrt(hidden));
            this.d = RandomModels.data(rng, batch, time, in, out);
            this.h0 = withH0 ? RandomModels.h0(rng, batch, hidden) : null;
            this.washout = washout;
            this.truncation = truncation;
            this.ref = ReferenceBptt.lossAndGradients(m, d, washout, truncation, h0);
            this.what = f + " in " + in + " hidden " + hidden + " out " + out + " batch " + batch
                    + (bias ? " biases" : "") + " k=" + truncation + (withH0 ? " h0" : "");
        }

        void check(Compute compute) {
            Bptt.LossAndGradients got = Bptt.lossAndGradients(m, d, washout, truncation, h0, compute);
            String w = compute.forcedEngine() + " " + what;
            assertClose(new double[] {ref.loss()}, new double[] {got.loss()}, w + ": loss");
            for (Parameter p : m.parameters()) {
                assertClose(ref.gradient().flat(p), got.gradient().flat(p), w + ": d" + p.key());
            }
            assertClose(flat(ref.dLossDh0()), flat(got.dLossDh0()), w + ": dh0");
            assertClose(flat(ref.lastHidden()), flat(got.lastHidden()), w + ": last hidden state");
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0.0;
        double diff = 0.0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double e = Math.abs(expected[i] - actual[i]);
            diff = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(diff, e);
        }
        double relative = diff == 0.0 ? 0.0 : diff / scale;
        assertTrue(relative <= TOL, what + ": relative difference " + relative + " (max |ref| " + scale + ")");
    }

    static double[] flat(double[][] a) {
        return Stream.of(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
