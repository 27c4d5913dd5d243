package org.teachingrnns.rnn.cli;

/** Input the user can fix (a value, a file's content); the message is the one line {@code teach} prints. */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
