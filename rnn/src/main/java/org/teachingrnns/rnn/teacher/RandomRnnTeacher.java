package org.teachingrnns.rnn.teacher;

import java.util.SplittableRandom;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * A random RNN teacher with one input and one output: W_hh Gaussian N(0, 1/H) rescaled to the requested spectral
 * radius, W_ih ~ N(0, 1), W_ho ~ N(0, 1/H), no biases. Its poles are the eigenvalues of W_hh.
 */
public final class RandomRnnTeacher {

    private RandomRnnTeacher() {
    }

    public static Teacher draw(int hidden, double spectralRadius, Activation f, SplittableRandom rng) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden must be >= 1, got " + hidden);
        }
        if (!(spectralRadius >= 0) || Double.isInfinite(spectralRadius)) {
            throw new IllegalArgumentException("spectral radius must be finite and >= 0, got " + spectralRadius);
        }
        RnnModel m = RnnModel.zeros(f, 1, hidden, 1, false, false);
        double s = 1.0 / Math.sqrt(hidden);
        for (int i = 0; i < hidden; i++) {
            for (int j = 0; j < hidden; j++) {
                m.set(Parameter.W_HH, i, j, s * rng.nextGaussian());
            }
        }
        double rho = Spectra.spectralRadius(Spectra.eigenvaluesPortable(m));
        double scale = rho > 0 ? spectralRadius / rho : 0.0;
        for (int i = 0; i < hidden; i++) {
            for (int j = 0; j < hidden; j++) {
                m.set(Parameter.W_HH, i, j, scale * m.get(Parameter.W_HH, i, j));
            }
        }
        for (int i = 0; i < hidden; i++) {
            m.set(Parameter.W_IH, i, 0, rng.nextGaussian());
        }
        for (int j = 0; j < hidden; j++) {
            m.set(Parameter.W_HO, 0, j, s * rng.nextGaussian());
        }
        return Teacher.ofModel(m);
    }
}
