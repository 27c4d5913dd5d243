package org.teachingrnns.rnn.identification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.Teacher;

/**
 * The baseline recovers the teacher's poles from noise-free data to rounding (random stable teachers of orders
 * 2-8, the reference experiment's data shape: 80 sequences of 150 steps, washout 50), and degrades gracefully
 * with noise on the targets.
 */
class IdentifiabilityBaselineTest {

    static final int BATCH = 80;
    static final int TIME = 150;
    static final int WASHOUT = 50;
    static final boolean DEBUG = Boolean.getBoolean("baseline.debug");

    /** N(0, 1) inputs and the teacher's targets, plus Gaussian noise at the given SNR in dB (infinite: none). */
    static Sequences data(Teacher teacher, SplittableRandom rng, double snrDb) {
        double[][][] x = new double[BATCH][TIME][1];
        for (double[][] s : x) {
            for (double[] v : s) {
                v[0] = rng.nextGaussian();
            }
        }
        double[][][] y = teacher.respond(x);
        if (Double.isFinite(snrDb)) {
            double ss = 0;
            for (double[][] s : y) {
                for (double[] v : s) {
                    ss += v[0] * v[0];
                }
            }
            double sigma = Math.sqrt(ss / (BATCH * TIME)) * Math.pow(10, -snrDb / 20);
            for (double[][] s : y) {
                for (double[] v : s) {
                    v[0] += sigma * rng.nextGaussian();
                }
            }
        }
        return Sequences.of(x, y);
    }

    /** Largest distance of the optimal matching (every pole matched, order = number of estimates). */
    static double worstDistance(ComplexArray poles, ComplexArray estimate) {
        PoleMatching.Result r = PoleMatching.optimal(poles, estimate, 0.05);
        assertEquals(poles.length(), r.pairs().size());
        double worst = 0;
        for (PoleMatching.Pair p : r.pairs()) {
            worst = Math.max(worst, p.distance());
        }
        return worst;
    }

    @Test
    void noiseFreeDataGiveThePolesToRoundingForOrders2To8() {
        SplittableRandom rng = new SplittableRandom(101);
        double worstArx = 0;
        double worstEra = 0;
        for (int order = 2; order <= 8; order++) {
            for (int draw = 0; draw < 4; draw++) {
                Teacher teacher = IirTeacher.draw(order, draw == 3, 1.0, Activation.LINEAR, rng);
                IdentifiabilityBaseline b = IdentifiabilityBaseline.estimate(data(teacher, rng, Double.POSITIVE_INFINITY),
                        WASHOUT, order, 0);
                double arx = worstDistance(teacher.poles(), b.arx().poles());
                double era = worstDistance(teacher.poles(), b.era().poles());
                // The conditioning floor: the roots of the teacher's own denominator (exact poles -> zpk2tf -> roots)
                // are as far from the poles as rounding the coefficients once moves them; clustered real poles
                // (draw 3 is the real-poles-only draw) make this far above 1e-8, for any method.
                double floor = worstDistance(teacher.poles(),
                        org.teachingrnns.numeric.poly.Polynomial.roots(teacher.filter().a()));
                if (DEBUG) {
                    System.err.printf("order %d draw %d max|p| %.4f arx %.2e era %.2e floor %.2e sv_n/sv_1 %.2e%n", order,
                            draw, teacher.poles().maxAbs(), arx, era, floor,
                            b.era().singularValues()[order - 1] / b.era().singularValues()[0]);
                }
                worstArx = Math.max(worstArx, arx);
                worstEra = Math.max(worstEra, era);
                assertTrue(arx <= 1e-8, "ARX, order " + order + ", draw " + draw + ": " + arx);
                assertTrue(floor <= 1e-8, "the draw itself is not ill-conditioned: " + floor);
                // ERA's accuracy is the Hankel matrix's conditioning: eps sigma_1 / sigma_n (Weyl on the SVD and the
                // shift solve); clustered poles make sigma_n small. Exact (<= 1e-8) when sigma_n / sigma_1 >= 1e-6.
                double[] sv = b.era().singularValues();
                double bound = 1e-13 + 100 * 0x1p-52 * sv[0] / sv[order - 1];
                assertTrue(era <= bound, "ERA, order " + order + ", draw " + draw + ": " + era + " > " + bound);
                if (sv[order - 1] >= 1e-6 * sv[0]) {
                    assertTrue(era <= 1e-8, "ERA, order " + order + ", draw " + draw + ": " + era);
                }
                // ARX(n, 0) finds the all-pole teacher's gain: b = [1].
                assertEquals(1.0, b.arx().b()[0], 1e-9);
                assertTrue(b.arx().residualRms() <= 1e-10, "noise-free equations hold: " + b.arx().residualRms());
            }
        }
        if (DEBUG) {
            System.err.printf("worst arx %.2e era %.2e%n", worstArx, worstEra);
        }
    }

