package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;

import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;

/**
 * Refuses (or, with {@code --allow-unstable}, warns about) a teacher whose outputs grow without bound: a linear or
 * relu teacher with spectral radius >= 1 amplifies its input like rho^t, so the targets and losses reach 1e35 to
 * 1e152 and training on them measures nothing. A tanh teacher is bounded whatever its radius (the chaotic regime of
 * a random tanh RNN is a legitimate teacher), so it passes.
 *
 * <p>The radius comes from the configuration without building the teacher: the IIR poles are drawn exactly as
 * {@code Experiment.prepare} draws them (the first split of the seed's generator; cheap, the polynomial is not
 * formed), the random teacher's radius is its setting, a model teacher's is the largest modulus of its W_hh's
 * eigenvalues.
 */
final class TeacherStability {

    private TeacherStability() {
    }

    static double spectralRadius(ExperimentConfig c) {
        return switch (c.teacher().kind()) {
            case IIR -> c.teacher().maxRadius() < 1.0 ? c.teacher().maxRadius()  // r = maxRadius sqrt(U) < maxRadius: stable, no need to draw
                    : Spectra.spectralRadius(IirTeacher.drawPoles(c.teacher().order(), c.teacher().realPolesOnly(), c.teacher().maxRadius(),
                            new SplittableRandom(c.seed()).split()));
            case RANDOM -> c.teacher().spectralRadius();
            case MODEL -> {
                RnnModel m = c.teacher().model();
                yield Spectra.spectralRadius(Spectra.eigenvalues(m));
            }
        };
    }

    private static Activation activation(ExperimentConfig c) {
        return c.teacher().model() != null ? c.teacher().model().activation() : c.teacher().activation();
    }

    /** Throws (bad input) for an unbounded teacher unless allowed; then prints one warning unless quiet. */
    static void check(ExperimentConfig c, boolean allowUnstable, boolean quiet, PrintWriter err) {
        if (c.teacher().kind() == org.teachingrnns.rnn.teacher.TeacherKind.IIR) {
            IirTeacher.checkOrder(c.teacher().order());  // an absurd order is refused for what it is, before the memory estimate
        }
        if (activation(c) == Activation.TANH) {
            return;
        }
        double rho = spectralRadius(c);
        if (rho < 1.0) {
            return;
        }
        double log10Growth = c.data().length() * Math.log10(rho);
        String what = String.format(Locale.ROOT, "the teacher is unstable (spectral radius %.4g >= 1): its outputs can grow like "
                + "%.4g^t, about 1e%.0f by step %d", rho, rho, Math.floor(log10Growth), c.data().length());
        if (!allowUnstable) {
            throw new BadInputException(what + ", and training on them measures nothing; lower "
                    + (c.teacher().kind() == org.teachingrnns.rnn.teacher.TeacherKind.IIR ? "--max-radius below 1"
                    : c.teacher().kind() == org.teachingrnns.rnn.teacher.TeacherKind.RANDOM ? "--teacher-spectral-radius below 1"
                    : "the teacher model's W_hh") + ", or pass --allow-unstable to train anyway");
        }
        if (!quiet) {
            err.println("teach: warning: " + what + " (--allow-unstable)");
            err.flush();
        }
    }
}
