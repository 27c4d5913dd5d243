package org.teachingrnns.rnn.experiment;

import java.util.SplittableRandom;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.NetworkAnalysis;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.analysis.SpectrumTracker;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Initialization;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.RandomRnnTeacher;
import org.teachingrnns.rnn.teacher.Teacher;
import org.teachingrnns.rnn.train.Adam;
import org.teachingrnns.rnn.train.EpochListener;
import org.teachingrnns.rnn.train.EpochTrial;
import org.teachingrnns.rnn.train.Optimizer;
import org.teachingrnns.rnn.train.Sgd;
import org.teachingrnns.rnn.train.Trainer;

/**
 * One teacher-student experiment: draw a teacher, generate white-noise data and its responses, split 80/20,
 * train a student by full-batch BPTT (tracking the spectrum of its W_hh), then compare the student's eigenvalues
 * with the teacher's poles and analyse it against the teacher ({@link RunAnalysis}).
 *
 * <p>Randomness: one {@link SplittableRandom}(seed) is split, in this order, into the teacher's, the data's
 * and the initialisation's generators, so a seed (and a backend) gives bit-identical results, and changing a
 * student setting does not change the teacher or the data.
 */
public final class Experiment {

    /** Progress of training: called every epoch (must be cheap). */
    @FunctionalInterface
    public interface ProgressListener extends EpochListener {
        /**
         * Called once when training has ended and the analysis of the trained student begins, with the student's
         * hidden size and whether student or teacher is nonlinear ({@link NetworkAnalysis#nonlinear}): a nonlinear
         * analysis at hidden 256 takes about a minute on two cores, so a command line says so.
         */
        default void onAnalysis(int hidden, boolean nonlinear) {
        }

        /**
         * Called when {@code auto} is about to time this workload's epoch on each backend (once per machine and
         * workload, 2-5 s before the first epoch; {@link EpochTrial}).
         */
        default void onEpochTrial() {
        }

        /**
         * Called once just before the first epoch, after everything that prepares training (the data, {@code auto}'s
         * epoch trial), so that a progress display times the epochs alone.
         */
        default void onTrainingStart() {
        }
    }

    private Experiment() {
    }

    /**
     * What an experiment starts from: the teacher, the train and test data and the untrained student, drawn
     * exactly as {@link #run} draws them (so a reference implementation can train from the same point).
     *
     * @param teacher the teacher
     * @param train   the first {@link DataConfig#trainSequences()} sequences
     * @param test    the remaining sequences
     * @param student the initialised student (a fresh copy per call of {@link #prepare})
     */
    public record InitialConditions(Teacher teacher, Sequences train, Sequences test, RnnModel student) {
    }

