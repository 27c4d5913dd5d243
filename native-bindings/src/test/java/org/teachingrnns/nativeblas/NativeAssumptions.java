package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

final class NativeAssumptions {

    private NativeAssumptions() {
    }

    /**
     * On linux-x86_64 the bundled jar must load (a failure there is a real failure); elsewhere the tests run only
     * if some OpenBLAS was found (-Dteachingrnns.openblas or a system copy).
     */
    static void requireOpenBlas() {
        assumeTrue(BundledOpenBlas.isLinuxX8664() || OpenBlasLibrary.tryGet().isPresent(),
                "not linux-x86_64 (the bundled OpenBLAS is linux-x86_64 only) and no other OpenBLAS was found");
    }
}
