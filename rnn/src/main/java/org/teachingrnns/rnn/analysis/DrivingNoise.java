package org.teachingrnns.rnn.analysis;

import java.util.SplittableRandom;

/**
 * The white-noise input that drives a network along a trajectory for its Jacobian and Lyapunov spectra:
 * {@code washout + length} steps of i.i.d. N(0, 1) input per feature (the training data's input law), from
 * {@code SplittableRandom(seed)}; the first {@code washout} steps forget the zero initial state and are not
 * analysed. Two networks with the same input size get the same input from the same noise.
 */
public record DrivingNoise(long seed, int length, int washout) {

    public DrivingNoise {
        if (length < 1) {
            throw new IllegalArgumentException("noise length must be >= 1, got " + length);
        }
        if (washout < 0) {
            throw new IllegalArgumentException("noise washout must be >= 0, got " + washout);
        }
        if ((long) length + washout > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("noise length + washout too large: " + ((long) length + washout));
        }
    }

    /** Total number of steps, washout included. */
    public int steps() {
        return washout + length;
    }

    /** One sequence {@code [1][washout + length][inputSize]} of N(0, 1) input. */
    public double[][][] inputs(int inputSize) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][][] x = new double[1][steps()][inputSize];
        for (int t = 0; t < steps(); t++) {
            for (int i = 0; i < inputSize; i++) {
                x[0][t][i] = rng.nextGaussian();
            }
        }
        return x;
    }
}
