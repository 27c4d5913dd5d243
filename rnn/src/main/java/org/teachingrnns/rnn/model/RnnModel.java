package org.teachingrnns.rnn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An Elman RNN with a linear readout, in PyTorch's shapes:
 * {@code h_t = f(W_ih x_t + W_hh h_{t-1} + b_h)}, {@code y_t = W_ho h_t + b_o}.
 *
 * <p>All parameters live in one flat row-major {@code double[]} (W_ih, W_hh, W_ho, then b_h and b_o when
 * present), so optimizers, gradient clipping and copies work on one array. {@link #parameterArray()} is
 * that live array; {@link #matrix(Parameter)} and {@link #vector(Parameter)} return copies. A gradient has
 * the same shape and is itself an {@code RnnModel}.
 */
public final class RnnModel {

    private final Activation activation;
    private final int inputSize;
    private final int hiddenSize;
    private final int outputSize;
    private final boolean hiddenBias;
    private final boolean outputBias;
    private final int[] offsets = new int[Parameter.values().length];
    private final double[] params;

    private RnnModel(Activation activation, int inputSize, int hiddenSize, int outputSize,
                     boolean hiddenBias, boolean outputBias) {
        this.activation = activation;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.outputSize = outputSize;
        this.hiddenBias = hiddenBias;
        this.outputBias = outputBias;
        long off = 0;
        for (Parameter p : Parameter.values()) {
            offsets[p.ordinal()] = (int) off;
            off += size(p);
        }
        if (off > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("model too large: " + off + " parameters");
        }
        this.params = new double[(int) off];
    }

    /**
     * A model with all parameters zero.
     *
     * @throws IllegalArgumentException when a size is not positive or activation is null
     */
    public static RnnModel zeros(Activation activation, int inputSize, int hiddenSize, int outputSize,
                                 boolean hiddenBias, boolean outputBias) {
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (inputSize <= 0 || hiddenSize <= 0 || outputSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive: input " + inputSize + ", hidden "
                    + hiddenSize + ", output " + outputSize);
        }
        return new RnnModel(activation, inputSize, hiddenSize, outputSize, hiddenBias, outputBias);
    }

    /**
     * A model from nested row-major arrays in PyTorch shapes (copied).
     *
     * @param wIh hidden x input
     * @param wHh hidden x hidden
     * @param wHo output x hidden
     * @param bH  hidden, or null for no hidden bias
     * @param bO  output, or null for no output bias
     * @throws IllegalArgumentException on a missing matrix, ragged rows, or mismatched shapes
     */
    public static RnnModel of(Activation f, double[][] wIh, double[][] wHh, double[][] wHo, double[] bH, double[] bO) {
        if (f == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        requireMatrix("W_ih", wIh);
        requireMatrix("W_hh", wHh);
        requireMatrix("W_ho", wHo);
        int hidden = wHh.length;
        if (wHh[0].length != hidden) {
            throw new IllegalArgumentException("W_hh must be square (hidden x hidden), got " + hidden + " x " + wHh[0].length);
        }
        if (wIh.length != hidden) {
            throw new IllegalArgumentException("W_ih must be hidden x input with hidden = " + hidden + " (from W_hh), got "
                    + wIh.length + " rows");
        }
        if (wHo[0].length != hidden) {
            throw new IllegalArgumentException("W_ho must be output x hidden with hidden = " + hidden + " (from W_hh), got "
                    + wHo[0].length + " columns");
        }
        int input = wIh[0].length;
        int output = wHo.length;
        if (bH != null && bH.length != hidden) {
            throw new IllegalArgumentException("b_h must have length hidden = " + hidden + ", got " + bH.length);
        }
        if (bO != null && bO.length != output) {
            throw new IllegalArgumentException("b_o must have length output = " + output + ", got " + bO.length);
        }
        RnnModel m = new RnnModel(f, input, hidden, output, bH != null, bO != null);
        m.setMatrix(Parameter.W_IH, wIh);
        m.setMatrix(Parameter.W_HH, wHh);
        m.setMatrix(Parameter.W_HO, wHo);
        if (bH != null) {
            System.arraycopy(bH, 0, m.params, m.offset(Parameter.B_H), hidden);
        }
        if (bO != null) {
            System.arraycopy(bO, 0, m.params, m.offset(Parameter.B_O), output);
        }
        return m;
    }

    private static void requireMatrix(String name, double[][] a) {
        if (a == null || a.length == 0 || a[0] == null || a[0].length == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty matrix");
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null || a[i].length != a[0].length) {
                throw new IllegalArgumentException(name + " is ragged: row " + i + " has "
                        + (a[i] == null ? "no" : a[i].length) + " entries, row 0 has " + a[0].length);
            }
        }
    }

    public Activation activation() {
        return activation;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int outputSize() {
        return outputSize;
    }

    public boolean hasHiddenBias() {
        return hiddenBias;
    }

    public boolean hasOutputBias() {
        return outputBias;
    }

    /** The parameters this model has, in storage order (W_ih, W_hh, W_ho, then the biases present). */
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(5);
        for (Parameter p : Parameter.values()) {
            if (has(p)) {
                list.add(p);
            }
        }
        return Collections.unmodifiableList(list);
    }

    /** True when the model has parameter p (the weights always, biases when enabled). */
    public boolean has(Parameter p) {
        return switch (p) {
            case B_H -> hiddenBias;
            case B_O -> outputBias;
            default -> true;
        };
    }

    /** Rows of parameter p (a bias is a column: rows = its length). */
    public int rows(Parameter p) {
        return switch (p) {
            case W_IH, W_HH, B_H -> hiddenSize;
            case W_HO, B_O -> outputSize;
        };
    }

    /** Columns of parameter p (1 for a bias). */
    public int cols(Parameter p) {
        return switch (p) {
            case W_IH -> inputSize;
            case W_HH, W_HO -> hiddenSize;
            case B_H, B_O -> 1;
        };
    }

    /** Number of elements of p in this model (0 for an absent bias). */
    public int size(Parameter p) {
        return has(p) ? rows(p) * cols(p) : 0;
    }

    /** Offset of p in {@link #parameterArray()}. */
    public int offset(Parameter p) {
        return offsets[p.ordinal()];
    }

    /** Total number of parameters. */
    public int parameterCount() {
        return params.length;
    }

    /**
     * The live flat parameter vector: W_ih, W_hh, W_ho row-major, then b_h and b_o when present. Writes change
     * the model; optimizers update it in place.
     */
    public double[] parameterArray() {
        return params;
    }

    /** A copy of matrix p as nested rows. */
    public double[][] matrix(Parameter p) {
        if (p.isBias()) {
            throw new IllegalArgumentException(p.key() + " is a vector; use vector(" + p.key() + ")");
        }
        int r = rows(p);
        int c = cols(p);
        int off = offset(p);
        double[][] m = new double[r][];
        for (int i = 0; i < r; i++) {
            m[i] = Arrays.copyOfRange(params, off + i * c, off + (i + 1) * c);
        }
        return m;
    }

    /** A copy of bias p, or null when the model has no such bias. */
    public double[] vector(Parameter p) {
        if (!p.isBias()) {
            throw new IllegalArgumentException(p.key() + " is a matrix; use matrix(" + p.key() + ")");
        }
        if (!has(p)) {
            return null;
        }
        return Arrays.copyOfRange(params, offset(p), offset(p) + size(p));
    }

    /** A copy of parameter p flattened row-major (empty for an absent bias). */
    public double[] flat(Parameter p) {
        return Arrays.copyOfRange(params, offset(p), offset(p) + size(p));
    }

    /** Element (i, j) of parameter p (j = 0 for a bias). */
    public double get(Parameter p, int i, int j) {
        return params[index(p, i, j)];
    }

    /** Sets element (i, j) of parameter p (j = 0 for a bias). */
    public void set(Parameter p, int i, int j, double value) {
        params[index(p, i, j)] = value;
    }

    private int index(Parameter p, int i, int j) {
        if (!has(p)) {
            throw new IllegalArgumentException("model has no " + p.key());
        }
        if (i < 0 || i >= rows(p) || j < 0 || j >= cols(p)) {
            throw new IndexOutOfBoundsException(p.key() + "[" + i + "][" + j + "] outside " + rows(p) + " x " + cols(p));
        }
        return offset(p) + i * cols(p) + j;
    }

    private void setMatrix(Parameter p, double[][] m) {
        int c = cols(p);
        int off = offset(p);
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, params, off + i * c, c);
        }
    }

    /** A deep copy. */
    public RnnModel copy() {
        RnnModel m = new RnnModel(activation, inputSize, hiddenSize, outputSize, hiddenBias, outputBias);
        System.arraycopy(params, 0, m.params, 0, params.length);
        return m;
    }

    /** A model of the same shape, biases and activation, with all parameters zero (for gradients). */
    public RnnModel zerosLike() {
        return new RnnModel(activation, inputSize, hiddenSize, outputSize, hiddenBias, outputBias);
    }

    /** The same parameters with another activation. */
    public RnnModel withActivation(Activation f) {
        if (f == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        RnnModel m = new RnnModel(f, inputSize, hiddenSize, outputSize, hiddenBias, outputBias);
        System.arraycopy(params, 0, m.params, 0, params.length);
        return m;
    }

    /**
     * docs/DESIGN.md's model exchange format as a map: {@code activation} then W_ih, W_hh, W_ho (nested rows) and
     * the biases present (arrays), in that order; for a JSON writer.
     */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("activation", activation.key());
        for (Parameter p : parameters()) {
            m.put(p.key(), p.isBias() ? vector(p) : matrix(p));
        }
        return m;
    }

    /** True when every parameter is finite. */
    public boolean isFinite() {
        for (double v : params) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** True when other has the same shape, biases and activation. */
    public boolean sameShape(RnnModel other) {
        return other != null && activation == other.activation && inputSize == other.inputSize
                && hiddenSize == other.hiddenSize && outputSize == other.outputSize
                && hiddenBias == other.hiddenBias && outputBias == other.outputBias;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RnnModel m && sameShape(m) && Arrays.equals(params, m.params);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(params) * 31 + activation.hashCode();
    }

    @Override
    public String toString() {
        return "RnnModel[" + activation.key() + ", input " + inputSize + ", hidden " + hiddenSize + ", output "
                + outputSize + (hiddenBias ? ", b_h" : "") + (outputBias ? ", b_o" : "") + "]";
    }
}
