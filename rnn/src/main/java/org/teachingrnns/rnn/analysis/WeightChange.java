package org.teachingrnns.rnn.analysis;

import org.teachingrnns.numeric.linalg.SingularValues;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/** How training changed the recurrent weights. */
public final class WeightChange {

    private WeightChange() {
    }

    /**
     * The singular values of {@code W_hh(after) - W_hh(before)}, largest first (numeric's {@link SingularValues}):
     * how low-rank the learned change is.
     *
     * @throws IllegalArgumentException when the hidden sizes differ
     */
    public static double[] recurrentSingularValues(RnnModel before, RnnModel after) {
        if (before == null || after == null) {
            throw new IllegalArgumentException("both models must be given");
        }
        int n = before.hiddenSize();
        if (after.hiddenSize() != n) {
            throw new IllegalArgumentException("hidden sizes differ: " + n + " and " + after.hiddenSize());
        }
        double[] a = after.flat(Parameter.W_HH);
        double[] b = before.flat(Parameter.W_HH);
        for (int i = 0; i < a.length; i++) {
            a[i] -= b[i];
        }
        return SingularValues.of(a, n, n);
    }
}
