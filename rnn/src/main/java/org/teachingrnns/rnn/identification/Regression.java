package org.teachingrnns.rnn.identification;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.linalg.HouseholderQr;
import org.teachingrnns.rnn.data.Sequences;

/** Shared checks and the least-squares solve of the single-input single-output fits. */
final class Regression {

    private Regression() {
    }

    /** A QR whose long reflectors run on {@code blas}, or numeric's default for null. */
    static HouseholderQr qr(Blas blas) {
        return blas == null ? new HouseholderQr() : new HouseholderQr(false, blas);
    }

    /** At least as many equations as unknowns, at the public edge of every fit. */
    static void checkEquations(long rows, int cols) {
        if (rows < cols) {
            throw new IllegalArgumentException("the fit has " + cols + " unknowns but only " + rows
                    + " equations: more data (sequences or steps after the washout) are needed");
        }
    }

    /** Checks a one-input one-output data set and a washout, at the public edge. */
    static void checkSiso(Sequences data, int washout) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (data.inputSize() != 1 || data.outputSize() != 1) {
            throw new IllegalArgumentException("identification needs one input and one output, got "
                    + data.inputSize() + " and " + data.outputSize());
        }
        if (washout < 0 || washout >= data.time()) {
            throw new IllegalArgumentException("washout must be in [0, " + data.time() + "), got " + washout);
        }
    }

    /**
     * min ||X theta - y|| by Householder QR (x row-major rows x cols), with the residual RMS.
     *
     * @throws IllegalArgumentException when there are fewer rows than unknowns or X is exactly rank-deficient
     */
    static double[] solve(double[] x, double[] y, int rows, int cols, double[] rmsOut) {
        return solve(x, y, rows, cols, rmsOut, null);
    }

    /** As above, the QR's long reflectors on {@code blas} (null: numeric's default, {@link Blas#get()} when it pays). */
    static double[] solve(double[] x, double[] y, int rows, int cols, double[] rmsOut, Blas blas) {
        checkEquations(rows, cols);
        HouseholderQr qr = qr(blas);
        qr.decompose(x, rows, cols);
        double[] theta = qr.solve(y);
        double ss = 0;
        for (int r = 0; r < rows; r++) {
            double e = -y[r];
            for (int c = 0; c < cols; c++) {
                e += x[r * cols + c] * theta[c];
            }
            ss += e * e;
        }
        rmsOut[0] = Math.sqrt(ss / rows);
        return theta;
    }
}
