package org.teachingrnns.numeric.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The threads a {@link VectorBlas} may use for one large GEMM: {@code threads - 1} daemon workers plus the
 * calling thread. BLIS parallelises the JC and IC loops (docs/Multithreading.md), never PC, whose
 * iterations accumulate into the same C; {@code Gemm} splits IC blocks over these threads after the
 * caller has packed the shared B panel.
 */
final class GemmThreads {

    private final int threads;
    private final ExecutorService pool;

    GemmThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "teachingrnns-gemm");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body.accept(t)} for t in [0, tasks): task 0 on the caller, the others on the workers. */
    void run(int tasks, IntConsumer body) {
        if (tasks <= 1 || pool == null) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks - 1);
        for (int t = 1; t < tasks; t++) {
            int task = t;
            futures.add(pool.submit(() -> body.accept(task)));
        }
        body.accept(0);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for GEMM worker threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
