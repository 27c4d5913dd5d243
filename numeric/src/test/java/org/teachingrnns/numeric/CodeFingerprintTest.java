package org.teachingrnns.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CodeFingerprintTest {

    @Test
    void theSameClassesGiveTheSameDigitsAndOtherCodeOthers() {
        String f = CodeFingerprint.of(ScalarBlas.class, Transpose.class);
        assertTrue(f.matches("[0-9a-f]{12}"), f);
        assertEquals(f, CodeFingerprint.of(ScalarBlas.class, Transpose.class));
        assertNotEquals(f, CodeFingerprint.of(Transpose.class, ScalarBlas.class), "the order is part of it");
        assertNotEquals(f, CodeFingerprint.of(ScalarBlas.class), "each class counts");
        // the file's bytes count, not only the name: a nested class has its own file
        assertNotEquals(CodeFingerprint.of(Blas.class), CodeFingerprint.of(ScalarBlas.class));
    }

    @Test
    void aBackendNamesItsKernelsCode() {
        Blas scalar = Blas.of("scalar");
        assertEquals(CodeFingerprint.of(scalar.getClass()), scalar.kernelFingerprint());
        Blas vector = Blas.of("vector");
        assertTrue(vector.kernelFingerprint().matches("[0-9a-f]{12}"));
        assertNotEquals(CodeFingerprint.of(vector.getClass()), vector.kernelFingerprint(), "the kernels' classes count");
    }
}
