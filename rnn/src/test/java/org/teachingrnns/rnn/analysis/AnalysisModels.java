package org.teachingrnns.rnn.analysis;

import java.util.SplittableRandom;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/** Seeded random models for the analysis tests. */
final class AnalysisModels {

    private AnalysisModels() {
    }

    /** W_hh with N(0, gain^2 / n) entries (spectral radius about gain), W_ih and W_ho N(0, 1), no biases. */
    static RnnModel random(Activation f, int in, int n, int out, double gain, SplittableRandom rng) {
        RnnModel m = RnnModel.zeros(f, in, n, out, false, false);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.set(Parameter.W_HH, i, j, gain / Math.sqrt(n) * rng.nextGaussian());
            }
            for (int j = 0; j < in; j++) {
                m.set(Parameter.W_IH, i, j, rng.nextGaussian());
            }
            for (int o = 0; o < out; o++) {
                m.set(Parameter.W_HO, o, i, rng.nextGaussian());
            }
        }
        return m;
    }

    /** The same model with W_hh scaled so that its spectral radius is exactly radius. */
    static RnnModel withRadius(RnnModel m, double radius) {
        RnnModel c = m.copy();
        double r = Spectra.spectralRadius(Spectra.eigenvalues(m));
        double[] p = c.parameterArray();
        int off = c.offset(Parameter.W_HH);
        for (int i = 0; i < c.size(Parameter.W_HH); i++) {
            p[off + i] *= radius / r;
        }
        return c;
    }
}
