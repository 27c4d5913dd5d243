package org.teachingrnns.rnn.cli;

import java.io.IOException;

/**
 * A write that failed (full disk, closed or broken stdout, file too large, permission lost): {@code teach} reports
 * it as one line naming what it was writing and the operating system's reason, with exit status
 * {@link Teach#COULD_NOT_WRITE} (not "bad input": the input was fine, the output could not be stored).
 */
final class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final String reason;

    WriteFailedException(String target, IOException cause) {
        super("could not write " + target + ": " + reason(cause), cause);
        this.target = target;
        this.reason = reason(cause);
    }

    String target() {
        return target;
    }

    String reason() {
        return reason;
    }

    /** The OS's words ("No space left on device"), without Java's restatement of the path. */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }
}
