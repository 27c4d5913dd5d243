package org.teachingrnns.numeric;

/**
 * The reference backend against the contract's own oracles, none of which is a backend: exact integer
 * arithmetic ({@code gemmIsExactOnSmallIntegers}) and the compensated reference with Higham's bound
 * ({@link GemmErrorBound}, {@link CompensatedDot}). The other backends are held to the same oracles, not to this
 * one, so a bug here cannot hide a bug elsewhere.
 */
class ScalarBlasTest extends BlasContractTest {
    private static final Blas BLAS = new ScalarBlas();

    @Override
    protected Blas blas() {
        return BLAS;
    }
}
