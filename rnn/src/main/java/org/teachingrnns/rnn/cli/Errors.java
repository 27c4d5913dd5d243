package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.teachingrnns.numeric.BackendUnavailableException;

/**
 * Turns every throwable into the one line the user sees and an exit status: bad input and a run that does not fit
 * in memory 2, a failed write 4, everything else an internal error 1.
 */
final class Errors {

    /** What {@code teach} says (after "teach: ") and the exit status. */
    record Outcome(int status, String message) {
    }

    private Errors() {
    }

    /** The throwable that says what happened: picocli's and the JDK's wrappers removed. */
    static Throwable unwrap(Throwable t) {
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof picocli.CommandLine.ExecutionException || t instanceof java.io.UncheckedIOException
                || t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t;
    }

    static Outcome classify(Throwable t) {
        if (t instanceof WriteFailedException w) {
            return new Outcome(Teach.COULD_NOT_WRITE, w.getMessage());
        }
        if (t instanceof OutOfMemoryError) {
            return new Outcome(Teach.BAD_INPUT, MemoryEstimate.outOfMemory());
        }
        String bad = describeBadInput(t);
        if (bad != null) {
            return new Outcome(Teach.BAD_INPUT, bad);
        }
        return new Outcome(Teach.FAILED, "internal error: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()));
    }

    /** The message for bad input (status 2), or null when {@code t} is not bad input but a bug. */
    static String describeBadInput(Throwable t) {
        if (t instanceof java.nio.file.InvalidPathException p) {
            // Under a non-UTF-8 locale (LC_ALL=C) the JVM cannot map non-ASCII file names; ./teach runs Java in C.UTF-8.
            return "cannot use the path '" + p.getInput() + "': " + p.getReason()
                    + " (file names are decoded with " + System.getProperty("sun.jnu.encoding", "?") + "; use a UTF-8 locale, e.g. LC_ALL=C.UTF-8)";
        }
        if (t instanceof BadInputException || t instanceof IllegalArgumentException
                || t instanceof BackendUnavailableException) {
            return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
        if (t instanceof JsonProcessingException j) {
            return describeJson(j, null);
        }
        if (t instanceof IOException io) {
            return describeIo(io);
        }
        return null;
    }

    /** A JSON syntax or mapping error with its file, line and column, in one line. */
    static String describeJson(JsonProcessingException j, String file) {
        StringBuilder sb = new StringBuilder("malformed JSON");
        if (file != null) {
            sb.append(" in ").append(file);
        }
        JsonLocation at = j.getLocation();
        if (at != null && at.getLineNr() > 0) {
            sb.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
        }
        String why = j.getOriginalMessage();
        if (why != null) {
            sb.append(": ").append(withoutLibraryHints(why));
        }
        return sb.toString();
    }

    /**
     * Jackson's messages end with advice for the programmer ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`
     * to allow", "(through reference chain: ...)"); the user cannot act on those, so they are cut.
     */
    static String withoutLibraryHints(String why) {
        String s = why.replaceAll("\\s*[:;,]?\\s*(?:enable|disable) `[^`]*`[^;\\n]*", "")
                .replaceAll("\\s*\\((?:through reference chain|for Object starting at|StreamReadConstraints|set `)[^)]*\\)", "")
                .replaceAll("\\s*\\n\\s*at \\[Source:[^]]*]", "");
        return s.strip();
    }

    static String describeIo(IOException io) {
        if (io instanceof NoSuchFileException e) {
            return "no such file or directory: " + e.getFile();
        }
        if (io instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (io instanceof NotDirectoryException e) {
            return "not a directory: " + e.getFile();
        }
        if (io instanceof FileAlreadyExistsException e) {
            return "already exists and is not a directory: " + e.getFile();
        }
        if (io instanceof java.nio.file.FileSystemException e) {
            return (e.getReason() == null ? "cannot access" : e.getReason()) + ": " + e.getFile();
        }
        return "I/O error: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
    }
}
