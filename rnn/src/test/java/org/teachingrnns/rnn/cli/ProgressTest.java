package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A clock the test moves: one second per tick. */
    private static final class FakeClock {
        long now;

        long get() {
            return now;
        }
    }

    @Test
    void plainLinesEveryTenPercentWhenNotATerminal() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), false, "epoch", 1000, clock::get);
        for (int i = 1; i <= 1000; i++) {
            clock.now += 100_000_000L; // 100 ms per epoch
            p.update(i, "loss 0.5");
        }
        p.finish();
        List<String> lines = sw.toString().lines().toList();
        assertEquals(10, lines.size(), sw.toString());
        assertTrue(lines.get(0).startsWith("epoch 100/1000 ( 10%)  loss 0.5  elapsed 10.0s  left ~1m30s"), lines.get(0));
        assertTrue(lines.get(9).startsWith("epoch 1000/1000 (100%)"), lines.get(9));
        assertFalse(lines.get(9).contains("left"), lines.get(9));
        assertFalse(sw.toString().contains("\r"));
    }

    @Test
    void inPlaceOnATerminalThrottledAndEndedWithNewline() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), true, "epoch", 100, clock::get);
        for (int i = 1; i <= 100; i++) {
            clock.now += 10_000_000L; // 10 ms per step: redrawn about every 10 steps
            p.update(i, null);
        }
        p.finish();
        String s = sw.toString();
        long redraws = s.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 9 && redraws <= 12, "redraws " + redraws + ": " + s);
        assertTrue(s.endsWith("\n"));
        assertEquals(1, s.chars().filter(c -> c == '\n').count());
        assertTrue(s.contains("epoch 100/100 (100%)"), s);
    }

    @Test
    void timeLeftUsesTheRecentRateNotTheWarmUp() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), false, "epoch", 1000, clock::get);
        for (int i = 1; i <= 500; i++) {
            clock.now += i <= 10 ? 1_000_000_000L : 10_000_000L; // 10 slow warm-up epochs, then 10 ms each
            p.update(i, null);
        }
        String line = sw.toString().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(line.startsWith("epoch 500/1000 ( 50%)  elapsed 14.9s  left ~5.0s"), line);
    }

    @Test
    void restartTimesTheWorkFromThere() {
        // Five seconds of preparation (auto's epoch trial) before the first epoch, then 10 ms per epoch: after restart
        // the line shows the epochs' time alone, and the estimate their rate.
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), false, "epoch", 1000, clock::get);
        clock.now += 5_000_000_000L;
        p.restart();
        for (int i = 1; i <= 100; i++) {
            clock.now += 10_000_000L;
            p.update(i, null);
        }
        assertEquals("epoch 100/1000 ( 10%)  elapsed 1.0s  left ~9.0s", sw.toString().strip());
        // Without the restart the same epochs read 6.0 s elapsed and 54 s left.
        StringWriter sw2 = new StringWriter();
        FakeClock clock2 = new FakeClock();
        Progress q = new Progress(new PrintWriter(sw2), false, "epoch", 1000, clock2::get);
        clock2.now += 5_000_000_000L;
        for (int i = 1; i <= 100; i++) {
            clock2.now += 10_000_000L;
            q.update(i, null);
        }
        assertEquals("epoch 100/1000 ( 10%)  elapsed 6.0s  left ~54.0s", sw2.toString().strip());
    }

    @Test
    void noEstimateInTheFirstSecond() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), false, "epoch", 10, clock::get);
        clock.now += 500_000_000L;
        p.update(5, null);
        assertEquals("epoch 5/10 ( 50%)  elapsed 0.5s", sw.toString().strip());
    }

    @Test
    void durations() {
        assertEquals("4.2s", Progress.duration(4.2));
        assertEquals("3m05s", Progress.duration(185));
        assertEquals("1h02m", Progress.duration(3720));
        assertEquals("?", Progress.duration(Double.NaN));
    }
}
