package org.teachingrnns.nativeblas;

import org.junit.jupiter.api.BeforeAll;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasContractTest;

/** The contract again with the copying downcalls, so the measured alternative stays correct. */
class OpenBlasCopyingContractTest extends BlasContractTest {

    @BeforeAll
    static void openBlasPresent() {
        NativeAssumptions.requireOpenBlas();
    }

    @Override
    protected Blas blas() {
        return Holder.BLAS;
    }

    private static final class Holder {
        static final Blas BLAS = OpenBlas.create(DowncallMode.COPYING);
    }
}
