/**
 * OpenBLAS through the FFM API as a backend of numeric's {@link org.teachingrnns.numeric.Blas}: put this module
 * on the module path (or its jar on the class path) and {@code Blas.of("openblas")}, {@code Blas.get()} and
 * the {@code openblas} compute context find it by ServiceLoader. It exports no package: the backend is used
 * only through numeric's front. Downcalls are restricted methods, so start the JVM with
 * {@code --enable-native-access=org.teachingrnns.nativeblas} (or {@code ALL-UNNAMED} on the class path).
 */
module org.teachingrnns.nativeblas {
    requires org.teachingrnns.numeric;
    // The auto calibration times GEMMs by thread CPU time (ThreadMXBean).
    requires java.management;

    provides org.teachingrnns.numeric.BlasProvider with org.teachingrnns.nativeblas.OpenBlasProvider;
}
