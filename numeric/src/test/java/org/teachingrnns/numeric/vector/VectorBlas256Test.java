package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasContractTest;

/** The Vector API backend on 256-bit vectors, whatever this CPU prefers (skipped where 256 bits are wider). */
class VectorBlas256Test extends BlasContractTest {
    private static Blas blas;

    @BeforeAll
    static void create() {
        assumeTrue(VectorBlas.preferredBits() >= 256, "this CPU's widest vectors are " + VectorBlas.preferredBits()
                + " bits, so 256-bit vectors would only be emulated");
        blas = new VectorBlas(256, 1);
    }

    @Override
    protected Blas blas() {
        return blas;
    }
}
