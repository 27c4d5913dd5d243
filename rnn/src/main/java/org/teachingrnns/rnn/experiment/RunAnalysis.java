package org.teachingrnns.rnn.experiment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.teachingrnns.rnn.analysis.NetworkAnalysis;
import org.teachingrnns.rnn.analysis.Nmse;
import org.teachingrnns.rnn.analysis.SpectrumTracker;
import org.teachingrnns.rnn.analysis.WeightChange;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.Teacher;
import org.teachingrnns.rnn.train.EpochListener;

/**
 * What {@code teach run} measures beyond the loss and the final matching (issue 9): normalised errors, the spectrum
 * of W_hh tracked over training, the analysis of the trained student against the teacher ({@link NetworkAnalysis}:
 * residues, residue-filtered matching, impulse and frequency responses, and for nonlinear networks Lyapunov spectra
 * and the Jacobian-spectrum distance), the singular values of the learned change of W_hh, and the student's
 * prediction of one test sequence.
 *
 * @param trainTargetVariance variance of the training targets on the kept steps ({@link Nmse#targetVariance})
 * @param testTargetVariance  the same on the test data
 * @param trainNmse           final training loss over trainTargetVariance
 * @param testNmse            final test loss over testTargetVariance
 * @param teacherTestNmse     the teacher's test loss over testTargetVariance: the floor of testNmse
 * @param tracking            the spectrum of W_hh at epoch 0, every {@link AnalysisConfig#trackInterval} epochs and
 *                            at the last epoch run
 * @param network             the trained student analysed against the teacher's network and poles
 * @param learnedChange       singular values of W_hh(final) - W_hh(initial), largest first
 * @param prediction          the student's outputs on the first test sequence, beside the targets
 * @param nonlinear           the student or the teacher is nonlinear: then the Lyapunov spectra of both and the
 *                            Jacobian-spectrum distance are reported (for linear networks they only restate the
 *                            eigenvalues)
 */