    /** The teacher, data and initial student of this configuration, as {@link #run} uses them. */
    public static InitialConditions prepare(ExperimentConfig c) {
        if (c == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        SplittableRandom root = new SplittableRandom(c.seed());
        SplittableRandom teacherRng = root.split();
        SplittableRandom dataRng = root.split();
        SplittableRandom initRng = root.split();

        Teacher teacher = teacher(c, teacherRng);
        RnnModel tm = teacher.model();
        int in = tm.inputSize();
        int out = tm.outputSize();
        double[][][] x = new double[c.data().sequences()][c.data().length()][in];
        for (double[][] seq : x) {
            for (double[] step : seq) {
                for (int i = 0; i < in; i++) {
                    step[i] = c.data().inputStd() * dataRng.nextGaussian();
                }
            }
        }
        Sequences all = Sequences.of(x, teacher.respond(x));
        int nTrain = c.data().trainSequences();
        Sequences train = all.slice(0, nTrain);
        Sequences test = all.slice(nTrain, c.data().sequences());

        RnnModel student = Initialization.initialize(c.student().init(), c.student().initGain(), c.student().activation(), in,
                c.student().hidden(), out, c.student().hiddenBias(), c.student().outputBias(), initRng);
        return new InitialConditions(teacher, train, test, student);
    }

    /** Runs the experiment on the default compute ({@link Compute#defaults()}); p may be null. */
    public static ExperimentResult run(ExperimentConfig c, ProgressListener p) {
        return run(c, Compute.defaults(), p);
    }

    /**
     * Runs the experiment with every BPTT pass on {@code compute}; p may be null. Training runs in
     * {@link TrainingConfig#dtype()}; the final losses, the spectra and the analysis run in double on the trained weights
     * (for float32, float values widened exactly).
     */
    public static ExperimentResult run(ExperimentConfig c, Compute compute, ProgressListener p) {
        if (compute == null) {
            throw new IllegalArgumentException("compute must not be null");
        }
        InitialConditions ic = prepare(c);
        Teacher teacher = ic.teacher();
        RnnModel tm = teacher.model();
        Sequences train = ic.train();
        Sequences test = ic.test();
        RnnModel student = ic.student();
        c.training().dtype().round(student.parameterArray());   // a float32 student starts from float weights
        RnnModel initial = student.copy();
        // auto: the run's Blas chosen by timing this workload's epoch (cached per machine and workload), before
        // anything else computes, so that the whole run uses one Blas.
        EpochTrial.Choice trial = EpochTrial.choose(compute, student, train, c.data().washout(), c.training().truncation(),
                c.training().dtype(), p == null ? null : p::onEpochTrial);
        Compute passes = trial.compute();
        SpectrumTracker tracker = RunAnalysis.startTracking(c, passes, teacher, student);
        Optimizer opt = switch (c.optimizer().kind()) {
            case ADAM -> new Adam(student.parameterCount(), c.optimizer().lr(), c.optimizer().beta1(), c.optimizer().beta2(),
                    c.optimizer().eps(), c.optimizer().weightDecay(), c.optimizer().amsgrad());
            case SGD -> new Sgd(student.parameterCount(), c.optimizer().lr(), c.optimizer().momentum(), c.optimizer().dampening(),
                    c.optimizer().weightDecay(), c.optimizer().nesterov());
            case LBFGS -> null;
        };
        if (p != null) {
            p.onTrainingStart();
        }
        Trainer.Result tr = Trainer.train(student, train, test, opt, TrainingPlans.of(c, student.parameterCount(), train),
                new Trainer.Settings(c.training().epochs(), c.data().washout(), c.training().truncation(),
                        c.training().clipNorm(), c.training().testEvery(), c.training().dtype()),
                passes, RunAnalysis.trackingListener(tracker, student, c.analysis().trackInterval(c.training().epochs()), p));
        if (p != null) {
            p.onAnalysis(student.hiddenSize(), NetworkAnalysis.nonlinear(student, tm));
        }
        long analysisStart = System.nanoTime();

        double trainLoss = BpttWorkspace.of(student, train, c.data().washout(), 0, passes).loss(student.parameterArray(), null);
        double testLoss = BpttWorkspace.of(student, test, c.data().washout(), 0, passes).loss(student.parameterArray(), null);
        double teacherTestLoss = BpttWorkspace.of(tm, test, c.data().washout(), 0, passes).loss(tm.parameterArray(), null);
        ComplexArray eig = Spectra.eigenvalues(student, passes.blas());
        ComplexArray poles = teacher.poles();
        ExperimentResult.Matching matching = new ExperimentResult.Matching(
                PoleMatching.greedy(poles, eig, c.analysis().matchThreshold()),
                PoleMatching.optimal(poles, eig, c.analysis().matchThreshold()));
        int run = tr.epochsRun();
        ExperimentResult.Divergence divergence = tr.divergedAt() > 0
                ? new ExperimentResult.Divergence(tr.divergedAt(), tr.divergence()) : ExperimentResult.Divergence.NONE;
        RunAnalysis analysis = RunAnalysis.of(c, passes, teacher, train, test, initial, student, tracker, run, trainLoss, testLoss,
                teacherTestLoss);
        Convergence convergence = TrainingPlans.convergence(c, tr, student, ic, testLoss, passes);
        ExperimentResult.Timing timing = new ExperimentResult.Timing(tr.seconds(), run,
                run > 0 ? 1000.0 * tr.seconds() / run : 0.0, tr.steadyMillis(),
                Math.max(0.0, tr.seconds() - run * tr.steadyMillis() * 1e-3), (System.nanoTime() - analysisStart) * 1e-9);
        return new ExperimentResult(c, passes.backend(), trial.decision() == null ? null : trial, c.training().dtype().key(), trainLoss, testLoss, teacherTestLoss, poles, eig, matching,
                new ExperimentResult.LossHistory(tr.trainLoss(), tr.testEpochs(), tr.testLoss()), timing, divergence,
                tm, student, analysis, convergence);
    }

    /** The teacher the configuration asks for, drawn from rng. */
    public static Teacher teacher(ExperimentConfig c, SplittableRandom rng) {
        return switch (c.teacher().kind()) {
            case IIR -> IirTeacher.draw(c.teacher().order(), c.teacher().realPolesOnly(), c.teacher().maxRadius(),
                    c.teacher().activation(), rng);
            case RANDOM -> RandomRnnTeacher.draw(c.teacher().order(), c.teacher().spectralRadius(),
                    c.teacher().activation(), rng);
            case MODEL -> Teacher.ofModel(c.teacher().model());
        };
    }
}
