package org.teachingrnns.rnn.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.train.EpochTrial;

/**
 * Everything one experiment measured.
 *
 * @param config          the settings
 * @param backend         the Blas backend that ran the products
 * @param epochTrial      under {@code auto}, the epoch trial that chose that backend ({@link EpochTrial}), else null
 * @param dtype           the floating-point type of training, {@code float64} or {@code float32}; the losses here and
 *                        the analysis are computed in double on the trained weights either way
 * @param trainLoss       loss of the final (or last finite) student on the training data
 * @param testLoss        the same on the test data
 * @param teacherTestLoss the teacher's own loss on the test data: the floor (~0 for noiseless data)
 * @param poles           the teacher's poles
 * @param eigenvalues     eigenvalues of the student's W_hh
 * @param matching        poles against eigenvalues, greedy and optimal
 * @param lossHistory     training loss per epoch and test loss every few epochs
 * @param timing          wall-clock time of training
 * @param divergence      where training diverged, if it did
 * @param teacher         the teacher RNN
 * @param student         the trained student RNN (with keep-best, the kept one)
 * @param analysis        NMSE, spectrum tracking, residues, responses, Lyapunov and Jacobian spectra, learned change
 * @param convergence     stop reason, converged label, best and final students, identifiability baseline
 */
public record ExperimentResult(ExperimentConfig config, String backend, EpochTrial.Choice epochTrial, String dtype, double trainLoss, double testLoss,
                               double teacherTestLoss, ComplexArray poles, ComplexArray eigenvalues,
                               Matching matching, LossHistory lossHistory, Timing timing, Divergence divergence,
                               RnnModel teacher, RnnModel student, RunAnalysis analysis, Convergence convergence) {

    /** Greedy and optimal matchings. */
    public record Matching(PoleMatching.Result greedy, PoleMatching.Result optimal) {
    }

    /**
     * @param train      training loss of epoch e at index e - 1 (before that epoch's update)
     * @param testEpochs epochs after whose update the test loss was measured
     * @param test       test losses parallel to testEpochs
     */
    public record LossHistory(double[] train, int[] testEpochs, double[] test) {
    }

    /**
     * @param trainSeconds wall-clock seconds of the training loop
     * @param epochs       epochs run
     * @param msPerEpoch   milliseconds per epoch (mean: trainSeconds / epochs, warm-up included)
     * @param msPerEpochSteady median milliseconds per epoch over the second half of training (the compiled pace)
     * @param warmupSeconds    trainSeconds minus epochs x msPerEpochSteady (at least 0): what warm-up (interpreter,
     *                         JIT compilation) and stalls cost above the steady pace
     * @param analysisSeconds  wall-clock seconds from the end of training to the complete result: final losses,
     *                         spectra, matchings, the analysis against the teacher and the convergence blocks
     */
    public record Timing(double trainSeconds, int epochs, double msPerEpoch, double msPerEpochSteady,
                         double warmupSeconds, double analysisSeconds) {
    }

    /**
     * @param epoch   1-based epoch at which training diverged, or -1
     * @param message what happened, or null
     */
    public record Divergence(int epoch, String message) {
        public static final Divergence NONE = new Divergence(-1, null);

        public boolean diverged() {
            return epoch >= 0;
        }
    }

    /** True when the student's aligned pole count (optimal matching) is the teacher's full order. */
    public boolean allPolesAligned() {
        return matching.optimal().aligned() == poles.length();
    }

    /** results.json: every key docs/DESIGN.md lists (snake_case), models as {activation, W_ih, ...}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config.toMap());
        m.put("backend", backend);
        if (epochTrial != null) {
            m.put("epoch_trial", epochTrial.toMap());
        }
        m.put("dtype", dtype);
        m.put("train_loss", trainLoss);
        m.put("test_loss", testLoss);
        m.put("teacher_test_loss", teacherTestLoss);
        analysis.putNmse(m);
        m.put("poles", poles.toPairs());
        m.put("eigenvalues", eigenvalues.toPairs());
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("greedy", matching.greedy().toMap());
        match.put("optimal", matching.optimal().toMap());
        match.put("residue_filtered", analysis.residueFilteredMatching());
        m.put("matching", match);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("train_seconds", timing.trainSeconds());
        t.put("epochs", timing.epochs());
        t.put("ms_per_epoch", timing.msPerEpoch());
        t.put("ms_per_epoch_steady", timing.msPerEpochSteady());
        t.put("warmup_seconds", timing.warmupSeconds());
        t.put("analysis_seconds", timing.analysisSeconds());
        m.put("timing", t);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("epoch", divergence.epoch());
        d.put("message", divergence.message());
        m.put("divergence", d);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("train", lossHistory.train());
        h.put("test_epochs", lossHistory.testEpochs());
        h.put("test", lossHistory.test());
        m.put("loss_history", h);
        analysis.putAnalysis(m);
        m.put("teacher", teacher.toMap());
        m.put("student", student.toMap());
        convergence.putInto(m, poles, config.analysis().matchThreshold());
        return m;
    }
}
