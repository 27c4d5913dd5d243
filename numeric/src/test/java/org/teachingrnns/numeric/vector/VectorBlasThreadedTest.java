package org.teachingrnns.numeric.vector;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasContractTest;

/** The Vector API backend with two threads over the IC loop (large products only). */
class VectorBlasThreadedTest extends BlasContractTest {
    private static final Blas BLAS = new VectorBlas(VectorBlas.preferredBits(), 2);

    @Override
    protected Blas blas() {
        return BLAS;
    }
}
