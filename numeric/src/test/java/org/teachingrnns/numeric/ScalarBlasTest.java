package org.teachingrnns.numeric;

/** The reference backend meets its own contract (the oracle must at least agree with the residual checks). */
class ScalarBlasTest extends BlasContractTest {
    private static final Blas BLAS = new ScalarBlas();

    @Override
    protected Blas blas() {
        return BLAS;
    }
}
