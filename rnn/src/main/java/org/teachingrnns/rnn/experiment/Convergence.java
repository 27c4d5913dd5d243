package org.teachingrnns.rnn.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.Nmse;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.identification.IdentifiabilityBaseline;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.train.StopReason;

/**
 * Did the optimiser converge, and did it find the teacher (issue 10): why training stopped, whether the kept
 * student's test NMSE is at or below {@code --converged-nmse}, with keep-best the best and the final students
 * side by side, and the identifiability baseline (the teacher's poles estimated from the same training data
 * without BPTT).
 *
 * @param stopReason    why training stopped
 * @param converged     the kept student's test NMSE is at or below the threshold
 * @param threshold     {@code --converged-nmse}
 * @param best          with keep-best, the kept (lowest training loss) student; else null
 * @param last          with keep-best, the student after the last update; else null
 * @param baseline      the identifiability estimate, or null when it does not apply (a teacher with more than one
 *                      input or output)
 * @param baselineNote  why there is no baseline, or null
 */
public record Convergence(StopReason stopReason, boolean converged, double threshold, Snapshot best, Snapshot last,
                          IdentifiabilityBaseline baseline, String baselineNote) {

    /**
     * One student: results.json's {@code best} and {@code final} blocks.
     *
     * @param epoch     updates applied to these weights
     * @param trainLoss training MSE
     * @param testLoss  test MSE
     * @param trainNmse training MSE over the variance of the kept training targets
     * @param testNmse  the same on the test data
     * @param eigenvalues eigenvalues of W_hh
     * @param matching  the teacher's poles against them
     */
    public record Snapshot(int epoch, double trainLoss, double testLoss, double trainNmse, double testNmse,
                           ComplexArray eigenvalues, ExperimentResult.Matching matching) {

        /** Measures the student with these parameters (model's shape) on the data. */
        public static Snapshot of(int epoch, RnnModel model, double[] parameters, Sequences train, Sequences test,
                                  int washout, ComplexArray poles, double threshold, Compute compute) {
            RnnModel m = model.copy();
            System.arraycopy(parameters, 0, m.parameterArray(), 0, parameters.length);
            double trainLoss = BpttWorkspace.of(m, train, washout, 0, compute).loss(m.parameterArray(), null);
            double testLoss = BpttWorkspace.of(m, test, washout, 0, compute).loss(m.parameterArray(), null);
            ComplexArray eig = Spectra.eigenvalues(m, compute.blas());
            return new Snapshot(epoch, trainLoss, testLoss, Nmse.of(trainLoss, train, washout),
                    Nmse.of(testLoss, test, washout), eig, new ExperimentResult.Matching(
                    PoleMatching.greedy(poles, eig, threshold), PoleMatching.optimal(poles, eig, threshold)));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", epoch);
            m.put("train_loss", trainLoss);
            m.put("test_loss", testLoss);
            m.put("train_nmse", trainNmse);
            m.put("test_nmse", testNmse);
            m.put("eigenvalues", eigenvalues.toPairs());
            Map<String, Object> match = new LinkedHashMap<>();
            match.put("greedy", matching.greedy().toMap());
            match.put("optimal", matching.optimal().toMap());
            m.put("matching", match);
            return m;
        }
    }

    /**
     * The identifiability baseline of the training data for this teacher: ARX of the teacher's order (numerator
     * order 0 for the all-pole IIR teacher, n - 1 for a general linear RNN), and Ho-Kalman from the FIR estimate.
     * Null, with the reason, for a teacher with several inputs or outputs (the estimators are single-input
     * single-output).
     */
    static Baseline baseline(ExperimentConfig c, RnnModel teacher, Sequences train, Compute compute) {
        if (teacher.inputSize() != 1 || teacher.outputSize() != 1) {
            return new Baseline(null, "the identifiability baseline is single-input single-output; the teacher has "
                    + teacher.inputSize() + " inputs and " + teacher.outputSize() + " outputs");
        }
        // The FIR regression behind Ho-Kalman is (train sequences x kept steps) rows by (sequence length) columns:
        // cheap at the defaults (1.2e6 entries, 1.8e8 flops), but it grows with the length squared, so a long-sequence
        // run skips it rather than spend more memory or time on it than on training.
        long rows = (long) train.batch() * (train.time() - c.data().washout());
        long entries = rows * train.time();
        if (entries > MAX_FIR_ENTRIES || (double) entries * train.time() > MAX_FIR_FLOPS) {
            return new Baseline(null, "the identifiability baseline's impulse-response regression would be " + rows
                    + " x " + train.time() + "; skipped above " + MAX_FIR_ENTRIES + " entries or " + MAX_FIR_FLOPS + " flops");
        }
        int n = teacher.hiddenSize();
        int nb = c.teacher().kind() == TeacherKind.IIR ? 0 : n - 1;
        try {
            return new Baseline(IdentifiabilityBaseline.estimate(train, c.data().washout(), n, nb, compute.blas()), null);
        } catch (IllegalArgumentException e) {
            // Too few equations for the fit (short sequences, long washout): say so, the run stands.
            return new Baseline(null, e.getMessage());
        }
    }

    /** The largest FIR regression the baseline builds (2^24 doubles, 128 MB) and its QR's flop budget. */
    static final long MAX_FIR_ENTRIES = 1L << 24;
    static final double MAX_FIR_FLOPS = 4e9;

    /** A baseline or why there is none. */
    record Baseline(IdentifiabilityBaseline estimate, String note) {
    }

    /** The baseline's ARX poles against the teacher's (optimal matching), or null without a baseline. */
    public PoleMatching.Result baselineMatching(ComplexArray poles, double threshold) {
        return baseline == null ? null : PoleMatching.optimal(poles, baseline.arx().poles(), threshold);
    }

    /** The keys this adds to results.json: stop_reason, converged, converged_nmse, best, final, baseline. */
    public void putInto(Map<String, Object> m, ComplexArray poles, double threshold) {
        m.put("stop_reason", stopReason.key());
        m.put("converged", converged);
        m.put("converged_nmse", this.threshold);
        if (best != null) {
            m.put("best", best.toMap());
            m.put("final", last.toMap());
        }
        if (baseline != null) {
            m.put("baseline", baseline.toMap(poles, threshold));
        } else {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("note", baselineNote);
            m.put("baseline", b);
        }
    }
}
