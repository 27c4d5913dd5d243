package org.teachingrnns.rnn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.model.Activation;

class KernelWarmupTest {

    private static ExperimentConfig small(Activation f) {
        return ExperimentConfig.defaults().withTraining(t -> t.epochs(150))
                .withData(d -> d.sequences(20).length(60).washout(10)).withStudent(s -> s.activation(f));
    }

    /** The warm-up shares only the JIT with the run: the run's numbers are the same bits with and without it. */
    @Test
    void aRunGivesTheSameBitsWithAWarmupBesideIt() {
        for (Activation f : Activation.values()) {
            ExperimentConfig c = small(f);
            Compute compute = Compute.defaults();
            ExperimentResult alone = Experiment.run(c, compute, null);
            ExperimentResult warmed;
            try (KernelWarmup w = KernelWarmup.start(c, compute)) {
                warmed = Experiment.run(c, compute, null);
            }
            assertEquals(alone.testLoss(), warmed.testLoss(), 0.0, f.toString());
            assertArrayEquals(alone.student().parameterArray(), warmed.student().parameterArray(), 0.0, f.toString());
        }
        ExperimentConfig c = small(Activation.TANH).withTraining(t -> t.dtype(Dtype.FLOAT32));
        ExperimentResult alone = Experiment.run(c, Compute.defaults(), null);
        ExperimentResult warmed;
        try (KernelWarmup w = KernelWarmup.start(c, Compute.defaults())) {
            warmed = Experiment.run(c, Compute.defaults(), null);
        }
        assertArrayEquals(alone.student().parameterArray(), warmed.student().parameterArray(), 0.0, "float32");
    }

    @Test
    void itStopsByItselfAndAtClose() throws Exception {
        ExperimentConfig c = small(Activation.LINEAR);
        KernelWarmup w = KernelWarmup.start(c, Compute.defaults());
        long t0 = System.nanoTime();
        while (!w.finished() && System.nanoTime() - t0 < 60e9) {
            Thread.sleep(20);
        }
        assertTrue(w.finished(), "the warm-up ended by itself (fast and steady, or its time limit)");
        assertTrue(w.epochs() >= 1, "it ran epochs: " + w.epochs());
        w.close();

        KernelWarmup v = KernelWarmup.start(ExperimentConfig.defaults().withStudent(s -> s.hidden(64)), Compute.defaults());
        v.close();
        assertTrue(v.finished(), "close stops it and waits for its thread");
        assertThrows(IllegalArgumentException.class, () -> KernelWarmup.start(null, Compute.defaults()));
    }

    @Test
    void onlySmallRunsAreWarmedUp() {
        assertTrue(KernelWarmup.worthwhile(ExperimentConfig.defaults()), "the default experiment");
        ExperimentConfig large = ExperimentConfig.defaults().withStudent(s -> s.hidden(256)).withData(d -> d.length(200));
        assertEquals(null, KernelWarmup.startIfWorthwhile(large, Compute.defaults()), "hidden 256: nothing started");
        assertFalse(KernelWarmup.worthwhile(ExperimentConfig.defaults().withStudent(s -> s.hidden(16))),
                "hidden 16 may call the Blas (and auto's calibration)");
        assertFalse(KernelWarmup.worthwhile(ExperimentConfig.defaults().withData(d -> d.sequences(10000))),
                "a state of 5 x 8000 x 150 elements");
    }
}
