package org.teachingrnns.rnn.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.teachingrnns.rnn.util.Jit;

/**
 * Times several tasks side by side by the calling thread's CPU time: each task is warmed up (so C2 has compiled
 * it), its repetitions per round are set so a round lasts about {@code roundNanos}, then the tasks alternate over
 * the rounds and each keeps its best and median time per call. Time spent descheduled on a loaded machine does
 * not count, and a load change during the run hits every task alike. Rounds continue (up to three times the
 * number asked) while the last round still improved some task's best by more than 5%: on a busy machine C2 may
 * finish compiling only after the warm-up.
 */
public final class CpuTimer {

    /** One task to time: {@code run(reps)} performs {@code reps} calls. */
    public interface Task {
        void run(int reps);
    }

    /** Calls a warm-up makes at least (within ten times its time), so C2's invocation counters can trip. */
    static final int MIN_WARMUP_CALLS = 100;

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final long warmupNanos;
    private final long roundNanos;
    private final int rounds;
    private final LongSupplier clock;
    private final boolean settleJit;

    public CpuTimer(long warmupNanos, long roundNanos, int rounds, LongSupplier clock) {
        this(warmupNanos, roundNanos, rounds, clock, false);
    }

    private CpuTimer(long warmupNanos, long roundNanos, int rounds, LongSupplier clock, boolean settleJit) {
        if (warmupNanos < 0 || roundNanos < 0 || rounds < 1) {
            throw new IllegalArgumentException("warm-up and round time must be >= 0 and rounds >= 1");
        }
        this.warmupNanos = warmupNanos;
        this.roundNanos = roundNanos;
        this.rounds = rounds;
        this.clock = clock;
        this.settleJit = settleJit;
    }

    /** A timer on the current thread's CPU time; fails clearly where the JVM cannot measure it. */
    public static CpuTimer threadCpuTime(long warmupNanos, long roundNanos, int rounds) {
        if (!MX.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        if (!MX.isThreadCpuTimeEnabled()) {
            MX.setThreadCpuTimeEnabled(true);
        }
        return new CpuTimer(warmupNanos, roundNanos, rounds, MX::getCurrentThreadCpuTime, true);
    }

    /** Times the tasks in alternation; result i belongs to task i, under keys.get(i) with flops.get(i). */
    public List<Timing> time(List<String> keys, List<Double> flops, List<Task> tasks) {
        int t = tasks.size();
        int[] reps = new int[t];
        for (int i = 0; i < t; i++) {
            reps[i] = calibrate(tasks.get(i));
            if (settleJit) {
                Jit.awaitQuiet(200_000_000L);   // 200 ms of no compilation (see Jit)
                reps[i] = calibrate(tasks.get(i)); // again, now on what the compiler produced meanwhile
            }
        }
        List<double[]> perCall = new ArrayList<>();
        double[] best = new double[t];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int r = 0; r < 3 * rounds; r++) {
            double[] round = new double[t];
            boolean improved = false;
            for (int i = 0; i < t; i++) {
                long start = clock.getAsLong();
                tasks.get(i).run(reps[i]);
                round[i] = Math.max(1, clock.getAsLong() - start) / (double) reps[i];
                improved |= round[i] < 0.95 * best[i];
                best[i] = Math.min(best[i], round[i]);
            }
            perCall.add(round);
            if (r + 1 >= rounds && !improved) {
                break;
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            double[] v = new double[perCall.size()];
            for (int r = 0; r < v.length; r++) {
                v[r] = perCall.get(r)[i];
            }
            Arrays.sort(v);
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            out.add(new Timing(keys.get(i), flops.get(i), v[0], median, v.length));
        }
        return out;
    }

    /**
     * Warms the task up and returns the calls per round. The warm-up runs batches of doubling size for at least
     * warmupNanos, goes on (up to twice as long) until it has made {@value #MIN_WARMUP_CALLS} calls, and (up to ten
     * times as long) while a batch still runs more than 10% faster per call than every batch before it: Vector API code is a
     * hundred times slower before C2 has compiled it, C2 compiles after a number of calls rather than a time, and
     * on a busy machine that can take longer than any fixed warm-up.
     */
    private int calibrate(Task task) {
        long start = clock.getAsLong();
        long batch = 1;
        long calls = 0;
        double best = Double.POSITIVE_INFINITY;
        double last;
        boolean improved;
        long elapsed;
        do {
            long t0 = clock.getAsLong();
            task.run((int) batch);
            calls += batch;
            last = Math.max(1, clock.getAsLong() - t0) / (double) batch;
            improved = last < 0.9 * best;
            best = Math.min(best, last);
            batch = Math.max(1, Math.min(batch * 2, (long) (roundNanos / last)));
            elapsed = clock.getAsLong() - start;
        } while (elapsed < warmupNanos || (improved && elapsed < 10 * warmupNanos)
                || (calls < MIN_WARMUP_CALLS && elapsed < 2 * warmupNanos));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, roundNanos / best));
    }
}
