package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr (never stdout, which carries results): how far, a detail such as the
 * loss, the elapsed time and an estimate of the time left: the remaining work at the rate of the last few
 * seconds (not since the start, which includes JIT warm-up and would overstate the time left at first).
 *
 * <p>On a terminal the line is rewritten in place with {@code \r}, at most every 100 ms; otherwise (a log
 * file, a pipe, a cluster job) a plain line is printed at every further 10% of the work, so logs stay short.
 */
final class Progress {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final LongSupplier clock;
    private long start;
    private long lastDraw = Long.MIN_VALUE;
    private int lastDecile = 0;
    private int lastWidth;
    private boolean finished;
    // Rate window: the rate is measured from (markTime, markDone), a point at least WINDOW_NANOS old when
    // possible; (nextTime, nextDone) becomes the mark once it is old enough.
    private static final long WINDOW_NANOS = 2_000_000_000L;
    private long markTime;
    private long markDone;
    private long nextTime;
    private long nextDone;

    Progress(PrintWriter err, boolean terminal, String label, long total, LongSupplier nanoClock) {
        if (total <= 0) {
            throw new IllegalArgumentException("progress total must be positive, got " + total);
        }
        this.err = err;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.markTime = start;
        this.nextTime = start;
    }

    /**
     * Progress on the real stderr of this process: in place when the process runs on a terminal. Since JDK 22
     * {@link System#console()} may return a console that is not a terminal, hence {@link java.io.Console#isTerminal()}.
     */
    static Progress onStderr(PrintWriter err, String label, long total) {
        java.io.Console console = System.console();
        return new Progress(err, console != null && console.isTerminal(), label, total, System::nanoTime);
    }

    /**
     * Starts the clock again, with nothing done: for work whose preparation should not count as part of it (a run's
     * elapsed time and first estimates used to include {@code auto}'s epoch trial, 2-5 s before the first epoch).
     */
    void restart() {
        start = clock.getAsLong();
        markTime = start;
        nextTime = start;
        markDone = 0;
        nextDone = 0;
    }

    /** Reports that {@code done} of {@code total} units are complete; {@code detail} may be null. */
    void update(long done, String detail) {
        if (finished) {
            return;
        }
        long now = clock.getAsLong();
        if (now - nextTime >= WINDOW_NANOS) {
            markTime = nextTime;
            markDone = nextDone;
            nextTime = now;
            nextDone = done;
        }
        if (terminal) {
            if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            String line = line(done, detail, now);
            int pad = Math.max(0, lastWidth - line.length());
            err.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            err.flush();
        } else {
            int decile = (int) Math.min(10, (done * 10) / total);
            if (decile > lastDecile) {
                lastDecile = decile;
                err.println(line(done, detail, now));
                err.flush();
            }
        }
    }

    /** Ends the progress display (a newline after an in-place line). */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (terminal && lastWidth > 0) {
            err.println();
            err.flush();
        }
    }

    String line(long done, String detail, long now) {
        double elapsed = (now - start) / 1e9;
        StringBuilder sb = new StringBuilder(label).append(' ').append(done).append('/').append(total);
        sb.append(String.format(Locale.ROOT, " (%3d%%)", (int) (100 * done / total)));
        if (detail != null && !detail.isEmpty()) {
            sb.append("  ").append(detail);
        }
        sb.append("  elapsed ").append(duration(elapsed));
        // No estimate in the first second: the first steps run in the interpreter and would promise hours.
        if (done > 0 && done < total && elapsed >= 1.0) {
            double left = done > markDone && now > markTime
                    ? (now - markTime) / 1e9 * (total - done) / (done - markDone)
                    : elapsed * (total - done) / done;
            sb.append("  left ~").append(duration(left));
        }
        return sb.toString();
    }

    /** 4.2s, 3m05s, 1h02m. */
    static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