public record RunAnalysis(double trainTargetVariance, double testTargetVariance, double trainNmse, double testNmse,
                          double teacherTestNmse, SpectrumTracker tracking, NetworkAnalysis network, double[] learnedChange,
                          Prediction prediction, boolean nonlinear) {

    /**
     * One test sequence: its targets (the teacher's outputs) and the student's outputs, {@code [time][output]}; the
     * loss counts the steps {@code t >= washout}.
     */
    public record Prediction(int sequence, int washout, double[][] target, double[][] student) {
    }

    /**
     * A tracker of the teacher's poles that has recorded the untrained student (epoch 0).
     */
    static SpectrumTracker startTracking(ExperimentConfig c, Compute compute, Teacher teacher, RnnModel student) {
        SpectrumTracker tracker = new SpectrumTracker(teacher.poles(), c.analysis().matchThreshold(), compute.blas());
        tracker.record(0, student);
        return tracker;
    }

    /**
     * Wraps {@code next} (may be null) in a listener that records the live student's spectrum every
     * {@code interval} epochs and at the last planned epoch. The trainer updates the model's parameter array in
     * place, so the student read in the listener holds the weights after that epoch's update.
     */
    static EpochListener trackingListener(SpectrumTracker tracker, RnnModel student, int interval, EpochListener next) {
        return (epoch, epochs, loss) -> {
            if (epoch % interval == 0 || epoch == epochs) {
                tracker.record(epoch, student);
            }
            if (next != null) {
                next.onEpoch(epoch, epochs, loss);
            }
        };
    }

    /**
     * The analysis of a finished run.
     *
     * @param initial   the student before training
     * @param student   the student after training (or its last finite state)
     * @param epochsRun the epochs whose update was kept: the tracking ends there (points the listener recorded later,
     *                  before a divergence, are dropped), recorded now if the listener did not
     */
    static RunAnalysis of(ExperimentConfig c, Compute compute, Teacher teacher, Sequences train, Sequences test, RnnModel initial,
                          RnnModel student, SpectrumTracker tracker, int epochsRun, double trainLoss, double testLoss,
                          double teacherTestLoss) {
        int washout = c.data().washout();
        tracker.truncateAfter(epochsRun);
        if (tracker.points().isEmpty() || tracker.points().getLast().epoch() < epochsRun) {
            tracker.record(epochsRun, student);
        }
        double trainVar = Nmse.targetVariance(train, washout);
        double testVar = Nmse.targetVariance(test, washout);
        boolean nonlinear = NetworkAnalysis.nonlinear(student, teacher.model());
        NetworkAnalysis network = NetworkAnalysis.of(student, teacher.model(), teacher.poles(), settings(c, nonlinear),
                compute.blas());
        double[][][] x = test.slice(0, 1).inputs();
        Prediction prediction = new Prediction(0, washout, test.slice(0, 1).targets()[0], Bptt.outputs(student, x, null, compute)[0]);
        return new RunAnalysis(trainVar, testVar, trainLoss / trainVar, testLoss / testVar, teacherTestLoss / testVar,
                tracker, network, WeightChange.recurrentSingularValues(initial, student), prediction, nonlinear);
    }

    /**
     * NetworkAnalysis's defaults with this run's alignment threshold. NetworkAnalysis always computes Lyapunov
     * spectra; a linear run does not report them (they equal the sorted log|eig|), so it asks for the largest
     * exponent only: measured at hidden 64, all 64 exponents cost about 3 s, the largest 0.1 to 0.3 s.
     */
    static NetworkAnalysis.Settings settings(ExperimentConfig c, boolean nonlinear) {
        NetworkAnalysis.Settings d = NetworkAnalysis.Settings.defaults();
        return new NetworkAnalysis.Settings(c.analysis().matchThreshold(), d.residueFraction(), d.impulseLength(),
                d.frequencyPoints(), d.noise(), nonlinear ? d.lyapunovK() : 1, d.qrEvery(), d.blocks());
    }

    /**
     * {@code train_nmse}, {@code test_nmse}, {@code teacher_test_nmse} (the floor) and {@code target_variance}
     * {train, test} (what loss.csv's losses are divided by).
     */
    void putNmse(Map<String, Object> m) {
        m.put("train_nmse", trainNmse);
        m.put("test_nmse", testNmse);
        m.put("teacher_test_nmse", teacherTestNmse);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("train", trainTargetVariance);
        v.put("test", testTargetVariance);
        m.put("target_variance", v);
    }

    /** matching.residue_filtered: the optimal and greedy matchings of the modes whose residue is not negligible. */
    Map<String, Object> residueFilteredMatching() {
        return network.residueFiltered().toMap();
    }

    /**
     * The rest of results.json's analysis keys: {@code tracking} ({@link SpectrumTracker#toMap()}), {@code residues}
     * (in the order of {@code eigenvalues}), {@code impulse_response} and {@code frequency_response}
     * ({@link NetworkAnalysis#toMap()}'s: {@code model} is the student), {@code learned_change_singular_values},
     * {@code test_prediction} {sequence, washout, target, student}, and for nonlinear runs {@code lyapunov}
     * {teacher, student} (each {spectrum, stderr, sum, steps, qr_every, blocks}), {@code jacobian_spectrum}
     * {summary, distances} and {@code noise} (the drive of both); {@code analysis_notes} when the analysis has any
     * (e.g. relu exponents of minus infinity; "model" there is the student).
     */
    void putAnalysis(Map<String, Object> m) {
        Map<String, Object> n = network.toMap();
        m.put("tracking", tracking.toMap());
        m.put("residues", n.get("residues"));
        m.put("impulse_response", n.get("impulse_response"));
        m.put("frequency_response", n.get("frequency_response"));
        m.put("learned_change_singular_values", learnedChange);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sequence", prediction.sequence());
        p.put("washout", prediction.washout());
        p.put("target", Arrays.asList(prediction.target()));
        p.put("student", Arrays.asList(prediction.student()));
        m.put("test_prediction", p);
        if (nonlinear) {
            Map<String, Object> ly = new LinkedHashMap<>();
            ly.put("teacher", NetworkAnalysis.lyapunovMap(network.teacherLyapunov()));
            ly.put("student", NetworkAnalysis.lyapunovMap(network.lyapunov()));
            m.put("lyapunov", ly);
            if (n.containsKey("jacobian_spectrum")) {
                m.put("jacobian_spectrum", n.get("jacobian_spectrum"));
            }
            m.put("noise", n.get("noise"));
        }
        if (!network.notes().isEmpty()) {
            m.put("analysis_notes", network.notes());
        }
    }
}