    @Test
    void aLinearRnnTeacherIsRecoveredToo() {
        // A random linear RNN (input and output weights not in companion form): ARX(n, n) and ERA both apply.
        SplittableRandom rng = new SplittableRandom(7);
        int n = 4;
        RnnModel m = RnnModel.zeros(Activation.LINEAR, 1, n, 1, false, false);
        for (int i = 0; i < n; i++) {
            m.set(Parameter.W_IH, i, 0, rng.nextGaussian());
            m.set(Parameter.W_HO, 0, i, rng.nextGaussian());
            for (int j = 0; j < n; j++) {
                m.set(Parameter.W_HH, i, j, 0.45 * rng.nextGaussian());
            }
        }
        Teacher teacher = Teacher.ofModel(m);
        assertTrue(teacher.poles().maxAbs() < 1, "a stable draw");
        IdentifiabilityBaseline b = IdentifiabilityBaseline.estimate(data(teacher, rng, Double.POSITIVE_INFINITY),
                WASHOUT, n, n - 1);
        assertTrue(worstDistance(teacher.poles(), b.arx().poles()) <= 1e-8);
        assertTrue(worstDistance(teacher.poles(), b.era().poles()) <= 1e-8);
    }

    /**
     * Noise on the targets, the same inputs and noise sequence at SNR 100, 80, 60 and 40 dB (noise std 1e-5 .. 1e-2
     * of the target's), 21 default draws (orders 2-8). In the linear regime the pole error grows with the noise
     * amplitude, 10x per 20 dB; ARX of the teacher's orders aligns every pole (<= 0.05) at 80 dB and most at 40 dB.
     * ERA fits 150 impulse-response samples and loses a pole whose Hankel singular value falls under the noise
     * (poles of modulus below about 0.3 already at 100 dB): it is the second opinion, ARX the baseline.
     */
    @Test
    void noiseOnTheTargetsDegradesGracefully() {
        SplittableRandom rng = new SplittableRandom(202);
        double[] snrs = {100, 80, 60, 40};
        int aligned40 = 0;
        int poles = 0;
        int linearChecks = 0;
        for (int order = 2; order <= 8; order++) {
            for (int draw = 0; draw < 3; draw++) {
                Teacher teacher = IirTeacher.draw(order, false, 1.0, Activation.LINEAR, rng);
                long seed = rng.nextLong();
                double[] arxErr = new double[snrs.length];
                double[] eraErr = new double[snrs.length];
                StringBuilder line = new StringBuilder(String.format("order %d max|p| %.3f min|p| %.3f", order,
                        teacher.poles().maxAbs(), minAbs(teacher.poles())));
                for (int k = 0; k < snrs.length; k++) {
                    IdentifiabilityBaseline b = IdentifiabilityBaseline.estimate(
                            data(teacher, new SplittableRandom(seed), snrs[k]), WASHOUT, order, 0);
                    arxErr[k] = worstDistance(teacher.poles(), b.arx().poles());
                    eraErr[k] = worstDistance(teacher.poles(), b.era().poles());
                    PoleMatching.Result arx = PoleMatching.optimal(teacher.poles(), b.arx().poles(), 0.05);
                    line.append(String.format(" | %3.0f dB arx %.1e (%d) era %.1e", snrs[k], arxErr[k], arx.aligned(),
                            eraErr[k]));
                    if (snrs[k] == 80) {
                        assertEquals(order, arx.aligned(), "ARX at 80 dB: " + line);
                    }
                    if (snrs[k] == 40) {
                        aligned40 += arx.aligned();
                        poles += order;
                    }
                }
                if (DEBUG) {
                    System.err.println(line);
                }
                // Linear regime (error at 100 dB below 1e-3): 20 dB more noise, 10x the error (3x..30x allowed).
                for (double[] err : new double[][] {arxErr, eraErr}) {
                    if (err[0] < 1e-3) {
                        double ratio = err[1] / err[0];
                        assertTrue(ratio >= 3 && ratio <= 30, "error ratio 80 dB / 100 dB " + ratio + ": " + line);
                        linearChecks++;
                    }
                }
            }
        }
        assertTrue(linearChecks >= 30, "too few draws in the linear regime: " + linearChecks);
        assertTrue(aligned40 >= 0.7 * poles, "ARX at 40 dB aligned " + aligned40 + " of " + poles);
        if (DEBUG) {
            System.err.printf("ARX at 40 dB aligned %d of %d; linear-regime checks %d%n", aligned40, poles, linearChecks);
        }
    }

