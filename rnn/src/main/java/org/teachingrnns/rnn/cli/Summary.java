package org.teachingrnns.rnn.cli;

import java.util.List;
import java.util.Locale;

import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.Distribution;
import org.teachingrnns.rnn.analysis.LyapunovSpectrum;
import org.teachingrnns.rnn.analysis.NetworkAnalysis;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.ResidueMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.analysis.SpectrumTracker;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.experiment.RunAnalysis;

/** The plain-text summary of a run and the pole/eigenvalue table shared with {@code teach analyze}. */
final class Summary {

    private Summary() {
    }

    static String of(String name, String backendChoice, ExperimentResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("run                ").append(name).append('\n');
        sb.append("backend            ").append(backendChoice).append('\n');
        if (!r.dtype().equals("float64")) {
            sb.append("dtype              ").append(r.dtype()).append(" training; losses and analysis in double on its weights\n");
        }
        ExperimentResult.Timing t = r.timing();
        sb.append(String.format(Locale.ROOT,
                "epochs             %d of %d, %.3f ms/epoch, %.2f s (steady %.3f ms/epoch, warm-up %.2f s)%n",
                t.epochs(), r.config().training().epochs() + r.config().optimizer().thenLbfgs(), t.msPerEpoch(), t.trainSeconds(), t.msPerEpochSteady(),
                t.warmupSeconds()));
        sb.append(String.format(Locale.ROOT, "analysis           %.2f s after training%n", t.analysisSeconds()));
        if (r.divergence().diverged()) {
            sb.append("DIVERGED           at epoch ").append(r.divergence().epoch()).append(": ")
                    .append(r.divergence().message()).append('\n');
        }
        RunAnalysis a = r.analysis();
        sb.append(String.format(Locale.ROOT, "train loss         %-11s NMSE %s%n", g(r.trainLoss()), g(a.trainNmse())));
        sb.append(String.format(Locale.ROOT, "test loss          %-11s NMSE %s%n", g(r.testLoss()), g(a.testNmse())));
        sb.append(String.format(Locale.ROOT, "teacher test loss  %-11s NMSE %s  (the floor: the teacher on the test data;"
                + " NMSE = MSE / variance of the kept targets)%n", g(r.teacherTestLoss()), g(a.teacherTestNmse())));
        sb.append(String.format(Locale.ROOT, "spectral radius    teacher %s, student %s%n",
                g(Spectra.spectralRadius(r.poles())), g(Spectra.spectralRadius(r.eigenvalues()))));
        sb.append(ConvergenceSummary.of(r));
        sb.append('\n');
        sb.append(pairTable(r.poles(), r.eigenvalues(), r.matching().optimal(), r.matching().greedy()));
        sb.append('\n');
        sb.append(analysis(r));
        return sb.toString();
    }

    /**
     * The analysis lines: residues of the modes not aligned with a pole, the residue-filtered matching, response
     * errors, the learned change, when the poles were matched during training, and for nonlinear runs the Lyapunov
     * spectra and the Jacobian-spectrum distance.
     */
    static String analysis(ExperimentResult r) {
        RunAnalysis a = r.analysis();
        NetworkAnalysis n = a.network();
        StringBuilder sb = new StringBuilder();
        double[] res = n.modes().residues();
        double max = n.modes().maxResidue();
        boolean[] aligned = new boolean[res.length];
        for (PoleMatching.Pair p : r.matching().optimal().pairs()) {
            aligned[p.eigenvalue()] = p.distance() <= r.matching().optimal().threshold();
        }
        StringBuilder spare = new StringBuilder();
        for (int i = 0; i < res.length; i++) {
            if (!aligned[i]) {
                spare.append(String.format(Locale.ROOT, "%n                     %-22s residue %-10s %s of the largest",
                        ReportHtml.complex(r.eigenvalues().re(i), r.eigenvalues().im(i)), g(res[i]), percent(res[i] / max)));
            }
        }
        sb.append("unaligned modes    ").append(spare.isEmpty() ? "none: every eigenvalue is aligned with a pole"
                : "eigenvalues of W_hh farther than the threshold from their pole, or spare:" + spare).append('\n');
        ResidueMatching f = n.residueFiltered();
        sb.append(String.format(Locale.ROOT, "residue-filtered   %d of %d modes kept (residue >= %s of the largest): optimal aligned "
                        + "%d of %d, mean distance %s%n", f.kept().length, res.length, percent(f.fraction()), f.optimal().aligned(),
                r.poles().length(), g(f.optimal().meanDistance())));
        sb.append(String.format(Locale.ROOT, "response error     impulse %s, frequency %s (relative L2, student against teacher)%n",
                g(n.impulseError()), g(n.frequencyError())));
        sb.append("learned change     singular values of W_hh(final) - W_hh(initial): ").append(list(a.learnedChange()))
                .append('\n');
        SpectrumTracker t = a.tracking();
        int[] from = t.matchedFrom();
        int stayed = 0;
        int lastFrom = -1;
        for (int e : from) {
            if (e >= 0) {
                stayed++;
                lastFrom = Math.max(lastFrom, e);
            }
        }
        sb.append(String.format(Locale.ROOT, "tracking           %d records; %d of %d poles matched to the end%s%n", t.points().size(),
                stayed, from.length, stayed == 0 ? "" : ", the last of them from epoch " + lastFrom));
        if (a.nonlinear()) {
            sb.append("lyapunov teacher   ").append(lyapunov(n.teacherLyapunov())).append('\n');
            sb.append("lyapunov student   ").append(lyapunov(n.lyapunov())).append('\n');
            if (n.jacobians() != null) {
                Distribution d = n.jacobians().distribution();
                sb.append(String.format(Locale.ROOT, "jacobian spectra   matched distance per step: median %s, quartiles %s to %s, max %s (%d steps)%n",
                        g(d.median()), g(d.q1()), g(d.q3()), g(d.max()), d.count()));
            }
            for (String note : n.notes()) {
                sb.append("note               ").append(note.replaceFirst("^model:", "student:")).append('\n');
            }
        }
        return sb.toString();
    }

    private static String lyapunov(LyapunovSpectrum.Result l) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < l.spectrum().length; i++) {
            double v = l.spectrum()[i];
            sb.append(i == 0 ? "" : ", ").append(v == Double.NEGATIVE_INFINITY ? "-inf" : g(v) + " \u00b1 " + g(l.stderr()[i]));
        }
        return sb.toString();
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(g(v[i]));
        }
        return sb.toString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3g%%", 100 * fraction);
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
