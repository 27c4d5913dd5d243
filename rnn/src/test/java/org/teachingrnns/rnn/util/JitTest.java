package org.teachingrnns.rnn.util;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class JitTest {

    /** It waits for the quiet it is asked for (the JVM reports compilation time here), and never past its cap. */
    @Test
    void waitsForQuietButNoLongerThanTheCap() {
        assertTrue(ManagementFactory.getCompilationMXBean().isCompilationTimeMonitoringSupported());
        long t0 = System.nanoTime();
        Jit.awaitQuiet(60_000_000L);
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= 60_000_000L, waited + " ns");
        assertTrue(waited < Jit.MAX_WAIT_NANOS + 1_000_000_000L, waited + " ns");
    }

    /** Interrupted, it returns at once and keeps the interrupt for the caller. */
    @Test
    void anInterruptEndsTheWait() {
        Thread.currentThread().interrupt();
        long t0 = System.nanoTime();
        Jit.awaitQuiet(Jit.MAX_WAIT_NANOS);
        long waited = System.nanoTime() - t0;
        assertTrue(Thread.interrupted(), "the flag is set again");
        assertTrue(waited < 500_000_000L, waited + " ns");
    }
}
