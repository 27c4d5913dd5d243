package org.teachingrnns.rnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.LyapunovSpectrum;
import org.teachingrnns.rnn.analysis.NetworkAnalysis;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.analysis.SpectrumTracker;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.experiment.RunAnalysis;

/**
 * report.html: one self-contained page (no script, no network: inline CSS and SVG drawn by {@link SvgPlot}) with the
 * summary, the NMSE curves, the spectrum of W_hh during training, the poles and eigenvalues in the unit circle with
 * the residues of the modes, the impulse and frequency responses of teacher and student, a test sequence's
 * prediction, for nonlinear runs the Jacobian-spectrum distance and both Lyapunov spectra, the singular values of the
 * learned change of W_hh, and the settings.
 */
final class ReportHtml {

    private ReportHtml() {
    }

    /**
     * @param title    page title
     * @param summary  the plain-text summary (shown preformatted)
     * @param settings the run's settings as {@code key value} lines, or null
     */
    static String render(String title, String summary, String settings, ExperimentResult r) {
        RunAnalysis a = r.analysis();
        NetworkAnalysis n = a.network();
        StringBuilder sb = new StringBuilder(262_144);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em 2em;max-width:62em;color:#222;line-height:1.4}\n")
                .append("h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n")
                .append("pre{background:#f6f6f6;padding:1em;white-space:pre-wrap;font-size:0.85em}\n")
                .append("svg{background:#fff;border:1px solid #ddd;margin:0.3em 0;display:block}\n")
                .append("p.caption{color:#555;font-size:0.92em;margin:0.2em 0 0.8em}\n")
                .append("table{border-collapse:collapse;font-size:0.9em}td,th{padding:0.2em 0.8em;text-align:right;border-bottom:1px solid #eee}\n")
                .append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n");
        sb.append("<h2>Summary</h2>\n<pre>").append(escape(summary)).append("</pre>\n");

        section(sb, "nmse", "Normalised error during training",
                "MSE divided by the variance of the kept targets (1 = the best constant predictor). The teacher's own test NMSE "
                        + "is the floor; when it is far below the curves it is only named in the legend.",
                nmsePlot(r));
        SpectrumTracker t = a.tracking();
        List<SpectrumTracker.Point> pts = t.points();
        double[] ep = new double[pts.size()];
        double[] dist = new double[pts.size()];
        double[] aligned = new double[pts.size()];
        double[] radius = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            ep[i] = pts.get(i).epoch();
            dist[i] = pts.get(i).meanDistance();
            aligned[i] = pts.get(i).aligned();
            radius[i] = pts.get(i).spectralRadius();
        }
        double threshold = r.matching().optimal().threshold();
        section(sb, "tracking-distance", "Spectrum of W_hh during training: matched distance",
                "Mean distance of the optimal (Hungarian) matching of the teacher's poles to the eigenvalues of W_hh, at "
                        + pts.size() + " recorded epochs; a pole counts as aligned below the threshold.",
                SvgPlot.xy("epoch", "mean matched distance").logY().line("mean matched distance", SvgPlot.BLUE, ep, dist)
                        .level("threshold " + SvgPlot.Axis.plain(threshold), SvgPlot.GREY, threshold).svg());
        section(sb, "tracking-aligned", "Spectrum of W_hh during training: aligned poles and spectral radius",
                "Poles aligned under the optimal matching (of " + r.poles().length() + "), and the spectral radius of W_hh "
                        + "against the teacher's.",
                SvgPlot.xy("epoch", "count / radius").line("aligned poles", SvgPlot.GREEN, ep, aligned)
                        .dashed("spectral radius", SvgPlot.BLUE, ep, radius)
                        .level("teacher radius " + SvgPlot.Axis.plain(Spectra.spectralRadius(r.poles())), SvgPlot.RED,
                                Spectra.spectralRadius(r.poles())).svg());
        sb.append("<h2 id=\"plane\">Teacher poles and student eigenvalues</h2>\n");
        sb.append(planePlot(r));
        sb.append("<p class=\"caption\">Ring area is proportional to the residue |W_ho v_i| |u_i^T W_ih| of the mode (how strongly it "
                + "reaches the output); grey lines join the optimal pairs; pale dots are the eigenvalues at the recorded epochs "
                + "of training. Unit circle dashed.</p>\n");
        sb.append(residueTable(r));

