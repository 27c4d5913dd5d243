package org.teachingrnns.numeric;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A decorator that overrides nothing passes the whole contract: every kernel reaches its delegate unchanged. */
class ForwardingBlasTest extends BlasContractTest {
    private static final Blas SCALAR = new ScalarBlas();
    private static final ForwardingBlas BLAS = new ForwardingBlas(SCALAR) {
        @Override
        public String name() {
            return "forwarding(scalar)";
        }
    };

    @Override
    protected Blas blas() {
        return BLAS;
    }

    @Test
    void keepsItsDelegateAndRefusesNone() {
        assertSame(SCALAR, BLAS.delegate());
        assertThrows(IllegalArgumentException.class, () -> new ForwardingBlas(null) {
            @Override
            public String name() {
                return "none";
            }
        });
    }
}
