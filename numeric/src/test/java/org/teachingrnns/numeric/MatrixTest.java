package org.teachingrnns.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void shapesProductsAndTranspose() {
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(2, a.rows());
        assertEquals(3, a.cols());
        assertEquals(6.0, a.get(1, 2));
        Matrix t = a.transpose();
        assertArrayEquals(new double[][] {{1, 4}, {2, 5}, {3, 6}}, t.toArray());
        Matrix p = a.multiply(t, Blas.of("scalar"));
        assertArrayEquals(new double[][] {{14, 32}, {32, 77}}, p.toArray());
        assertEquals(a, a.multiply(Matrix.identity(3)));
        Matrix c = a.copy();
        c.set(0, 0, 9);
        assertEquals(1.0, a.get(0, 0));
        assertEquals(new Matrix(0, 5), Matrix.of(new double[0][]).multiply(new Matrix(0, 5)));
        assertThrows(IllegalArgumentException.class, () -> a.multiply(a));
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{1, 2}, {3}}));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Matrix(2, 2, new double[3]));
    }
}
