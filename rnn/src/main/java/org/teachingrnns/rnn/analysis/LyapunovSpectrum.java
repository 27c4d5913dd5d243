package org.teachingrnns.rnn.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.teachingrnns.numeric.linalg.HouseholderQr;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The Lyapunov spectrum of a driven RNN by the QR (continuous re-orthonormalisation) method of Benettin, Galgani,
 * Giorgilli and Strelcyn (Meccanica 15, 1980), in the form used for RNNs by Engelken, Wolf and Abbott
 * ("Lyapunov spectra of chaotic recurrent neural networks", 2020):
 * <ol>
 *   <li>the network runs on the {@link DrivingNoise}, and an orthonormal n x k frame Q (Q0: the QR of a seeded
 *       Gaussian matrix) is carried along by the Jacobians, {@code Q <- D_t Q} with
 *       {@code D_t = diag(f'(a_t)) W_hh} ({@link TrajectoryJacobians});</li>
 *   <li>during the washout steps (the warm-up) Q is re-orthonormalised and R discarded, so the frame turns
 *       towards the most expanding directions;</li>
 *   <li>over the analysed steps, every {@code qrEvery} steps {@code Q R = D_t ... D_{t-qrEvery+1} Q}
 *       (HouseholderQr with diag(R) >= 0) and {@code log R_ii} is summed; exponent i is that sum over the number
 *       of steps, in nats per step. The last {@code length mod qrEvery} steps are not used.</li>
 * </ol>
 * The standard error of each exponent is from non-overlapping blocks of equally many QR intervals:
 * {@code stderr = sd(block means) / sqrt(blocks)} (sample standard deviation, divisor blocks - 1). It measures
 * the fluctuation along this trajectory, not the bias of a finite warm-up.
 *
 * <p>With k = n the exponents sum to the time average of {@code log|det D_t|} over the analysed steps (the
 * product of the diag(R) is the volume growth); for a linear network D_t = W_hh and the exponents are the sorted
 * {@code log|eig(W_hh)|}. A relu unit that is off makes D_t singular and the smallest exponents minus infinity.
 *
 * <p>Precision: Householder QR is backward stable, so an {@code R_ii} far below the norm of the product it
 * factors carries a relative error of about {@code eps ||Y|| / R_ii}. Saturated tanh units (f' near 1e-8) make
 * the smallest exponents lose digits as soon as several Jacobians are multiplied between QRs; {@code qrEvery = 1}
 * (the default of {@code teach analyze}) keeps the sum of the exponents equal to the mean log|det D_t| to about
 * 1e-12 on such networks (LyapunovSpectrumTest), {@code qrEvery = 2} only to about 1e-9.
 */
public final class LyapunovSpectrum {

    /**
     * The result.
     *
     * @param spectrum exponents in nats per step, largest first
     * @param stderr   standard error of each exponent (same order)
     * @param steps    analysed steps that entered the average
     * @param qrEvery  steps between re-orthonormalisations
     * @param blocks   blocks of the standard error
     */
    public record Result(double[] spectrum, double[] stderr, int steps, int qrEvery, int blocks) {
        /** Sum of the exponents. */
        public double sum() {
            double s = 0.0;
            for (double v : spectrum) {
                s += v;
            }
            return s;
        }
    }

    private LyapunovSpectrum() {
    }

    /**
     * The k largest exponents (k = hidden size for all of them) of m along noise.
     *
     * @throws IllegalArgumentException when k is outside 1..hidden, qrEvery < 1, blocks < 2, or the noise is too
     *                                  short for one QR interval per block
     */
    public static Result of(RnnModel m, DrivingNoise noise, int k, int qrEvery, int blocks) {
        return of(m, noise, k, qrEvery, blocks, false);
    }

    /**
     * As {@link #of(RnnModel, DrivingNoise, int, int, int)}; with {@code vectorLanes} the frame update {@code D_t Q}
     * runs in Vector API register tiles ({@link VectorFrameProduct}), which give the plain loops' bits. Only where the
     * Vector API is in use: a scalar run must not load its classes.
     */
    public static Result of(RnnModel m, DrivingNoise noise, int k, int qrEvery, int blocks, boolean vectorLanes) {
        if (m == null || noise == null) {
            throw new IllegalArgumentException("model and noise must not be null");
        }
        int n = m.hiddenSize();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("number of exponents must be in 1.." + n + ", got " + k);
        }
        if (qrEvery < 1) {
            throw new IllegalArgumentException("steps between QR must be >= 1, got " + qrEvery);
        }
        if (blocks < 2) {
            throw new IllegalArgumentException("blocks for the standard error must be >= 2, got " + blocks);
        }
        int intervals = noise.length() / qrEvery;
        if (intervals < blocks) {
            throw new IllegalArgumentException("noise length " + noise.length() + " gives " + intervals
                    + " QR intervals of " + qrEvery + " steps, fewer than the " + blocks + " blocks");
        }
        // The full trajectory, warm-up included: one forward pass over washout + length steps.
        DrivingNoise all = new DrivingNoise(noise.seed(), noise.steps(), 0);
        TrajectoryJacobians jac = TrajectoryJacobians.along(m, all);

        double[] q = initialFrame(n, k, new SplittableRandom(noise.seed()).split());
        double[] y = new double[n * k];
        double[] d = new double[n * n];
        double[] diag = new double[k];
        // hidden x k: the blocked algorithm wherever a panel of 32 columns leaves columns, its trailing updates as
        // matrix products in the reference loops' rounding (OrderedGemm), every reflector in the inline loops: the same
        // bits on any backend, and at hidden 256 a QR with Q in about 40% of the time of reflector by reflector.
        HouseholderQr qr = HouseholderQr.blockedWithInlineReflectors(true, new OrderedGemm(vectorLanes));

        int t = 0;
        for (; t < noise.washout(); t++) {
            jac.jacobian(t, d);
            frameProduct(vectorLanes, d, q, y, n, k);
            double[] swap = q;
            q = y;
            y = swap;
            if ((t + 1) % qrEvery == 0 || t + 1 == noise.washout()) {
                qr.decompose(q, n, k);
                qr.getQ(q);
            }
        }
        double[][] blockSums = new double[blocks][k];
        int[] blockSteps = new int[blocks];
        double[] total = new double[k];
        for (int iv = 0; iv < intervals; iv++) {
            for (int s = 0; s < qrEvery; s++, t++) {
                jac.jacobian(t, d);
                frameProduct(vectorLanes, d, q, y, n, k);
                double[] swap = q;
                q = y;
                y = swap;
            }
            qr.decompose(q, n, k);
            qr.getRDiagonal(diag);
            qr.getQ(q);
            // Block b holds the intervals [b * intervals / blocks, (b + 1) * intervals / blocks).
            int b = (int) ((long) iv * blocks / intervals);
            for (int i = 0; i < k; i++) {
                double l = Math.log(diag[i]);
                blockSums[b][i] += l;
                total[i] += l;
            }
            blockSteps[b] += qrEvery;
        }
        int steps = intervals * qrEvery;
        double[] spectrum = new double[k];
        double[] stderr = new double[k];
        for (int i = 0; i < k; i++) {
            spectrum[i] = total[i] / steps;
            double mean = 0.0;
            for (int b = 0; b < blocks; b++) {
                mean += blockSums[b][i] / blockSteps[b];
            }
            mean /= blocks;
            double ss = 0.0;
            for (int b = 0; b < blocks; b++) {
                double dev = blockSums[b][i] / blockSteps[b] - mean;
                ss += dev * dev;
            }
            stderr[i] = Math.sqrt(ss / (blocks - 1)) / Math.sqrt(blocks);
        }
        // The QR order is the order of the exponents in the limit; sort so that rounding cannot swap neighbours.
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(spectrum[b], spectrum[a]));
        double[] s = new double[k];
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = spectrum[order[i]];
            e[i] = stderr[order[i]];
        }
        return new Result(s, e, steps, qrEvery, blocks);
    }

    /** All n exponents. */
    public static Result of(RnnModel m, DrivingNoise noise, int qrEvery, int blocks) {
        return of(m, noise, m.hiddenSize(), qrEvery, blocks);
    }

    /**
     * Q of the QR of an n x k N(0, 1) matrix: a random orthonormal frame (Haar-distributed with diag(R) > 0). The
     * entries are drawn column by column, so the frame for k is the first k columns of the frame for n, and the
     * top k exponents are the first k of the full spectrum along the same trajectory.
     */
    static double[] initialFrame(int n, int k, SplittableRandom rng) {
        double[] g = new double[n * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                g[i * k + j] = rng.nextGaussian();
            }
        }
        HouseholderQr qr = new HouseholderQr(true, null);   // hidden x k: inline loops, no backend (plain, and the same bits on any)
        qr.decompose(g, n, k);
        return qr.getQ();
    }

    private static void frameProduct(boolean vectorLanes, double[] d, double[] q, double[] y, int n, int k) {
        if (vectorLanes) {
            VectorFrameProduct.multiply(d, q, y, n, k);
        } else {
            multiply(d, q, y, n, k);
        }
    }

    /** y = d q for d n x n and q n x k (row-major), in plain loops: each element summed over l in order from 0. */
    static void multiply(double[] d, double[] q, double[] y, int n, int k) {
        multiplyPlain(d, q, y, n, k, 0, n, 0, k);
    }

    /** y = d q in plain loops (rows i0..i1, columns j0..j1 of y), each element summed over l in order. */
    static void multiplyPlain(double[] d, double[] q, double[] y, int n, int k, int i0, int i1, int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
                y[i * k + j] = 0.0;
            }
            for (int l = 0; l < n; l++) {
                double dil = d[i * n + l];
                if (dil != 0.0) {   // a relu unit that is off zeroes its row of D_t
                    for (int j = j0; j < j1; j++) {
                        y[i * k + j] += dil * q[l * k + j];
                    }
                }
            }
        }
    }
}
