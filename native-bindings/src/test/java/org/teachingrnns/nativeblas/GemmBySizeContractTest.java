package org.teachingrnns.nativeblas;

import org.junit.jupiter.api.BeforeAll;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasContractTest;

/**
 * The contract on what {@code auto} builds when OpenBLAS loads, with a low threshold (512 multiply-adds) so the
 * suite's sizes exercise both sides: the best Java backend below, OpenBLAS above.
 */
class GemmBySizeContractTest extends BlasContractTest {

    @BeforeAll
    static void openBlasPresent() {
        NativeAssumptions.requireOpenBlas();
    }

    @Override
    protected Blas blas() {
        return Holder.BLAS;
    }

    private static final class Holder {
        static final Blas BLAS = new GemmBySize(OpenBlas.create(), OpenBlas.javaLevel1(), 512);
    }
}
