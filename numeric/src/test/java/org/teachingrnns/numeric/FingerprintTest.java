package org.teachingrnns.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void theSameClassesGiveTheSameDigitsAndOtherCodeOthers() {
        String f = Fingerprint.ofClasses(ScalarBlas.class, Transpose.class);
        assertTrue(f.matches("[0-9a-f]{12}"), f);
        assertEquals(f, Fingerprint.ofClasses(ScalarBlas.class, Transpose.class));
        assertNotEquals(f, Fingerprint.ofClasses(Transpose.class, ScalarBlas.class), "the order is part of it");
        assertNotEquals(f, Fingerprint.ofClasses(ScalarBlas.class), "each class counts");
        // the file's bytes count, not only the name: a nested class has its own file
        assertNotEquals(Fingerprint.ofClasses(Blas.class), Fingerprint.ofClasses(ScalarBlas.class));
    }

    /** SHA-256 of "abc" is ba7816bf8f01cfea... (FIPS 180-2, appendix B.1): the first twelve hex digits. */
    @Test
    void aTextsFingerprintIsTheStartOfItsSha256() {
        assertEquals("ba7816bf8f01", Fingerprint.ofText("abc"));
        assertNotEquals(Fingerprint.ofText("abc"), Fingerprint.ofText("abd"));
    }

    @Test
    void aBackendNamesItsKernelsCode() {
        Blas scalar = Blas.of("scalar");
        assertEquals(Fingerprint.ofClasses(scalar.getClass()), scalar.kernelFingerprint());
        Blas vector = Blas.of("vector");
        assertTrue(vector.kernelFingerprint().matches("[0-9a-f]{12}"));
        assertNotEquals(Fingerprint.ofClasses(vector.getClass()), vector.kernelFingerprint(), "the kernels' classes count");
    }
}
