package org.teachingrnns.rnn.data;

/**
 * A batch of equally long input and target sequences, {@code [batch][time][features]} (PyTorch's
 * {@code batch_first=True} layout). Immutable: the arrays are copied in and out.
 */
public final class Sequences {

    private final double[][][] inputs;
    private final double[][][] targets;
    private final int batch;
    private final int time;
    private final int inputSize;
    private final int outputSize;

    private Sequences(double[][][] inputs, double[][][] targets) {
        this.inputs = inputs;
        this.targets = targets;
        this.batch = inputs.length;
        this.time = inputs[0].length;
        this.inputSize = inputs[0][0].length;
        this.outputSize = targets[0][0].length;
    }

    /**
     * Validates and copies inputs {@code [batch][time][input]} and targets {@code [batch][time][output]}.
     *
     * @throws IllegalArgumentException on empty or ragged arrays, or batch/time sizes that differ
     */
    public static Sequences of(double[][][] inputs, double[][][] targets) {
        int[] in = shape("inputs", inputs);
        int[] out = shape("targets", targets);
        if (in[0] != out[0]) {
            throw new IllegalArgumentException("inputs have " + in[0] + " sequences but targets have " + out[0]);
        }
        if (in[1] != out[1]) {
            throw new IllegalArgumentException("inputs have " + in[1] + " time steps but targets have " + out[1]);
        }
        return new Sequences(deepCopy(inputs), deepCopy(targets));
    }

    private static int[] shape(String name, double[][][] a) {
        if (a == null || a.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one sequence");
        }
        if (a[0] == null || a[0].length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one time step");
        }
        if (a[0][0] == null || a[0][0].length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one feature per time step");
        }
        int t = a[0].length;
        int f = a[0][0].length;
        for (int b = 0; b < a.length; b++) {
            if (a[b] == null || a[b].length != t) {
                throw new IllegalArgumentException(name + "[" + b + "] has " + (a[b] == null ? 0 : a[b].length)
                        + " time steps, expected " + t + " (as " + name + "[0])");
            }
            for (int s = 0; s < t; s++) {
                if (a[b][s] == null || a[b][s].length != f) {
                    throw new IllegalArgumentException(name + "[" + b + "][" + s + "] has "
                            + (a[b][s] == null ? 0 : a[b][s].length) + " features, expected " + f);
                }
            }
        }
        return new int[] {a.length, t, f};
    }

    private static double[][][] deepCopy(double[][][] a) {
        double[][][] c = new double[a.length][][];
        for (int b = 0; b < a.length; b++) {
            c[b] = new double[a[b].length][];
            for (int t = 0; t < a[b].length; t++) {
                c[b][t] = a[b][t].clone();
            }
        }
        return c;
    }

    public int batch() {
        return batch;
    }

    public int time() {
        return time;
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    /** A copy of the inputs, {@code [batch][time][input]}. */
    public double[][][] inputs() {
        return deepCopy(inputs);
    }

    /** A copy of the targets, {@code [batch][time][output]}. */
    public double[][][] targets() {
        return deepCopy(targets);
    }

    /** Input feature i of sequence b at time t. */
    public double input(int b, int t, int i) {
        return inputs[b][t][i];
    }

    /** Target feature o of sequence b at time t. */
    public double target(int b, int t, int o) {
        return targets[b][t][o];
    }

    /** Sequences {@code [from, to)} of this batch. */
    public Sequences slice(int from, int to) {
        if (from < 0 || to > batch || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is empty or outside [0, " + batch + ")");
        }
        double[][][] in = new double[to - from][][];
        double[][][] tg = new double[to - from][][];
        System.arraycopy(inputs, from, in, 0, to - from);
        System.arraycopy(targets, from, tg, 0, to - from);
        return new Sequences(deepCopy(in), deepCopy(tg));
    }

    /**
     * Writes the inputs feature-major as an {@code inputSize x (time*batch)} row-major matrix,
     * {@code dst[i*time*batch + t*batch + b]}: the layout of {@link org.teachingrnns.rnn.bptt.BpttWorkspace}.
     */
    public void packInputs(double[] dst) {
        pack(inputs, inputSize, dst);
    }

    /** Writes the targets as an {@code outputSize x (time*batch)} matrix, as {@link #packInputs(double[])}. */
    public void packTargets(double[] dst) {
        pack(targets, outputSize, dst);
    }

    private void pack(double[][][] src, int features, double[] dst) {
        long need = (long) features * time * batch;
        if (dst.length < need) {
            throw new IllegalArgumentException("destination has " + dst.length + " elements, needs " + need);
        }
        int tb = time * batch;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                double[] row = src[b][t];
                for (int f = 0; f < features; f++) {
                    dst[f * tb + t * batch + b] = row[f];
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Sequences[batch " + batch + ", time " + time + ", input " + inputSize + ", output " + outputSize + "]";
    }
}
