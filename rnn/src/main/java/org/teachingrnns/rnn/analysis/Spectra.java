package org.teachingrnns.rnn.analysis;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.ScalarBlas;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/** Spectral quantities of an RNN's recurrent matrix (eigenvalues from numeric's Hessenberg + Francis QR). */
public final class Spectra {

    private Spectra() {
    }

    /** Eigenvalues of W_hh, in the order numeric's {@link EigenDecomposition} returns them. */
    public static ComplexArray eigenvalues(RnnModel m) {
        if (m == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        return EigenDecomposition.eigenvalues(m.flat(Parameter.W_HH), m.hiddenSize());
    }

    /**
     * Eigenvalues of W_hh with the long reflectors of the reduction run by {@code blas} (an experiment passes its
     * compute's, so {@code --backend scalar} stays on plain loops); null for the default.
     */
    public static ComplexArray eigenvalues(RnnModel m, Blas blas) {
        if (m == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (blas == null) {
            return eigenvalues(m);
        }
        return EigenDecomposition.eigenvalues(m.flat(Parameter.W_HH), m.hiddenSize(), blas);
    }

    /**
     * An eigen-decomposition whose long reflectors run on {@code blas}, or, for null, one that asks
     * {@link Blas#get()} only for matrices large enough to use it (the analysis classes' one-argument forms).
     */
    static EigenDecomposition decomposition(boolean right, boolean left, Blas blas) {
        return blas == null ? new EigenDecomposition(right, left) : new EigenDecomposition(right, left, blas);
    }

    /**
     * Eigenvalues of W_hh on plain scalar loops ({@link ScalarBlas}): the same bits on every machine and backend. For
     * what defines an experiment rather than measures it (a teacher's poles, the scaling of a random teacher), so
     * a run depends on its configuration only: the default Blas differs by SIMD width, and its rounding would reach
     * a random teacher's weights and so its data.
     */
    public static ComplexArray eigenvaluesPortable(RnnModel m) {
        return eigenvalues(m, PORTABLE);
    }

    private static final Blas PORTABLE = new ScalarBlas();

    /** Largest modulus, 0 for an empty array. */
    public static double spectralRadius(ComplexArray values) {
        double r = 0.0;
        for (int i = 0; i < values.length(); i++) {
            r = Math.max(r, Math.hypot(values.re(i), values.im(i)));
        }
        return r;
    }
}
