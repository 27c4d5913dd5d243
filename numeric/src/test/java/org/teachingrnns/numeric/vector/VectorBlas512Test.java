package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasContractTest;

/** The Vector API backend on 512-bit vectors, whatever this CPU prefers (skipped where 512 bits are wider). */
class VectorBlas512Test extends BlasContractTest {
    private static Blas blas;

    @BeforeAll
    static void create() {
        assumeTrue(VectorBlas.preferredBits() >= 512, "this CPU's widest vectors are " + VectorBlas.preferredBits()
                + " bits, so 512-bit vectors would only be emulated");
        blas = new VectorBlas(512, 1);
    }

    @Override
    protected Blas blas() {
        return blas;
    }
}
