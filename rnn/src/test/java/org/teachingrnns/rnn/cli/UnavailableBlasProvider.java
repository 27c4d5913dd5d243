package org.teachingrnns.rnn.cli;

import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasProvider;

/**
 * A backend that never loads (test class path only), standing in for OpenBLAS on a machine without it, so the
 * tests can check what a forced but unavailable backend does: one line, status 2.
 */
public final class UnavailableBlasProvider implements BlasProvider {

    static final String NAME = "unavailable-in-tests";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Blas create() {
        throw new BackendUnavailableException("its library is not installed (a test stand-in)");
    }
}