        String io = r.student().inputSize() > 1 || r.student().outputSize() > 1 ? " (output 1 from input 1)" : "";
        double[][][] imp = n.impulse();
        double[][][] timp = n.teacherImpulse();
        SvgPlot ip = SvgPlot.xy("step k", "h[k]" + io);
        if (timp != null) {
            ip.line("teacher", SvgPlot.RED, SvgPlot.indices(timp.length, 0), first(timp));
        }
        ip.dashed("student", SvgPlot.BLUE, SvgPlot.indices(imp.length, 0), first(imp));
        section(sb, "impulse", "Impulse response",
                "Response to a unit impulse from a zero state; relative L2 error of the student " + Summary.g(n.impulseError()) + ".",
                ip.svg());
        double[] w = n.frequencies();
        SvgPlot mag = SvgPlot.xy("frequency w (radians per step, 0 to pi)", "|H(e^iw)|" + io).logY();
        SvgPlot phase = SvgPlot.xy("frequency w (radians per step, 0 to pi)", "phase of H (radians)" + io);
        if (n.teacherFrequency() != null) {
            mag.line("teacher", SvgPlot.RED, w, first(n.teacherFrequency().magnitude()));
            phase.line("teacher", SvgPlot.RED, w, first(n.teacherFrequency().phase()));
        }
        mag.dashed("student", SvgPlot.BLUE, w, first(n.frequency().magnitude()));
        phase.dashed("student", SvgPlot.BLUE, w, first(n.frequency().phase()));
        section(sb, "frequency-magnitude", "Frequency response: magnitude",
                "The DTFT of the networks' impulse responses (" + n.settings().impulseLength() + " steps); relative L2 error of the "
                        + "student " + Summary.g(n.frequencyError()) + "." + (a.nonlinear() ? " A nonlinear network's impulse "
                        + "response is that of the network itself; one that has not decayed within the steps shows ripples." : ""),
                mag.svg());
        section(sb, "frequency-phase", "Frequency response: phase",
                "Phase in (-pi, pi]: a vertical jump of 2 pi is a wrap, not a discontinuity.", phase.svg());

        RunAnalysis.Prediction pr = a.prediction();
        double[] time = SvgPlot.indices(pr.target().length, 0);
        double[] error = column(pr.student());
        double[] target = column(pr.target());
        for (int i = 0; i < error.length; i++) {
            error[i] -= target[i];
        }
        section(sb, "prediction", "A test sequence: prediction against the target",
                "Test sequence " + (pr.sequence() + 1) + io + "; the loss counts the steps from the washout (" + pr.washout()
                        + ") on. The target is the teacher's output.",
                SvgPlot.xy("time step", "output y_t").line("target (teacher)", SvgPlot.RED, time, column(pr.target()))
                        .dashed("student", SvgPlot.BLUE, time, column(pr.student()))
                        .line("error (student - target)", SvgPlot.GREEN, time, error)
                        .vertical("washout (step " + pr.washout() + ")", SvgPlot.GREY, pr.washout()).svg());

