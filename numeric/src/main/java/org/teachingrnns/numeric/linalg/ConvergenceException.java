package org.teachingrnns.numeric.linalg;

/**
 * An iterative decomposition stopped at its iteration limit before it converged. Thrown instead of
 * returning an answer that may be wrong (LAPACK reports the same condition as {@code INFO > 0}).
 */
public class ConvergenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConvergenceException(String message) {
        super(message);
    }
}
