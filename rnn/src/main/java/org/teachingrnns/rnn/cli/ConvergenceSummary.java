package org.teachingrnns.rnn.cli;

import java.util.Locale;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.experiment.Convergence;
import org.teachingrnns.rnn.experiment.ExperimentResult;

/** The summary's lines on convergence: stop reason and label, best and final students, the baseline beside. */
final class ConvergenceSummary {

    private ConvergenceSummary() {
    }

    static String of(ExperimentResult r) {
        Convergence cv = r.convergence();
        int n = r.poles().length();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "stopped            %s; %s (kept student's test NMSE %s %s)%n",
                cv.stopReason().key(), cv.converged() ? "converged" : "NOT converged",
                cv.converged() ? "<=" : ">", Summary.g(cv.threshold())));
        if (cv.best() != null) {
            sb.append(row("best (kept)", cv.best(), n));
            sb.append(row("final", cv.last(), n));
        }
        double thr = r.config().analysis().matchThreshold();
        PoleMatching.Result b = cv.baselineMatching(r.poles(), thr);
        if (b != null) {
            PoleMatching.Result s = r.matching().optimal();
            sb.append(String.format(Locale.ROOT,
                    "aligned poles      student %d of %d (mean distance %s); ARX baseline %d of %d (mean distance %s)%n",
                    s.aligned(), n, Summary.g(s.meanDistance()), b.aligned(), n, Summary.g(b.meanDistance())));
        } else {
            sb.append("baseline           none: ").append(cv.baselineNote()).append('\n');
        }
        return sb.toString();
    }

    private static String row(String label, Convergence.Snapshot s, int poles) {
        return String.format(Locale.ROOT, "%-18s epoch %d, train loss %s, test loss %s, test NMSE %s, aligned %d of %d%n",
                label, s.epoch(), Summary.g(s.trainLoss()), Summary.g(s.testLoss()), Summary.g(s.testNmse()),
                s.matching().optimal().aligned(), poles);
    }
}
