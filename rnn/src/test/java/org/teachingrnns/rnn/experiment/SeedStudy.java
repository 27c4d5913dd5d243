package org.teachingrnns.rnn.experiment;

import java.util.Arrays;
import java.util.Locale;
import org.teachingrnns.numeric.signal.Signal;
import org.teachingrnns.rnn.teacher.IirTeacher;

/**
 * Runs the default experiment for seeds 1..N (default 20) and prints the distribution of the test MSE, the
 * aligned pole counts and the time per epoch. Not a test: run it by hand, for example
 * <pre>
 *   mvn -q -pl rnn -am test-compile
 *   java --add-modules jdk.incubator.vector -cp rnn/target/classes:rnn/target/test-classes:numeric/target/classes \
 *        org.teachingrnns.rnn.experiment.SeedStudy [firstSeed lastSeed]
 * </pre>
 */
public final class SeedStudy {

    private SeedStudy() {
    }

    public static void main(String[] args) {
        long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
        long last = args.length > 1 ? Long.parseLong(args[1]) : 20;
        int n = (int) (last - first + 1);
        double[] test = new double[n];
        int[] greedy = new int[n];
        int[] optimal = new int[n];
        double[] ms = new double[n];
        double[] normalised = new double[n];
        System.out.printf(Locale.ROOT, "%5s %12s %12s %12s %10s %12s %8s %8s %9s %s%n", "seed", "train MSE", "test MSE",
                "teacher MSE", "max |pole|", "output var", "greedy", "optimal", "ms/epoch", "diverged");
        for (int i = 0; i < n; i++) {
            ExperimentConfig c = ExperimentConfig.defaults().withSeed(first + i);
            ExperimentResult r = Experiment.run(c, null);
            test[i] = r.testLoss();
            greedy[i] = r.matching().greedy().aligned();
            optimal[i] = r.matching().optimal().aligned();
            ms[i] = r.timing().msPerEpoch();
            // Stationary output variance of the teacher filter for unit white noise: sum of its squared impulse
            // response (the scale the MSE is measured in).
            Signal.TransferFunction tf = IirTeacher.transferFunction(r.poles());
            double var = 0;
            for (double h : Signal.impulseResponse(tf.b(), tf.a(), 5000)) {
                var += h * h;
            }
            normalised[i] = r.testLoss() / var;
            System.out.printf(Locale.ROOT, "%5d %12.3e %12.3e %12.3e %10.4f %12.3e %8d %8d %9.4f %s%n", first + i,
                    r.trainLoss(), r.testLoss(), r.teacherTestLoss(), r.poles().maxAbs(), var, greedy[i], optimal[i], ms[i],
                    r.divergence().diverged() ? r.divergence().message() : "-");
        }
        double[] sorted = test.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        double[] ns = normalised.clone();
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "test MSE / output variance: median %.3e, min %.3e, max %.3e%n",
                n % 2 == 1 ? ns[n / 2] : 0.5 * (ns[n / 2 - 1] + ns[n / 2]), ns[0], ns[n - 1]);
        double[] msSorted = ms.clone();
        Arrays.sort(msSorted);
        System.out.printf(Locale.ROOT, "test MSE: median %.3e, min %.3e, max %.3e, mean %.3e%n", median, sorted[0],
                sorted[n - 1], Arrays.stream(test).average().orElse(Double.NaN));
        System.out.printf(Locale.ROOT, "aligned poles (of %d, within %.2f): greedy mean %.2f, optimal mean %.2f, optimal counts %s%n",
                ExperimentConfig.defaults().teacher().order(), ExperimentConfig.defaults().analysis().matchThreshold(),
                Arrays.stream(greedy).average().orElse(0), Arrays.stream(optimal).average().orElse(0),
                Arrays.toString(optimal));
        System.out.printf(Locale.ROOT, "ms/epoch: median %.4f, min %.4f, max %.4f (first seed includes JIT warm-up)%n",
                msSorted[n / 2], msSorted[0], msSorted[n - 1]);
    }
}
