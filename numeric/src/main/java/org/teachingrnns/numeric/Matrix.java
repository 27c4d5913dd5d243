package org.teachingrnns.numeric;

import java.util.Arrays;

/**
 * A dense row-major matrix of doubles: element (i, j) is {@code data[i * cols + j]}. Deliberately small: a
 * shape plus an array, for code that wants to pass matrices around; the kernels work on the raw array.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] data;

    /** Wraps (does not copy) {@code data}, which must have exactly rows * cols elements. */
    public Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix sizes must be >= 0, got " + rows + " x " + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix " + rows + " x " + cols + " is too large for a Java array");
        }
        if (data == null || data.length != size) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + size
                    + " elements, got " + (data == null ? "null" : data.length));
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A zero matrix. */
    public Matrix(int rows, int cols) {
        this(rows, cols, new double[checkedSize(rows, cols)]);
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad matrix size " + rows + " x " + cols);
        }
        return rows * cols;
    }

    /** From nested rows (copied); all rows must have the same length. */
    public static Matrix of(double[][] values) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        double[] d = new double[checkedSize(r, c)];
        for (int i = 0; i < r; i++) {
            if (values[i] == null || values[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + (values[i] == null ? "no" : values[i].length)
                        + " elements, row 0 has " + c);
            }
            System.arraycopy(values[i], 0, d, i * c, c);
        }
        return new Matrix(r, c, d);
    }

    public static Matrix identity(int n) {
        Matrix m = new Matrix(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[index(i, j)];
    }

    public void set(int i, int j, double v) {
        data[index(i, j)] = v;
    }

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + rows + " x " + cols);
        }
        return i * cols + j;
    }

    /** Nested rows (a copy). */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
        }
        return out;
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    public Matrix transpose() {
        double[] t = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = data[i * cols + j];
            }
        }
        return new Matrix(cols, rows, t);
    }

    /** {@code this * other} through {@link Blas#get()}. */
    public Matrix multiply(Matrix other) {
        return multiply(other, Blas.get());
    }

    /** {@code this * other} through the given backend. */
    public Matrix multiply(Matrix other, Blas blas) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("cannot multiply " + rows + " x " + cols + " by " + other.rows
                    + " x " + other.cols);
        }
        Matrix c = new Matrix(rows, other.cols);
        blas.dgemm(Transpose.NO, Transpose.NO, rows, other.cols, cols, 1.0, data, 0, Math.max(1, cols),
                other.data, 0, Math.max(1, other.cols), 0.0, c.data, 0, Math.max(1, other.cols));
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(rows).append(" x ").append(cols).append(" [");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(Arrays.copyOfRange(data, i * cols, (i + 1) * cols)));
        }
        return sb.append(']').toString();
    }
}
