package org.teachingrnns.numeric;

/** A backend that was asked for cannot run here; the message is one sentence saying why. */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
