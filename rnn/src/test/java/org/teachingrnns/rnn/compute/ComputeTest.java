package org.teachingrnns.rnn.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;

/** Two compute contexts side by side in one JVM, whatever {@link Blas#get()} chose for it. */
class ComputeTest {

    @Test
    void namesMapToBlasAndEngines() {
        Compute scalar = Compute.of("scalar");
        assertEquals("scalar", scalar.backend());
        assertTrue(!scalar.vectorEngines());
        Compute vector = Compute.of(" Vector ");
        assertEquals("vector", vector.backend());
        assertTrue(vector.vectorEngines());
        assertNull(vector.note());
        assertTrue(Compute.of("auto").vectorEngines(), "the tests run with the Vector API module");
        assertThrows(IllegalArgumentException.class, () -> Compute.of("cuda"));
        assertThrows(IllegalArgumentException.class, () -> Compute.of(" "));
        assertEquals(BpttEngine.GEMM, scalar.withEngine(BpttEngine.GEMM).forcedEngine());
        assertEquals("scalar", scalar.withEngine(BpttEngine.GEMM).backend(), "forcing an engine keeps the Blas");
    }

    @Test
    void scalarAndVectorExperimentsAgreeAndEachIsReproducible() {
        ExperimentConfig c = ExperimentConfig.defaults().withTraining(t -> t.epochs(150));
        ExperimentResult s1 = Experiment.run(c, Compute.of("scalar"), null);
        ExperimentResult v1 = Experiment.run(c, Compute.of("vector"), null);
        ExperimentResult s2 = Experiment.run(c, Compute.of("scalar"), null);
        ExperimentResult v2 = Experiment.run(c, Compute.of("vector"), null);
        assertEquals("scalar", s1.backend());
        assertEquals("vector", v1.backend());
        // Same seed and backend: the same bits.
        assertEquals(Double.doubleToLongBits(s1.testLoss()), Double.doubleToLongBits(s2.testLoss()));
        assertEquals(Double.doubleToLongBits(v1.testLoss()), Double.doubleToLongBits(v2.testLoss()));
        assertEquals(s1.student(), s2.student());
        assertEquals(v1.student(), v2.student());
        // Different kernels (sums in another order): not the same bits, the same result to rounding.
        assertNotEquals(s1.student(), v1.student(), "scalar and vector should run different code");
        assertEquals(v1.testLoss(), s1.testLoss(), 1e-9 * v1.testLoss());
        assertEquals(v1.trainLoss(), s1.trainLoss(), 1e-9 * v1.trainLoss());
    }
}