    static double minAbs(ComplexArray z) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < z.length(); i++) {
            m = Math.min(m, z.abs(i));
        }
        return m;
    }

    @Test
    void resultsJsonBlockHasBothMethodsWithMatching() {
        SplittableRandom rng = new SplittableRandom(3);
        Teacher teacher = IirTeacher.draw(5, false, 1.0, Activation.LINEAR, rng);
        IdentifiabilityBaseline b = IdentifiabilityBaseline.estimate(data(teacher, rng, Double.POSITIVE_INFINITY),
                WASHOUT, 5, 0);
        Map<String, Object> m = b.toMap(teacher.poles(), 0.05);
        assertEquals(5, m.get("order"));
        for (String method : List.of("arx", "era")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> block = (Map<String, Object>) m.get(method);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> matching = (Map<String, Map<String, Object>>) block.get("matching");
            assertEquals(5, matching.get("optimal").get("aligned"), method);
            assertEquals(5, matching.get("greedy").get("aligned"), method);
            assertEquals(5, ((double[][]) block.get("poles")).length);
        }
    }

    @Test
    void badInputIsRejected() {
        SplittableRandom rng = new SplittableRandom(4);
        Teacher teacher = IirTeacher.draw(3, false, 1.0, Activation.LINEAR, rng);
        Sequences d = data(teacher, rng, Double.POSITIVE_INFINITY);
        assertThrows(IllegalArgumentException.class, () -> ArxFit.fit(d, TIME, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> ArxFit.fit(d, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FirFit.fit(d, 0, TIME + 1));
        assertThrows(IllegalArgumentException.class, () -> HoKalman.realize(new double[5], 3));
        assertThrows(IllegalArgumentException.class, () -> HoKalman.realize(new double[20], 2),
                "a zero impulse response has no order-2 realisation");
        Sequences two = Sequences.of(new double[2][10][2], new double[2][10][1]);
        assertThrows(IllegalArgumentException.class, () -> ArxFit.fit(two, 0, 2, 0));
        Sequences shortData = Sequences.of(new double[1][12][1], new double[1][12][1]);
        assertThrows(IllegalArgumentException.class, () -> FirFit.fit(shortData, 8, 10), "fewer equations than unknowns");
    }
}
