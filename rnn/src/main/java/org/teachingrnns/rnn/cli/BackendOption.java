package org.teachingrnns.rnn.cli;

import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Backends;
import org.teachingrnns.numeric.Blas;
import picocli.CommandLine.Option;

/**
 * {@code --backend auto|scalar|vector|openblas} for the commands that compute. It sets the system property
 * {@value Blas#BACKEND_PROPERTY} before the first use of {@link Blas#get()}, after checking that the
 * backend loads here, so that a forced but unavailable backend is one clear line and status 2 rather than a
 * failure in the middle of a run. Without the flag, {@code -Dteachingrnns.backend} (if set) applies.
 */
final class BackendOption {

    @Option(names = "--backend", paramLabel = "NAME", order = 80,
            description = "BLAS backend: auto, scalar, vector or openblas (default: auto, or -D" + Blas.BACKEND_PROPERTY + ").")
    String backend;

    /** Applies the choice and returns how the backend was chosen (for the output and results.json). */
    String apply() {
        String name = backend != null ? backend.trim() : System.getProperty(Blas.BACKEND_PROPERTY);
        if (name != null && !name.isBlank() && !name.equalsIgnoreCase("auto")) {
            try {
                Blas.of(name);
            } catch (BackendUnavailableException e) {
                throw new BadInputException("backend '" + name + "' is not available here: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        if (backend != null) {
            System.setProperty(Blas.BACKEND_PROPERTY, backend.trim());
        }
        try {
            String inUse = Blas.get().name();
            // Blas.get() chooses once per JVM; when teach runs inside a JVM that already chose (an embedder, a
            // test), a different --backend cannot take effect, and results must not claim that it did.
            if (backend != null && !backend.isBlank() && !backend.trim().equalsIgnoreCase("auto")
                    && !inUse.equalsIgnoreCase(backend.trim())) {
                throw new BadInputException("--backend " + backend.trim() + " cannot take effect: this JVM already uses "
                        + inUse + " (the backend is chosen once per JVM)");
            }
            String report = Backends.report();
            // The flag works through the property; say which the user typed.
            return backend == null ? report
                    : report.replace("forced by -D" + Blas.BACKEND_PROPERTY + "=" + backend.trim(), "forced by --backend " + backend.trim());
        } catch (BackendUnavailableException e) {
            throw new BadInputException("backend '" + name + "' is not available here: " + e.getMessage());
        }
    }
}
