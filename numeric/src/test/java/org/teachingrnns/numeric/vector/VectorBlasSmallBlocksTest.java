package org.teachingrnns.numeric.vector;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasContractTest;

/**
 * The packed path with tiny, odd blocks and no direct path, on two threads: at the contract's sizes this
 * runs several iterations of every BLIS loop (JC, PC, IC, JR, IR), every edge tile and the parallel IC split.
 */
class VectorBlasSmallBlocksTest extends BlasContractTest {
    private static final Blas BLAS = create();

    private static Blas create() {
        int bits = VectorBlas.preferredBits();
        GemmBlocking d = GemmBlocking.of(double.class, bits);
        GemmBlocking f = GemmBlocking.of(float.class, bits);
        return new VectorBlas(bits, 2,
                new GemmBlocking(d.mr(), d.nr(), 2 * d.mr(), 7, 2 * d.nr(), 0),
                new GemmBlocking(f.mr(), f.nr(), 3 * f.mr(), 11, f.nr(), 0));
    }

    @Override
    protected Blas blas() {
        return BLAS;
    }
}
