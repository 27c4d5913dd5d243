package org.teachingrnns.numeric;

/**
 * A source of {@link Blas} backends, found by {@link java.util.ServiceLoader} so that a module such as
 * native-bindings can add one without numeric depending on it (the netlib/Jlama provider shape).
 * Register an implementation in {@code META-INF/services/org.teachingrnns.numeric.BlasProvider}.
 */
public interface BlasProvider {

    /** The name used by {@link Blas#of(String)}, {@code --backend} and {@code -Dteachingrnns.backend}. */
    String name();

    /** Under {@code auto}, the loadable provider with the highest priority wins (scalar 0, vector 10). */
    int priority();

    /**
     * Creates the backend, or throws {@link BackendUnavailableException} with a one-sentence reason
     * (library missing, module not enabled, wrong platform).
     */
    Blas create();

    /**
     * The backend {@code auto} uses when this provider wins. A provider whose kernels only pay off for some
     * operations or sizes (native code has a fixed call cost) combines them here with the best Java backend.
     */
    default Blas createForAuto(Blas bestJava) {
        return create();
    }

    /**
     * Whether {@link #createForAuto} defers loading (a native library) to the first operation that needs it, so
     * that whether it is available is known only then and is told by the backend's {@link Blas#name()}; callers
     * listing what {@code auto} skipped do not load it just to ask.
     */
    default boolean loadsWhenNeededUnderAuto() {
        return false;
    }
}
