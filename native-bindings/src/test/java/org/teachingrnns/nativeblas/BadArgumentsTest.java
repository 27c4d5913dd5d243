package org.teachingrnns.nativeblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.Transpose;

/**
 * Arguments that would make OpenBLAS read or write outside the arrays are stopped by the Blas front with an
 * IllegalArgumentException; the JVM survives every one of them and the backend still computes afterwards.
 */
class BadArgumentsTest {

    private static final Transpose N = Transpose.NO;
    private static final Transpose T = Transpose.YES;

    @BeforeAll
    static void openBlasPresent() {
        NativeAssumptions.requireOpenBlas();
    }

    @Test
    void everyBadCallIsRejectedBeforeNativeCode() {
        for (DowncallMode mode : DowncallMode.values()) {
            Blas blas = OpenBlas.create(mode);
            double[] a = new double[12], b = new double[12], c = new double[12];
            float[] fa = new float[12], fb = new float[12], fc = new float[12];
            List<Executable> bad = new ArrayList<>();
            // short arrays
            bad.add(() -> blas.dgemm(N, N, 4, 4, 4, 1, a, 0, 4, b, 0, 4, 0, c, 0, 4));
            bad.add(() -> blas.dgemm(T, N, 3, 4, 5, 1, a, 0, 3, b, 0, 4, 0, new double[1 << 20], 0, 4));
            bad.add(() -> blas.sgemm(N, T, 3, 3, 5, 1, fa, 0, 5, fb, 0, 5, 0, fc, 0, 3));
            bad.add(() -> blas.dgemv(N, 4, 4, 1, a, 0, 4, b, 0, 1, 0, c, 0, 1));
            bad.add(() -> blas.sgemv(T, 3, 4, 1, fa, 0, 4, fb, 0, 6, 0, fc, 0, 1));
            // leading dimension smaller than the row
            bad.add(() -> blas.dgemm(N, N, 2, 3, 3, 1, a, 0, 2, b, 0, 3, 0, c, 0, 3));
            bad.add(() -> blas.dgemm(N, N, 2, 3, 3, 1, a, 0, 3, b, 0, 3, 0, c, 0, 2));
            bad.add(() -> blas.dgemm(N, N, 2, 3, 0, 1, a, 0, 0, b, 0, 3, 0, c, 0, 3));
            bad.add(() -> blas.dgemv(N, 2, 3, 1, a, 0, 2, b, 0, 1, 0, c, 0, 1));
            // negative sizes and increments
            bad.add(() -> blas.dgemm(N, N, -1, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2));
            bad.add(() -> blas.sgemm(N, N, 2, 2, -3, 1, fa, 0, 2, fb, 0, 2, 0, fc, 0, 2));
            bad.add(() -> blas.dgemv(N, 2, -2, 1, a, 0, 2, b, 0, 1, 0, c, 0, 1));
            bad.add(() -> blas.dgemv(N, 2, 2, 1, a, 0, 2, b, 0, -1, 0, c, 0, 1));
            bad.add(() -> blas.dgemv(N, 2, 2, 1, a, 0, 2, b, 0, 1, 0, c, 0, 0));
            // huge and negative offsets, sizes whose products overflow int
            bad.add(() -> blas.dgemm(N, N, 2, 2, 2, 1, a, Integer.MAX_VALUE - 1, 2, b, 0, 2, 0, c, 0, 2));
            bad.add(() -> blas.dgemm(N, N, 2, 2, 2, 1, a, 0, 2, b, -4, 2, 0, c, 0, 2));
            bad.add(() -> blas.dgemm(N, N, 2, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, Integer.MAX_VALUE, 2));
            bad.add(() -> blas.dgemm(N, N, 65536, 65536, 2, 1, a, 0, 2, b, 0, 65536, 0, c, 0, 65536));
            bad.add(() -> blas.dgemm(N, N, 2, 2, 2, 1, a, 0, Integer.MAX_VALUE, b, 0, 2, 0, c, 0, 2));
            bad.add(() -> blas.sgemv(N, 2, 2, 1, fa, 0, 2, fb, Integer.MAX_VALUE - 1, 1, 0, fc, 0, 1));
            bad.add(() -> blas.dgemv(N, 2, 2, 1, a, 0, 2, b, 0, Integer.MAX_VALUE, 0, c, 0, 1));
            // null arrays and transposes
            bad.add(() -> blas.dgemm(N, N, 2, 2, 2, 1, null, 0, 2, b, 0, 2, 0, c, 0, 2));
            bad.add(() -> blas.dgemm(null, N, 2, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2));
            bad.add(() -> blas.dgemv(N, 2, 2, 1, a, 0, 2, b, 0, 1, 0, null, 0, 1));
            for (int i = 0; i < bad.size(); i++) {
                assertThrows(IllegalArgumentException.class, bad.get(i), mode + " case " + i);
            }
            // Still alive and still right: C = A B for 2x2 matrices.
            double[] x = {1, 2, 3, 4}, y = {5, 6, 7, 8}, z = new double[4];
            blas.dgemm(2, 2, 2, x, y, z);
            assertArrayEquals(new double[] {19, 22, 43, 50}, z, 0.0);
        }
        assertEquals(2, DowncallMode.values().length);
    }
}
