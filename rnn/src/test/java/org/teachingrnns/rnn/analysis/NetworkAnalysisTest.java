package org.teachingrnns.rnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.Teacher;

class NetworkAnalysisTest {

    private static final NetworkAnalysis.Settings FAST = new NetworkAnalysis.Settings(0.05, 0.01, 50, 32,
            new DrivingNoise(3, 400, 100), 0, 1, 10);

    @Test
    void whatAppliesToWhichModel() {
        SplittableRandom rng = new SplittableRandom(30);
        Teacher t = IirTeacher.draw(4, false, 0.9, Activation.LINEAR, rng);
        RnnModel student = AnalysisModels.random(Activation.LINEAR, 1, 4, 1, 0.8, rng);

        Map<String, Object> alone = NetworkAnalysis.of(student, null, null, FAST).toMap();
        assertTrue(alone.keySet().containsAll(java.util.List.of("eigenvalues", "spectral_radius", "residues",
                "impulse_response", "frequency_response", "lyapunov", "noise")));
        assertFalse(alone.containsKey("matching"));
        assertTrue(((Map<?, ?>) alone.get("lyapunov")).containsKey("log_abs_eigenvalues"));
        assertTrue(((Map<?, ?>) alone.get("impulse_response")).containsKey("model_modal"));

        // A linear pair: errors and the teacher's Lyapunov spectrum, but no Jacobian comparison (constant D_t).
        NetworkAnalysis lin = NetworkAnalysis.of(student, t.model(), t.poles(), FAST);
        assertNull(lin.jacobians());
        assertTrue(lin.impulseError() > 0.01);
        assertEquals(ImpulseResponse.relativeError(ImpulseResponse.of(student, 50), ImpulseResponse.of(t.model(), 50)),
                lin.impulseError());
        Map<String, Object> m = lin.toMap();
        assertTrue(((Map<?, ?>) m.get("matching")).containsKey("residue_filtered"));
        assertTrue(m.containsKey("teacher_lyapunov"));
        // The teacher against itself: zero errors.
        NetworkAnalysis self = NetworkAnalysis.of(t.model(), t.model(), t.poles(), FAST);
        assertEquals(0.0, self.impulseError());
        assertEquals(0.0, self.frequencyError());
        assertEquals(4, self.optimal().aligned());

        // tanh: no modal responses or log|eig|, and the Jacobian spectra are compared.
        RnnModel tanhStudent = student.withActivation(Activation.TANH);
        NetworkAnalysis nl = NetworkAnalysis.of(tanhStudent, t.model().withActivation(Activation.TANH), t.poles(), FAST);
        assertEquals(400, nl.jacobians().distances().length);
        assertNull(nl.modalImpulse());
        assertFalse(((Map<?, ?>) nl.toMap().get("lyapunov")).containsKey("log_abs_eigenvalues"));

        // A teacher with another output size: matching and its Lyapunov spectrum, no response comparison, a note.
        RnnModel twoOut = AnalysisModels.random(Activation.TANH, 1, 3, 2, 0.9, rng);
        NetworkAnalysis odd = NetworkAnalysis.of(tanhStudent, twoOut, Spectra.eigenvalues(twoOut), FAST);
        assertNull(odd.teacherImpulse());
        assertNull(odd.jacobians());
        assertEquals(3, odd.teacherLyapunov().spectrum().length);
        assertEquals(1, odd.notes().size());
        assertTrue(Double.isNaN(odd.impulseError()));

        assertThrows(IllegalArgumentException.class, () -> new NetworkAnalysis.Settings(0.05, 0.01, 50, 32,
                new DrivingNoise(3, 5, 0), 0, 1, 10));
    }
}
