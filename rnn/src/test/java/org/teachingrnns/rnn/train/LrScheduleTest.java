package org.teachingrnns.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedules against torch.optim.lr_scheduler itself, and their documented properties without torch. */
class LrScheduleTest {

    private static final int EPOCHS = 100;
    private static final double TOLERANCE = 1e-12;

    @TempDir
    Path dir;

    /** A training-loss-like sequence: falls, stalls (noise below and above the 1e-4 threshold), falls again. */
    static double[] losses(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] l = new double[EPOCHS];
        double v = 1.0;
        for (int e = 0; e < EPOCHS; e++) {
            if (e < 20 || (e >= 50 && e < 65)) {
                v *= 0.9;
            } else if (e < 35) {
                v *= 1.0 + 1e-5 * rng.nextGaussian();   // a plateau within the relative threshold
            } else {
                v *= 1.0 + 1e-2 * rng.nextGaussian();   // noise: some epochs improve, most do not
            }
            l[e] = v;
        }
        return l;
    }

    private record Case(Map<String, Object> spec, Supplier<LrSchedule> java) {
    }

    private static Map<String, Object> spec(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(spec("kind", "constant", "lr", 0.01), () -> LrSchedule.constant(0.01)));
        c.add(new Case(spec("kind", "step", "lr", 0.1, "step_size", 7, "gamma", 0.5), () -> new StepLr(0.1, 7, 0.5)));
        c.add(new Case(spec("kind", "step", "lr", 0.03, "step_size", 1, "gamma", 0.9), () -> new StepLr(0.03, 1, 0.9)));
        c.add(new Case(spec("kind", "exponential", "lr", 0.01, "gamma", 0.97), () -> new ExponentialLr(0.01, 0.97)));
        c.add(new Case(spec("kind", "cosine", "lr", 0.01, "T_max", 30, "eta_min", 1e-4),
                () -> new CosineAnnealingLr(0.01, 30, 1e-4)));
        c.add(new Case(spec("kind", "cosine", "lr", 0.05, "T_max", 100, "eta_min", 0.0),
                () -> new CosineAnnealingLr(0.05, 100, 0.0)));
        c.add(new Case(spec("kind", "cosine", "lr", 0.2, "T_max", 7, "eta_min", 0.01),
                () -> new CosineAnnealingLr(0.2, 7, 0.01)));
        c.add(new Case(spec("kind", "plateau", "lr", 0.01), () -> new ReduceLrOnPlateau(0.01)));
        c.add(new Case(spec("kind", "plateau", "lr", 0.01, "factor", 0.5, "patience", 3, "threshold", 1e-3,
                "threshold_mode", "abs", "cooldown", 2, "min_lr", 1e-4, "eps", 1e-8),
                () -> new ReduceLrOnPlateau(0.01, 0.5, 3, 1e-3, ReduceLrOnPlateau.ThresholdMode.ABS, 2, 1e-4, 1e-8)));
        c.add(new Case(spec("kind", "plateau", "lr", 0.1, "factor", 0.3, "patience", 2, "threshold", 0.05,
                "threshold_mode", "rel", "cooldown", 5, "min_lr", 0.0, "eps", 1e-3),
                () -> new ReduceLrOnPlateau(0.1, 0.3, 2, 0.05, ReduceLrOnPlateau.ThresholdMode.REL, 5, 0.0, 1e-3)));
        c.add(new Case(spec("kind", "cosine", "lr", 0.01, "T_max", 90, "eta_min", 1e-5, "warmup", 10,
                "start_factor", 0.1), () -> new LinearWarmup(0.1, 10, new CosineAnnealingLr(0.01, 90, 1e-5))));
        c.add(new Case(spec("kind", "step", "lr", 0.02, "step_size", 10, "gamma", 0.3, "warmup", 5,
                "start_factor", 0.25), () -> new LinearWarmup(0.25, 5, new StepLr(0.02, 10, 0.3))));
        c.add(new Case(spec("kind", "exponential", "lr", 0.01, "gamma", 0.95, "warmup", 8, "start_factor", 0.5),
                () -> new LinearWarmup(0.5, 8, new ExponentialLr(0.01, 0.95))));
        c.add(new Case(spec("kind", "plateau", "lr", 0.01, "patience", 4, "warmup", 10, "start_factor", 0.2),
                () -> new LinearWarmup(0.2, 10, new ReduceLrOnPlateau(0.01, 0.1, 4, 1e-4,
                        ReduceLrOnPlateau.ThresholdMode.REL, 0, 0.0, 1e-8))));
        return c;
    }

    /** lr of epochs 1..n as a training loop sees it: read, step the optimizer, step the schedule with the loss. */
    static double[] run(LrSchedule s, double[] losses) {
        double[] lrs = new double[losses.length];
        for (int e = 0; e < losses.length; e++) {
            lrs[e] = s.lr();
            s.step(losses[e]);
        }
        return lrs;
    }

    @Test
    void everyScheduleMatchesTorchForAHundredEpochs() throws Exception {
        TorchScript.assumeTorch();
        double[] losses = losses(10);
        List<Case> cases = cases();
        List<Map<String, Object>> specs = new ArrayList<>();
        for (Case c : cases) {
            Map<String, Object> s = new LinkedHashMap<>(c.spec());
            s.put("epochs", EPOCHS);
            s.put("losses", losses);
            specs.add(s);
        }
        JsonNode torch = TorchScript.run(dir, "schedule", Map.of("cases", specs)).get("lrs");
        assertEquals(cases.size(), torch.size());
        int changing = 0;
        for (int i = 0; i < cases.size(); i++) {
            double[] expected = TorchScript.doubles(torch.get(i));
            double[] actual = run(cases.get(i).java().get(), losses);
            for (int e = 0; e < EPOCHS; e++) {
                double rel = Math.abs(actual[e] - expected[e]) / Math.abs(expected[e]);
                String where = cases.get(i).spec() + " epoch " + (e + 1) + ": java " + actual[e] + ", torch " + expected[e];
                assertTrue(rel <= TOLERANCE || actual[e] == expected[e], where);
            }
            changing += expected[0] != expected[EPOCHS - 1] ? 1 : 0;
        }
        assertEquals(cases.size() - 1, changing, "every schedule but the constant one changes the lr");
    }

    @Test
    void cosineFollowsItsClosedFormWithinTheFirstPeriodAndRisesAfter() {
        double base = 0.01;
        double etaMin = 1e-4;
        int tMax = 40;
        double[] lrs = run(new CosineAnnealingLr(base, tMax, etaMin), new double[2 * tMax + 1]);
        for (int e = 0; e <= tMax; e++) {
            double closed = etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2;
            assertEquals(closed, lrs[e], 1e-14 * base, "epoch index " + e);
        }
        assertEquals(etaMin, lrs[tMax], 1e-15);
        assertEquals(base, lrs[2 * tMax], 1e-12 * base, "the recursion continues the cosine back to the base lr");
    }

    @Test
    void stepAndExponentialAreRepeatedProducts() {
        double[] step = run(new StepLr(0.1, 5, 0.5), new double[23]);
        assertEquals(0.1, step[4]);
        assertEquals(0.05, step[5]);
        assertEquals(0.025, step[10]);
        assertEquals(0.1 * 0.5 * 0.5 * 0.5 * 0.5, step[20]);
        double[] exp = run(new ExponentialLr(1.0, 0.9), new double[4]);
        assertEquals(0.9 * 0.9 * 0.9, exp[3]);
    }

    @Test
    void plateauReducesAfterPatienceAndHonoursCooldownAndMinLr() {
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(1.0, 0.5, 2, 0.0, ReduceLrOnPlateau.ThresholdMode.ABS, 1, 0.3, 1e-8);
        double[] flat = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] lrs = run(p, flat);
        // epoch 1 improves on inf; epochs 2, 3, 4 are bad: the third bad epoch (> patience 2) halves the lr;
        // epoch 5 is cooldown (bad ignored); 6, 7, 8 bad: 0.5 -> max(0.25, 0.3) = 0.3; then no reduction below min_lr.
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.3), toList(lrs));
        assertEquals(0.3, p.lr());
        assertEquals(2, p.reductions());
        for (int i = 0; i < 10; i++) {
            p.step(1.0);
        }
        assertEquals(0.3, p.lr(), "min_lr is a floor");
        ReduceLrOnPlateau improving = new ReduceLrOnPlateau(1.0);
        double[] falling = new double[50];
        for (int i = 0; i < falling.length; i++) {
            falling[i] = Math.pow(0.99, i);
        }
        run(improving, falling);
        assertEquals(1.0, improving.lr(), "a loss that keeps improving by more than the threshold never reduces");
    }

    @Test
    void warmupRampsLinearlyToTheBaseLr() {
        double[] lrs = run(new LinearWarmup(0.2, 4, new ExponentialLr(1.0, 0.5)), new double[7]);
        assertEquals(0.2, lrs[0], 1e-15);
        assertEquals(0.4, lrs[1], 1e-15);
        assertEquals(0.6, lrs[2], 1e-15);
        assertEquals(0.8, lrs[3], 1e-15);
        assertEquals(1.0, lrs[4]);
        assertEquals(0.5, lrs[5]);
        assertEquals(0.25, lrs[6]);
    }

    @Test
    void optimizersTakeTheLearningRateTheyAreGiven() {
        Sgd sgd = new Sgd(1, 0.1, 0.0, 0.0, 0.0, false);
        double[] p = {1.0};
        sgd.setLearningRate(0.5);
        sgd.step(p, new double[] {2.0});
        assertEquals(0.0, p[0]);
        assertEquals(0.5, sgd.learningRate());
        Adam adam = new Adam(1, 0.1, 0.9, 0.999, 0.0, 0.0, false);
        adam.setLearningRate(0.25);
        double[] q = {1.0};
        adam.step(q, new double[] {3.0});
        assertEquals(0.75, q[0], 1e-15, "Adam's first step moves by lr");
        assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
    }

    @Test
    void settingsBuildTheSameSchedules() {
        double[] losses = losses(3);
        ScheduleSettings cosine = new ScheduleSettings(ScheduleKind.COSINE, 1000, 0.1, 0, 1e-5, 0.1, 10, 1e-4,
                ReduceLrOnPlateau.ThresholdMode.REL, 0, 0.0, 10, 0.1);
        assertEquals(toList(run(new LinearWarmup(0.1, 10, new CosineAnnealingLr(0.01, 90, 1e-5)), losses)),
                toList(run(cosine.create(0.01, 100), losses)), "T_max 0 is the epochs after the warm-up");
        ScheduleSettings plateau = new ScheduleSettings(ScheduleKind.PLATEAU, 1000, 0.1, 0, 0, 0.5, 3, 1e-3,
                ReduceLrOnPlateau.ThresholdMode.ABS, 2, 1e-4, 0, 1.0 / 3);
        assertEquals(toList(run(new ReduceLrOnPlateau(0.01, 0.5, 3, 1e-3, ReduceLrOnPlateau.ThresholdMode.ABS, 2, 1e-4,
                1e-8), losses)), toList(run(plateau.create(0.01, 100), losses)));
        assertEquals(toList(run(LrSchedule.constant(0.01), losses)), toList(run(ScheduleSettings.NONE.create(0.01, 100),
                losses)));
        assertEquals(Map.of("kind", "cosine", "t_max", 0, "eta_min", 1e-5, "warmup_epochs", 10, "start_factor", 0.1),
                cosine.toMap());
        assertEquals(ScheduleKind.PLATEAU, ScheduleKind.parse(" Plateau "));
        assertThrows(IllegalArgumentException.class, () -> ScheduleKind.parse("cyclic"));
        assertThrows(IllegalArgumentException.class, () -> new ScheduleSettings(ScheduleKind.STEP, 0, 0.1, 0, 0, 0.1,
                10, 1e-4, ReduceLrOnPlateau.ThresholdMode.REL, 0, 0, 0, 0.5));
    }

    @Test
    void badHyperParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLr(0.1, 0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialLr(-0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLrOnPlateau(0.1, 1.0, 1, 1e-4,
                ReduceLrOnPlateau.ThresholdMode.REL, 0, 0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(0.0, 5, new ExponentialLr(0.1, 0.9)));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(0.5, 0, new ExponentialLr(0.1, 0.9)));
        ExponentialLr stepped = new ExponentialLr(0.1, 0.9);
        stepped.step(0);
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(0.5, 3, stepped));
    }

    private static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double v : a) {
            l.add(v);
        }
        return l;
    }
}
