package org.teachingrnns.rnn.cli;

import java.util.List;
import java.util.Locale;

import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.experiment.ExperimentResult;

/** The plain-text summary of a run and the pole/eigenvalue table shared with {@code teach analyze}. */
final class Summary {

    private Summary() {
    }

    static String of(String name, String backendChoice, ExperimentResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("run                ").append(name).append('\n');
        sb.append("backend            ").append(backendChoice).append('\n');
        ExperimentResult.Timing t = r.timing();
        sb.append(String.format(Locale.ROOT,
                "epochs             %d of %d, %.3f ms/epoch, %.2f s (steady %.3f ms/epoch, warm-up %.2f s)%n",
                t.epochs(), r.config().training().epochs() + r.config().optimizer().thenLbfgs(), t.msPerEpoch(), t.trainSeconds(), t.msPerEpochSteady(),
                t.warmupSeconds()));
        if (r.divergence().diverged()) {
            sb.append("DIVERGED           at epoch ").append(r.divergence().epoch()).append(": ")
                    .append(r.divergence().message()).append('\n');
        }
        sb.append("train loss         ").append(g(r.trainLoss())).append('\n');
        sb.append("test loss          ").append(g(r.testLoss())).append('\n');
        sb.append("teacher test loss  ").append(g(r.teacherTestLoss())).append("  (the floor: the teacher on the test data)\n");
        sb.append(String.format(Locale.ROOT, "spectral radius    teacher %s, student %s%n",
                g(Spectra.spectralRadius(r.poles())), g(Spectra.spectralRadius(r.eigenvalues()))));
        sb.append(ConvergenceSummary.of(r));
        sb.append('\n');
        sb.append(pairTable(r.poles(), r.eigenvalues(), r.matching().optimal(), r.matching().greedy()));
        return sb.toString();
    }

    /**
     * One row per pole: its eigenvalue and distance under the optimal matching, then under the greedy one,
     * followed by the aligned counts and mean distances.
     */
    static String pairTable(ComplexArray poles, ComplexArray eig, PoleMatching.Result optimal, PoleMatching.Result greedy) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-22s  %-22s %10s  %-22s %10s%n", "teacher pole", "optimal: eigenvalue", "distance",
                "greedy: eigenvalue", "distance"));
        for (int i = 0; i < poles.length(); i++) {
            sb.append(String.format(Locale.ROOT, "%-22s  %s %s", ReportHtml.complex(poles.re(i), poles.im(i)),
                    cell(eig, pairOf(optimal.pairs(), i), optimal.threshold()), cell(eig, pairOf(greedy.pairs(), i), greedy.threshold()))
                    .stripTrailing()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "aligned (* = distance <= %s): optimal %d of %d, greedy %d of %d; mean distance: optimal %s, greedy %s%n",
                optimal.threshold(), optimal.aligned(), poles.length(), greedy.aligned(), poles.length(),
                g(optimal.meanDistance()), g(greedy.meanDistance())));
        return sb.toString();
    }

    private static PoleMatching.Pair pairOf(List<PoleMatching.Pair> pairs, int pole) {
        for (PoleMatching.Pair p : pairs) {
            if (p.pole() == pole) {
                return p;
            }
        }
        return null;
    }

    private static String cell(ComplexArray eig, PoleMatching.Pair p, double threshold) {
        if (p == null) {
            return String.format(Locale.ROOT, "%-22s %10s ", "(unmatched)", "-");
        }
        String mark = p.distance() <= threshold ? "*" : " ";
        return String.format(Locale.ROOT, "%-22s %10.4g%s", ReportHtml.complex(eig.re(p.eigenvalue()), eig.im(p.eigenvalue())),
                p.distance(), mark);
    }

    static String g(double v) {
        if (!Double.isFinite(v) || v == 0.0) {
            return v == 0.0 ? "0" : Double.toString(v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
