package org.teachingrnns.numeric.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The threads a {@link VectorBlas} may use for one large GEMM: {@code threads - 1} daemon workers plus the
 * calling thread. BLIS parallelises the JC and IC loops (docs/Multithreading.md), never PC, whose
 * iterations accumulate into the same C; {@code Gemm} splits IC blocks over these threads after the
 * caller has packed the shared B panel. Each element of C is therefore computed by one thread in the same
 * order whatever the thread count, so the results are bit-identical for 1, 2 or more threads.
 *
 * <p>The workers are shared: one pool per thread count, created on the first parallel GEMM and kept for
 * the life of the JVM (daemon threads, so they never keep it alive). A backend per training run or per
 * test therefore does not leak a pool each. Callers of different backends with the same thread count
 * share the workers; a task never waits on another pool task, so that can only queue, never deadlock.
 */
final class GemmThreads {

    /** Worker pools by worker count (threads - 1), created lazily. */
    private static final ConcurrentHashMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

    private final int threads;

    GemmThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    /** The shared pool of {@code workers} daemon threads, created on first use. */
    private static ExecutorService pool(int workers) {
        return POOLS.computeIfAbsent(workers, w -> Executors.newFixedThreadPool(w, r -> {
            Thread t = new Thread(r, "teachingrnns-gemm");
            t.setDaemon(true);
            return t;
        }));
    }

    /** How many shared pools exist, for tests. */
    static int pools() {
        return POOLS.size();
    }

    /** Runs {@code body.accept(t)} for t in [0, tasks): task 0 on the caller, the others on the workers. */
    void run(int tasks, IntConsumer body) {
        if (tasks <= 1 || threads == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        ExecutorService pool = pool(threads - 1);
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
