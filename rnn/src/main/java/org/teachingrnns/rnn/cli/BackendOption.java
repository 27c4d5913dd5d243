package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Backends;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasProvider;
import org.teachingrnns.rnn.compute.Compute;
import picocli.CommandLine.Option;

/**
 * {@code --backend auto|scalar|vector|openblas} for the commands that compute. It builds the {@link Compute}
 * the command passes to every BPTT pass, so the choice takes effect whatever {@link Blas#get()} chose for the
 * JVM (an embedder, a test). A forced but unavailable backend is one clear line and status 2 rather than a
 * failure in the middle of a run. Without the flag, {@code -Dteachingrnns.backend} (if set) applies, else
 * {@code auto}, which falls back to scalar kernels with a one-line note when the Vector API module is missing.
 */
final class BackendOption {

    @Option(names = "--backend", paramLabel = "NAME", order = 80,
            description = "Backend: auto, scalar, vector or openblas; scalar runs plain loops end to end "
                    + "(default: auto, or -D" + Blas.BACKEND_PROPERTY + ").")
    String backend;

    /** The compute chosen (built by {@link #compute}). */
    private Compute compute;
    /** How it was chosen ("auto; ...", "forced by ..."). */
    private String how;

    /**
     * The compute of this command; the first call builds it and prints the fallback note, if any, on err
     * ({@code teach: note: ...}; err may be null to stay quiet).
     */
    Compute compute(PrintWriter err) {
        if (compute != null) {
            return compute;
        }
        String property = System.getProperty(Blas.BACKEND_PROPERTY);
        boolean flag = backend != null;
        String name = flag ? backend.trim() : property == null || property.isBlank() ? "auto" : property.trim();
        try {
            compute = Compute.of(name);
        } catch (BackendUnavailableException e) {
            throw new BadInputException("backend '" + name + "' is not available here: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        how = name.equalsIgnoreCase("auto") ? "auto" + unavailable()
                : "forced by " + (flag ? "--backend " : "-D" + Blas.BACKEND_PROPERTY + "=") + name;
        if (compute.note() != null && err != null) {
            err.println("teach: note: " + compute.note());
            err.flush();
        }
        return compute;
    }

    /**
     * How the compute was chosen, one line, for the output and results.json's {@code backend_choice}. Described
     * when asked, not when built: {@code auto} measures where GEMM goes at the first product large enough, so a
     * command asks after its work to report what that work ran on.
     */
    String choice() {
        if (compute == null) {
            throw new IllegalStateException("compute(...) first");
        }
        return compute.describe() + "; " + how;
    }

    /**
     * {@code "; NAME unavailable: why"} for each backend that cannot load here, as auto skipped it. A backend auto
     * loads only when a product needs it (OpenBLAS) is not loaded to ask: auto's own name says whether it ran and,
     * if it could not load then, why.
     */
    private static String unavailable() {
        StringBuilder why = new StringBuilder();
        for (BlasProvider p : Backends.providers()) {
            if (p.loadsWhenNeededUnderAuto()) {
                continue;
            }
            try {
                p.create();
            } catch (BackendUnavailableException | LinkageError e) {
                why.append("; ").append(p.name()).append(" unavailable: ").append(Teach.oneLine(e.getMessage()));
            }
        }
        return why.toString();
    }
}
