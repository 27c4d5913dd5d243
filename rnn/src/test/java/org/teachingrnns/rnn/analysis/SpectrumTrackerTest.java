package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

class SpectrumTrackerTest {

    private static double[] diag(double... d) {
        double[] a = new double[d.length * d.length];
        for (int i = 0; i < d.length; i++) {
            a[i * d.length + i] = d[i];
        }
        return a;
    }

    @Test
    void firstMatchedAndMatchedFromFollowTheRecords() {
        // Pole 2 is far from every eigenvalue (never matched), and placed so that the optimal matching keeps
        // pairing pole 0 with its nearby eigenvalue.
        ComplexArray poles = ComplexArray.of(new double[] {0.5, -0.5, 0.0}, new double[] {0.0, 0.0, 0.9});
        SpectrumTracker tr = new SpectrumTracker(poles, 0.05);
        tr.record(0, diag(0.9, 0.1, 0.8), 3);     // nothing matched
        tr.record(10, diag(0.5, 0.1, 0.8), 3);    // pole 0
        tr.record(20, diag(0.9, 0.1, 0.8), 3);    // nothing
        tr.record(30, diag(0.5, -0.5, 0.8), 3);   // poles 0, 1
        SpectrumTracker.Point last = tr.record(40, diag(0.49, -0.52, 0.8), 3);   // poles 0, 1
        assertArrayEquals(new int[] {10, 30, -1}, tr.firstMatched());
        assertArrayEquals(new int[] {30, 30, -1}, tr.matchedFrom());
        assertEquals(2, last.aligned());
        assertEquals((0.01 + 0.02 + Math.hypot(0.8, 0.9)) / 3, last.meanDistance(), 1e-12);
        assertEquals(0.8, last.spectralRadius(), 1e-15);
        assertEquals(5, tr.points().size());
        assertEquals(3, tr.toMap().get("first_matched") instanceof int[] f ? f.length : -1);
        assertThrows(IllegalArgumentException.class, () -> tr.record(40, diag(0.1, 0.2, 0.3), 3));
    }

    @Test
    void truncatingDropsLaterRecordsAndTheirMatches() {
        ComplexArray poles = ComplexArray.of(new double[] {0.5, -0.5}, new double[] {0.0, 0.0});
        SpectrumTracker tr = new SpectrumTracker(poles, 0.05);
        tr.record(0, diag(0.5, 0.1), 2);
        tr.record(10, diag(0.5, 0.1), 2);
        tr.record(20, diag(0.5, -0.5), 2);
        tr.truncateAfter(10);
        assertEquals(2, tr.points().size());
        assertEquals(10, tr.points().getLast().epoch());
        assertArrayEquals(new int[] {0, -1}, tr.firstMatched(), "pole 1 was matched only at the dropped record");
        tr.record(15, diag(0.5, -0.5), 2);   // recording goes on after the cut
        assertArrayEquals(new int[] {0, 15}, tr.firstMatched());
    }

    @Test
    void recordsTheEigenvaluesOfAModelsRecurrentMatrix() {
        RnnModel m = AnalysisModels.random(Activation.LINEAR, 1, 6, 1, 0.9, new SplittableRandom(17));
        ComplexArray eig = Spectra.eigenvalues(m);
        SpectrumTracker tr = new SpectrumTracker(eig, 1e-9);
        SpectrumTracker.Point p = tr.record(0, m);
        assertEquals(eig, p.eigenvalues());
        assertEquals(6, p.aligned());
        m.set(Parameter.W_HH, 0, 0, m.get(Parameter.W_HH, 0, 0) + 1.0);
        tr.record(5, m);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, tr.firstMatched());
        assertEquals(10, SpectrumTracker.defaultInterval(3000));
        assertEquals(1, SpectrumTracker.defaultInterval(1));
    }

    @Test
    void singularValuesOfTheLearnedChangeShowItsRank() {
        SplittableRandom rng = new SplittableRandom(18);
        RnnModel before = AnalysisModels.random(Activation.LINEAR, 1, 5, 1, 1.0, rng);
        RnnModel after = before.copy();
        double[] u = {1, 2, 0, -1, 0.5};
        double[] v = {0.3, 0, 1, 1, -2};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                after.set(Parameter.W_HH, i, j, before.get(Parameter.W_HH, i, j) + u[i] * v[j]);
            }
        }
        double[] s = WeightChange.recurrentSingularValues(before, after);
        double nu = Math.sqrt(1 + 4 + 1 + 0.25);
        double nv = Math.sqrt(0.09 + 1 + 1 + 4);
        assertEquals(nu * nv, s[0], 1e-12);
        for (int i = 1; i < 5; i++) {
            assertEquals(0.0, s[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> WeightChange.recurrentSingularValues(before,
                AnalysisModels.random(Activation.LINEAR, 1, 4, 1, 1.0, rng)));
    }
}