        if (a.nonlinear()) {
            if (n.jacobians() != null) {
                double[] d = n.jacobians().distances();
                section(sb, "jacobian", "Jacobian spectra along a driven trajectory",
                        "Teacher and student driven by the same white noise (seed " + n.settings().noise().seed() + ", "
                                + n.settings().noise().length() + " steps after a washout of " + n.settings().noise().washout()
                                + "); at each step the mean matched distance between the eigenvalues of D_t W_hh of both.",
                        SvgPlot.xy("step after the washout", "matched distance of the Jacobian spectra")
                                .line("distance", SvgPlot.BLUE, SvgPlot.indices(d.length, 0), d)
                                .level("median " + SvgPlot.Axis.plain(n.jacobians().distribution().median()), SvgPlot.GREY,
                                        n.jacobians().distribution().median()).svg());
            }
            LyapunovSpectrum.Result tl = n.teacherLyapunov();
            LyapunovSpectrum.Result sl = n.lyapunov();
            SvgPlot lp = SvgPlot.xy("exponent index (largest first)", "Lyapunov exponent (per step)");
            if (tl != null) {
                lp.dots("teacher", SvgPlot.RED, SvgPlot.indices(tl.spectrum().length, 1), tl.spectrum(), tl.stderr());
            }
            lp.dots("student", SvgPlot.BLUE, shifted(SvgPlot.indices(sl.spectrum().length, 1), 0.12), sl.spectrum(), sl.stderr());
            section(sb, "lyapunov", "Lyapunov spectra",
                    "QR method along the driven trajectory; bars are one standard error from " + sl.blocks() + " blocks.",
                    lp.level("zero", SvgPlot.GREY, 0).svg());
        }
        double[] sv = a.learnedChange();
        section(sb, "learned-change", "Learned change of W_hh",
                "Singular values of W_hh(final) - W_hh(initial): how low-rank the change that training made is.",
                SvgPlot.xy("index (largest first)", "singular value").logY()
                        .dots("singular values", SvgPlot.GREEN, SvgPlot.indices(sv.length, 1), sv, null).svg());
        if (settings != null) {
            sb.append("<h2>Settings</h2>\n<pre>").append(escape(settings)).append("</pre>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void section(StringBuilder sb, String id, String heading, String caption, String svg) {
        sb.append("<h2 id=\"").append(id).append("\">").append(escape(heading)).append("</h2>\n");
        sb.append(svg);
        sb.append("<p class=\"caption\">").append(escape(caption)).append("</p>\n");
    }

    /** Train NMSE per epoch, test NMSE where measured, and the teacher's test NMSE as a level. */
    static String nmsePlot(ExperimentResult r) {
        ExperimentResult.LossHistory h = r.lossHistory();
        RunAnalysis a = r.analysis();
        double[] train = new double[h.train().length];
        for (int i = 0; i < train.length; i++) {
            train[i] = h.train()[i] / a.trainTargetVariance();
        }
        double[] test = new double[h.test().length];
        double[] testEpochs = new double[h.testEpochs().length];
        for (int i = 0; i < test.length; i++) {
            test[i] = h.test()[i] / a.testTargetVariance();
            testEpochs[i] = h.testEpochs()[i];
        }
        SvgPlot p = SvgPlot.xy("epoch", "NMSE").logY().line("train", SvgPlot.BLUE, SvgPlot.indices(train.length, 1), train);
        if (test.length > 0) {
            p.dashed("test", SvgPlot.RED, testEpochs, test);
        }
        double floor = a.teacherTestNmse();
        return p.level("teacher floor (test) " + SvgPlot.Axis.plain(floor), SvgPlot.GREY, floor).svg();
    }

    /** Poles as crosses, eigenvalues as rings of area proportional to their residue, the optimal pairs, the trail. */
    static String planePlot(ExperimentResult r) {
        ComplexArray poles = r.poles();
        ComplexArray eig = r.eigenvalues();
        double[] res = r.analysis().network().modes().residues();
        double max = r.analysis().network().modes().maxResidue();
        List<SvgPlot.Point> crosses = new ArrayList<>();
        for (int i = 0; i < poles.length(); i++) {
            crosses.add(new SvgPlot.Point(poles.re(i), poles.im(i), 6, "pole " + (i + 1) + ": " + complex(poles.re(i), poles.im(i))));
        }
        List<SvgPlot.Point> rings = new ArrayList<>();
        for (int i = 0; i < eig.length(); i++) {
            double rel = max > 0 && Double.isFinite(res[i] / max) ? res[i] / max : 0;
            rings.add(new SvgPlot.Point(eig.re(i), eig.im(i), 3 + 11 * Math.sqrt(rel), "eigenvalue " + (i + 1) + ": "
                    + complex(eig.re(i), eig.im(i)) + ", residue " + Summary.g(res[i])));
        }
        List<double[]> links = new ArrayList<>();
        for (PoleMatching.Pair p : r.matching().optimal().pairs()) {
            links.add(new double[] {poles.re(p.pole()), poles.im(p.pole()), eig.re(p.eigenvalue()), eig.im(p.eigenvalue())});
        }
        List<SvgPlot.Point> trail = new ArrayList<>();
        for (SpectrumTracker.Point p : r.analysis().tracking().points()) {
            for (int i = 0; i < p.eigenvalues().length(); i++) {
                trail.add(new SvgPlot.Point(p.eigenvalues().re(i), p.eigenvalues().im(i), 1.8, ""));
            }
        }
        return SvgPlot.plane(crosses, "teacher pole", rings, "student eigenvalue (area ~ residue)", links, trail,
                "eigenvalues during training");
    }

    /** One row per eigenvalue: value, |.|, residue, relative residue, its optimal pole and distance. */
    static String residueTable(ExperimentResult r) {
        ComplexArray poles = r.poles();
        ComplexArray eig = r.eigenvalues();
        double[] res = r.analysis().network().modes().residues();
        double max = r.analysis().network().modes().maxResidue();
        PoleMatching.Result opt = r.matching().optimal();
        StringBuilder sb = new StringBuilder();
        sb.append("<table id=\"residues\">\n<tr><th>eigenvalue</th><th>|eigenvalue|</th><th>residue</th><th>of the largest</th>"
                + "<th>matched pole</th><th>distance</th></tr>\n");
        for (int i = 0; i < eig.length(); i++) {
            PoleMatching.Pair pair = null;
            for (PoleMatching.Pair p : opt.pairs()) {
                if (p.eigenvalue() == i) {
                    pair = p;
                }
            }
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%.3g%%</td><td>%s</td><td>%s</td></tr>%n",
                    complex(eig.re(i), eig.im(i)), Summary.g(eig.abs(i)), Summary.g(res[i]), 100 * res[i] / max,
                    pair == null ? "(spare)" : complex(poles.re(pair.pole()), poles.im(pair.pole())),
                    pair == null ? "-" : Summary.g(pair.distance()) + (pair.distance() <= opt.threshold() ? " (aligned)" : "")));
        }
        sb.append("</table>\n");
        return sb.toString();
    }

    private static double[] first(double[][][] v) {
        double[] x = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            x[i] = v[i][0][0];
        }
        return x;
    }

    private static double[] column(double[][] v) {
        double[] x = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            x[i] = v[i][0];
        }
        return x;
    }

    private static double[] shifted(double[] x, double by) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += by;
        }
        return y;
    }

    static String complex(double re, double im) {
        return String.format(Locale.ROOT, "%.4f %s %.4fi", re, im < 0 ? "-" : "+", Math.abs(im));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
