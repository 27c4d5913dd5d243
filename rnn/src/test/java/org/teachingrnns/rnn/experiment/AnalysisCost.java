package org.teachingrnns.rnn.experiment;

import org.teachingrnns.rnn.compute.Compute;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.teachingrnns.rnn.analysis.SpectrumTracker;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.train.Adam;
import org.teachingrnns.rnn.train.Trainer;

/**
 * What issue 9's analysis costs a default {@code teach run}: in alternating rounds in one JVM, thread CPU time of
 * the training loop without tracking, with the spectrum tracker at the default interval, and of the analysis at the
 * end ({@link RunAnalysis#of}). Not a test: run it by hand, for example
 * <pre>
 *   mvn -q -pl rnn -am test-compile
 *   java --add-modules jdk.incubator.vector -cp rnn/target/classes:rnn/target/test-classes:numeric/target/classes \
 *        org.teachingrnns.rnn.experiment.AnalysisCost [linear|tanh] [rounds]
 * </pre>
 */
public final class AnalysisCost {

    private AnalysisCost() {
    }

    public static void main(String[] args) {
        Activation f = args.length > 0 && args[0].equals("tanh") ? Activation.TANH : Activation.LINEAR;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ExperimentConfig c = ExperimentConfig.defaults().withTeacher(t -> t.activation(f)).withStudent(s -> s.activation(f));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] plain = new double[rounds + 1];
        double[] tracked = new double[rounds + 1];
        double[] analysis = new double[rounds + 1];
        for (int r = 0; r <= rounds; r++) { // round 0 warms up the JIT and is not reported
            for (int variant = 0; variant < 2; variant++) {
                boolean track = (variant + r) % 2 == 0; // alternate which variant goes first
                Experiment.InitialConditions ic = Experiment.prepare(c);
                RnnModel student = ic.student();
                RnnModel initial = student.copy();
                Adam opt = new Adam(student.parameterCount(), c.optimizer().lr(), c.optimizer().beta1(), c.optimizer().beta2(),
                        c.optimizer().eps(), c.optimizer().weightDecay(), c.optimizer().amsgrad());
                Trainer.Settings s = new Trainer.Settings(c.training().epochs(), c.data().washout(), 0, 0, c.training().testEvery());
                SpectrumTracker tracker = RunAnalysis.startTracking(c, Compute.defaults(), ic.teacher(), student);
                long t0 = mx.getCurrentThreadCpuTime();
                Trainer.Result tr = Trainer.train(student, ic.train(), ic.test(), opt, s, track
                        ? RunAnalysis.trackingListener(tracker, student, c.analysis().trackInterval(c.training().epochs()), null) : null);
                long t1 = mx.getCurrentThreadCpuTime();
                (track ? tracked : plain)[r] = (t1 - t0) * 1e-9;
                if (track) {
                    double trainLoss = BpttWorkspace.of(student, ic.train(), c.data().washout(), 0).loss(student.parameterArray(), null);
                    double testLoss = BpttWorkspace.of(student, ic.test(), c.data().washout(), 0).loss(student.parameterArray(), null);
                    long t2 = mx.getCurrentThreadCpuTime();
                    RunAnalysis.of(c, Compute.defaults(), ic.teacher(), ic.train(), ic.test(), initial, student, tracker, tr.epochsRun(), trainLoss,
                            testLoss, 0.0);
                    analysis[r] = (mx.getCurrentThreadCpuTime() - t2) * 1e-9;
                }
            }
            System.out.printf(Locale.ROOT, "round %d%s: training %.3f s, with tracking %.3f s (ratio %.3f), analysis at the end %.3f s%n",
                    r, r == 0 ? " (warm-up)" : "", plain[r], tracked[r], tracked[r] / plain[r], analysis[r]);
        }
    }
}
