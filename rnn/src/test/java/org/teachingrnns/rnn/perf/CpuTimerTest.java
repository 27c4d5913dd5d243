package org.teachingrnns.rnn.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuTimerTest {

    /** A fake clock that only the tasks advance: task i costs cost[i] ns per call (plus a per-round extra). */
    private static final class Machine {
        long now;
        final List<String> log = new ArrayList<>();
    }

    @Test
    void tasksAlternateAndKeepTheirOwnTimes() {
        Machine mc = new Machine();
        // A fake clock advanced only by the tasks: "a" costs 100 ns per call, "b" 1000 ns.
        CpuTimer.Task a = reps -> {
            mc.now += reps * 100L;
            mc.log.add("a");
        };
        CpuTimer.Task b = reps -> {
            mc.now += reps * 1000L;
            mc.log.add("b");
        };
        List<Timing> t = new CpuTimer(10_000, 100_000, 5, () -> mc.now).time(List.of("a", "b"), List.of(200.0, 0.0),
                List.of(a, b));
        assertEquals(List.of("a", "b"), t.stream().map(Timing::key).toList());
        assertEquals(100.0, t.get(0).minNanos(), 1e-9);
        assertEquals(100.0, t.get(0).medianNanos(), 1e-9);
        assertEquals(1000.0, t.get(1).minNanos(), 1e-9);
        assertEquals(2.0, t.get(0).gflops(), 1e-12);
        assertEquals(Double.NaN, t.get(1).gflops());
        assertEquals(5, t.get(0).rounds());
        // After the warm-ups, the rounds alternate a, b, a, b, ...
        int firstRound = mc.log.size() - 2 * t.get(0).rounds();
        for (int i = firstRound; i < mc.log.size(); i++) {
            assertEquals((i - firstRound) % 2 == 0 ? "a" : "b", mc.log.get(i), mc.log.toString());
        }
    }

    @Test
    void warmUpGoesOnWhileTheTaskIsStillGettingFaster() {
        // 3 000 ns per call for the first 50 calls (the interpreter), then 100 (compiled): the warm-up of 100 000 ns
        // is over after 34 slow calls, but it goes on towards the minimum call count and while calls get faster, so
        // the rounds see only the compiled speed.
        long[] now = {0};
        int[] calls = {0};
        CpuTimer.Task task = reps -> {
            for (int i = 0; i < reps; i++) {
                now[0] += calls[0]++ < 50 ? 3_000 : 100;
            }
        };
        Timing t = new CpuTimer(100_000, 10_000, 3, () -> now[0]).time(List.of("x"), List.of(0.0), List.of(task)).get(0);
        assertEquals(100.0, t.minNanos(), 1e-9);
        assertEquals(100.0, t.medianNanos(), 1e-9);
    }

    @Test
    void medianOfKnownRoundsAndRepsPerRound() {
        long[] now = {0};
        long[] perCall = {0};
        int[] calls = {0};
        // Warm-up (1 call per batch until 1000 ns pass) at 100 ns/call, then rounds of 300, 100, 200, 500, 400 ns/call.
        long[] rounds = {300, 100, 200, 500, 400};
        int[] r = {-1};
        List<Integer> repsSeen = new ArrayList<>();
        CpuTimer.Task task = reps -> {
            calls[0] += reps;
            perCall[0] = r[0] < 0 ? 100 : rounds[Math.min(r[0], rounds.length - 1)];
            now[0] += reps * perCall[0];
            if (r[0] >= 0) {
                repsSeen.add(reps);
                r[0]++;
            }
        };
        CpuTimer timer = new CpuTimer(1_000, 10_000, 5, () -> now[0]);
        // Switch to the rounds once calibration is over: the wrapper flips the phase at the first call with 100 reps.
        CpuTimer.Task phased = reps -> {
            if (r[0] < 0 && reps == 100) {
                r[0] = 0;
            }
            task.run(reps);
        };
        Timing t = timer.time(List.of("x"), List.of(0.0), List.of(phased)).get(0);
        // 10 000 ns per round at 100 ns per call: 100 calls per round.
        assertEquals(List.of(100, 100, 100, 100, 100), repsSeen.subList(0, 5));
        assertEquals(100.0, t.minNanos(), 1e-9);
        assertEquals(300.0, t.medianNanos(), 1e-9);
        assertEquals(2.0, t.spread(), 1e-12);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CpuTimer(0, 0, 0, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new Timing("x", 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timing("x", 0, 2, 1, 1));
    }
}
