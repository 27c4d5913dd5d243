/**
 * The dependency-free numerical core: the {@link org.teachingrnns.numeric.Blas} front (CBLAS row-major
 * semantics on heap arrays) with its backends, dense linear algebra, polynomials and signal processing.
 *
 * <p>API: {@code org.teachingrnns.numeric} (Blas, Matrix, ComplexArray, the backend SPI
 * {@link org.teachingrnns.numeric.BlasProvider}), {@code .linalg}, {@code .poly} and {@code .signal}. The
 * Vector API kernels in {@code .vector} are an implementation: reached through {@code Blas.of("vector")} or
 * {@code Blas.get()}, and exported only to the rnn module, whose BPTT kernels share their fixed-order lane
 * sums.
 *
 * <p>{@code jdk.incubator.vector} is a static dependence, so the module resolves without it: a JVM started
 * without {@code --add-modules jdk.incubator.vector} gets the scalar backend, and {@code Blas.of("vector")}
 * says in one sentence why it cannot run (the provider checks the boot layer before touching a Vector API
 * class).
 */
@SuppressWarnings("module") // the qualified export names rnn, which is compiled after numeric
module org.teachingrnns.numeric {
    requires static jdk.incubator.vector;

    exports org.teachingrnns.numeric;
    exports org.teachingrnns.numeric.linalg;
    exports org.teachingrnns.numeric.poly;
    exports org.teachingrnns.numeric.signal;
    exports org.teachingrnns.numeric.vector to org.teachingrnns.rnn;

    // Backends are found by ServiceLoader (Blas.serviceProviders): numeric's own two, and any other module's
    // (native-bindings' openblas). META-INF/services lists the same two for the class path.
    uses org.teachingrnns.numeric.BlasProvider;
    provides org.teachingrnns.numeric.BlasProvider with
            org.teachingrnns.numeric.ScalarBlas.Provider,
            org.teachingrnns.numeric.vector.VectorBlas.Provider;
}
