package org.teachingrnns.nativeblas;

import org.junit.jupiter.api.BeforeAll;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasContractTest;

/** numeric's whole backend contract against {@code openblas} with its default (critical) downcalls. */
class OpenBlasContractTest extends BlasContractTest {

    @BeforeAll
    static void openBlasPresent() {
        NativeAssumptions.requireOpenBlas();
    }

    @Override
    protected Blas blas() {
        return Holder.BLAS;
    }

    private static final class Holder {
        static final Blas BLAS = OpenBlas.create(DowncallMode.CRITICAL);
    }
}
