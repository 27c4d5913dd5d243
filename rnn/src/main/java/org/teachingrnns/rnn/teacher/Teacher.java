package org.teachingrnns.rnn.teacher;

import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.signal.Signal;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * A teacher: the RNN that produces the targets, the poles it is known to have, and, for a linear IIR teacher,
 * its transfer function.
 *
 * @param model  the teacher as an RNN
 * @param poles  the teacher's poles (the drawn IIR poles, or the eigenvalues of its W_hh)
 * @param filter the IIR transfer function (b, a), or null when the teacher is not a linear IIR filter
 */
public record Teacher(RnnModel model, ComplexArray poles, Signal.TransferFunction filter) {

    public Teacher {
        if (model == null || poles == null) {
            throw new IllegalArgumentException("teacher model and poles must be given");
        }
        if (filter != null && (model.activation() != Activation.LINEAR || model.inputSize() != 1 || model.outputSize() != 1)) {
            throw new IllegalArgumentException("a filter teacher must be linear with one input and one output");
        }
    }

    /** Any model as a teacher; its poles are the eigenvalues of its W_hh. */
    public static Teacher ofModel(RnnModel model) {
        if (model == null) {
            throw new IllegalArgumentException("teacher model must not be null");
        }
        return new Teacher(model.copy(), Spectra.eigenvaluesPortable(model), null);
    }

    /**
     * Targets for inputs {@code [batch][time][input]} from a zero initial state: {@code lfilter(b, a, x)} per
     * sequence for a linear IIR teacher (the reference definition), the RNN's outputs otherwise.
     */
    public double[][][] respond(double[][][] inputs) {
        return requireFinite(filter == null ? Bptt.outputs(model, inputs, null) : filtered(inputs));
    }

    /**
     * The targets, refused when they overflowed: a loss on infinite or NaN targets is NaN from the first epoch,
     * so training on them cannot mean anything.
     */
    private double[][][] requireFinite(double[][][] y) {
        for (int b = 0; b < y.length; b++) {
            for (int t = 0; t < y[b].length; t++) {
                for (double v : y[b][t]) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("the teacher's outputs overflow (not finite at sequence " + b
                                + ", step " + t + "; spectral radius " + Spectra.spectralRadius(poles)
                                + "): lower --length or the teacher's spectral radius (--max-radius, --teacher-spectral-radius)");
                    }
                }
            }
        }
        return y;
    }

    private double[][][] filtered(double[][][] inputs) {
        double[][][] y = new double[inputs.length][][];
        for (int b = 0; b < inputs.length; b++) {
            int time = inputs[b].length;
            double[] x = new double[time];
            for (int t = 0; t < time; t++) {
                if (inputs[b][t].length != 1) {
                    throw new IllegalArgumentException("an IIR teacher takes one input feature");
                }
                x[t] = inputs[b][t][0];
            }
            double[] out = Signal.lfilter(filter.b(), filter.a(), x);
            y[b] = new double[time][1];
            for (int t = 0; t < time; t++) {
                y[b][t][0] = out[t];
            }
        }
        return y;
    }
}
