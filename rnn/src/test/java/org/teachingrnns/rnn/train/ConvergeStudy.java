package org.teachingrnns.rnn.train;

import java.util.Locale;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * A first measurement for issue 10's recipe, on the default experiment's initial conditions of seeds a..b: the
 * default (Adam lr 0.01, 3000 epochs), Adam with a cosine schedule to 1e-5, and Adam for N epochs followed by
 * L-BFGS (strong Wolfe, history 100, 100 iterations per step, tolerances 0) for K steps. Prints, per seed and
 * recipe, the final train loss, test NMSE (test MSE over the variance of the kept test targets) and the aligned
 * poles (optimal matching, 0.05); then how many reach test NMSE <= 1e-8. Not a test: run it by hand,
 * <pre>
 *   mvn -q -pl rnn -am test-compile
 *   $JDK25/bin/java --add-modules jdk.incubator.vector -cp rnn/target/classes:rnn/target/test-classes:numeric/target/classes \
 *        org.teachingrnns.rnn.train.ConvergeStudy 1 20 [ADAM_EPOCHS_BEFORE_LBFGS 1000] [LBFGS_STEPS 30]
 * </pre>
 */
public final class ConvergeStudy {

    private ConvergeStudy() {
    }

    public static void main(String[] args) {
        int first = Integer.parseInt(args[0]);
        int last = Integer.parseInt(args[1]);
        int adamBefore = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int lbfgsSteps = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String[] names = {"adam-3000", "adam-cosine-3000", "adam-" + adamBefore + "+lbfgs-" + lbfgsSteps};
        int[] converged = new int[names.length];
        double[] alignedSum = new double[names.length];
        for (int seed = first; seed <= last; seed++) {
            ExperimentConfig c = ExperimentConfig.defaults().withSeed(seed);
            Experiment.InitialConditions ic = Experiment.prepare(c);
            for (int r = 0; r < names.length; r++) {
                RnnModel m = ic.student().copy();
                BpttWorkspace ws = BpttWorkspace.of(m, ic.train(), c.data().washout(), 0);
                double[] p = m.parameterArray();
                double[] g = new double[p.length];
                double loss;
                if (r < 2) {
                    Adam adam = new Adam(p.length, c.optimizer().lr(), 0.9, 0.999, 1e-8, 0, false);
                    LrSchedule s = r == 0 ? LrSchedule.constant(c.optimizer().lr()) : new CosineAnnealingLr(c.optimizer().lr(), 3000, 1e-5);
                    for (int e = 0; e < 3000; e++) {
                        loss = ws.lossAndGradient(p, null, g);
                        adam.setLearningRate(s.lr());
                        adam.step(p, g);
                        s.step(loss);
                    }
                } else {
                    Adam adam = new Adam(p.length, c.optimizer().lr(), 0.9, 0.999, 1e-8, 0, false);
                    for (int e = 0; e < adamBefore; e++) {
                        ws.lossAndGradient(p, null, g);
                        adam.step(p, g);
                    }
                    Lbfgs lbfgs = new Lbfgs(p.length, 1.0, 100, 125, 0, 0, 100, Lbfgs.LineSearch.STRONG_WOLFE);
                    Objective f = Objective.of(ws);
                    for (int k = 0; k < lbfgsSteps; k++) {
                        lbfgs.step(p, f);
                    }
                }
                double train = ws.loss(p, null);
                double nmse = BpttWorkspace.of(m, ic.test(), c.data().washout(), 0).loss(p, null) / keptVariance(ic.test(), c.data().washout());
                int aligned = PoleMatching.optimal(ic.teacher().poles(), Spectra.eigenvalues(m), c.analysis().matchThreshold()).aligned();
                System.out.printf(Locale.ROOT, "seed %2d %-24s train %.3e test_nmse %.3e aligned %d max|p| %.4f%n", seed,
                        names[r], train, nmse, aligned, ic.teacher().poles().maxAbs());
                converged[r] += nmse <= 1e-8 ? 1 : 0;
                alignedSum[r] += aligned;
            }
        }
        int n = last - first + 1;
        for (int r = 0; r < names.length; r++) {
            System.out.printf(Locale.ROOT, "%-24s converged (test NMSE <= 1e-8) %d of %d, mean aligned %.2f%n", names[r],
                    converged[r], n, alignedSum[r] / n);
        }
    }

    /** Variance of the targets at the kept steps (t >= washout), over sequences, steps and outputs. */
    static double keptVariance(Sequences d, int washout) {
        double s = 0;
        double s2 = 0;
        long k = 0;
        for (int b = 0; b < d.batch(); b++) {
            for (int t = washout; t < d.time(); t++) {
                for (int o = 0; o < d.outputSize(); o++) {
                    double v = d.target(b, t, o);
                    s += v;
                    s2 += v * v;
                    k++;
                }
            }
        }
        double mean = s / k;
        return s2 / k - mean * mean;
    }
}
