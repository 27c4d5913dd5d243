package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.teachingrnns.numeric.BackendUnavailableException;

/** Turns the exceptions that mean "bad input" into the one line the user sees; everything else is a bug. */
final class Errors {

    private Errors() {
    }

    /** The message for bad input (status 2), or null when {@code t} is not bad input but a bug. */
    static String describeBadInput(Throwable t) {
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
            sb.append(": ").append(why);
        }
        return sb.toString();
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
