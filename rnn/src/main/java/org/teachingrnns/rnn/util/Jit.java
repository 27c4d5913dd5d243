package org.teachingrnns.rnn.util;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/** Waiting for the JIT, for the code that times kernels (teach bench's timer, auto's epoch trial). */
public final class Jit {

    /** The longest a wait lasts, however busy the compiler stays. */
    static final long MAX_WAIT_NANOS = 2_000_000_000L;

    private Jit() {
    }

    /**
     * Sleeps until the JIT has finished no compilation for {@code quietNanos} (at most 2 s). Thread CPU time does not
     * wait for the compiler threads: on a loaded machine they get little CPU, and a warm-up measured in a thread's CPU
     * time can end before C2 has compiled the kernels. Sleeping hands them the core. Returns at once where the JVM
     * does not report compilation time, and when interrupted (with the flag set again).
     */
    public static void awaitQuiet(long quietNanos) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < quietNanos) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }
}
