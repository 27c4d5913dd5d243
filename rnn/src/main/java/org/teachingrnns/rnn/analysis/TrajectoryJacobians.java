package org.teachingrnns.rnn.analysis;

import java.util.stream.IntStream;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.linalg.ConvergenceException;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The Jacobians of a network's state update along a trajectory, {@code D_t = dh_t / dh_{t-1} =
 * diag(f'(a_t)) W_hh} with {@code a_t = W_ih x_t + W_hh h_{t-1} + b_h}, and their spectra. The trajectory is the
 * network's own forward pass ({@link Bptt#hiddenStates}) from the zero state, driven by {@link DrivingNoise};
 * the steps {@code t >= washout} are analysed. f' is read from {@code h_t = f(a_t)} through
 * {@link org.teachingrnns.rnn.model.Activation#derivativeFromOutput} (for relu, f'(0) = 0 as in PyTorch). For a
 * linear network every D_t is W_hh.
 */
public final class TrajectoryJacobians {

    private final RnnModel model;
    private final double[] whh;
    /** Hidden states h_t of the analysed steps, [step][hidden]. */
    private final double[][] states;

    private TrajectoryJacobians(RnnModel model, double[][] states) {
        this.model = model;
        this.whh = model.flat(Parameter.W_HH);
        this.states = states;
    }

    /** Runs m on the noise and keeps the states of the steps after the washout. */
    public static TrajectoryJacobians along(RnnModel m, DrivingNoise noise) {
        if (m == null || noise == null) {
            throw new IllegalArgumentException("model and noise must not be null");
        }
        // One sequence: plain loops (Compute.scalar()) are as fast as any engine here, and the trajectory does not
        // depend on the backend.
        double[][] h = Bptt.hiddenStates(m, noise.inputs(m.inputSize()), null, Compute.scalar())[0];
        double[][] kept = new double[noise.length()][];
        for (int t = 0; t < noise.length(); t++) {
            kept[t] = h[noise.washout() + t];
        }
        return new TrajectoryJacobians(m, kept);
    }

    /** Number of analysed steps. */
    public int steps() {
        return states.length;
    }

    public int hiddenSize() {
        return model.hiddenSize();
    }

    /** Writes {@code D_t} (row-major hidden x hidden) of analysed step t into d. */
    public void jacobian(int t, double[] d) {
        int n = model.hiddenSize();
        double[] h = states[t];
        for (int i = 0; i < n; i++) {
            double g = model.activation().derivativeFromOutput(h[i]);
            for (int j = 0; j < n; j++) {
                d[i * n + j] = g * whh[i * n + j];
            }
        }
    }

    /** {@code D_t} of analysed step t (a new array). */
    public double[] jacobian(int t) {
        double[] d = new double[model.hiddenSize() * model.hiddenSize()];
        jacobian(t, d);
        return d;
    }

    /** The eigenvalues of every D_t, one array per analysed step. */
    public ComplexArray[] eigenvalues() {
        return eigenvalues(null);
    }

    /**
     * As {@link #eigenvalues()}, the eigen-decompositions' products on {@code blas}. From hidden size
     * {@value #PARALLEL_MIN_HIDDEN} the steps are shared out in blocks of {@value #STEPS_PER_TASK} over the common
     * fork-join pool (with the calling thread): each step's decomposition is independent of the others and computed
     * the same way on any thread, so the eigenvalues have the same bits as one after the other. (At hidden 256 the
     * 2,000 decompositions of a run's analysis took about a minute on one core.)
     */
    public ComplexArray[] eigenvalues(Blas blas) {
        int n = model.hiddenSize();
        ComplexArray[] out = new ComplexArray[steps()];
        if (n < PARALLEL_MIN_HIDDEN) {
            eigenvalues(blas, 0, steps(), out);
            return out;
        }
        int tasks = (steps() + STEPS_PER_TASK - 1) / STEPS_PER_TASK;
        ConvergenceException[] failures = new ConvergenceException[tasks];
        IntStream.range(0, tasks).parallel().forEach(i -> {
            try {
                eigenvalues(blas, i * STEPS_PER_TASK, Math.min(steps(), (i + 1) * STEPS_PER_TASK), out);
            } catch (ConvergenceException e) {
                failures[i] = e;
            }
        });
        // The earliest step that failed, as one after the other would report it.
        for (ConvergenceException e : failures) {
            if (e != null) {
                throw e;
            }
        }
        return out;
    }

    /** From this hidden size the steps' eigenvalues are computed in parallel. */
    public static final int PARALLEL_MIN_HIDDEN = 32;
    /** Steps per parallel task: at hidden 32 about 10 ms of work, at 256 about 2 s. */
    static final int STEPS_PER_TASK = 50;

    /** The eigenvalues of D_t for t in [from, to) into out[t]; the first step that does not converge throws. */
    private void eigenvalues(Blas blas, int from, int to, ComplexArray[] out) {
        int n = model.hiddenSize();
        EigenDecomposition eig = Spectra.decomposition(false, false, blas);
        double[] d = new double[n * n];
        for (int t = from; t < to; t++) {
            jacobian(t, d);
            if (!eig.decompose(d, n)) {
                throw new ConvergenceException("step " + t + ": " + eig.failure());
            }
            out[t] = eig.eigenvalues();
        }
    }

    /**
     * The per-step optimal mean matched distance between two Jacobian spectra (teacher and student driven by the
     * same input): {@link PoleMatching#optimal} of the smaller set into the larger, so every eigenvalue of the
     * smaller network is paired.
     */
    public static double[] matchedDistances(ComplexArray[] teacher, ComplexArray[] student) {
        if (teacher == null || student == null || teacher.length != student.length) {
            throw new IllegalArgumentException("both spectra must cover the same steps");
        }
        double[] d = new double[teacher.length];
        for (int t = 0; t < d.length; t++) {
            ComplexArray a = teacher[t];
            ComplexArray b = student[t];
            d[t] = a.length() <= b.length()
                    ? PoleMatching.optimal(a, b, 0.0).meanDistance()
                    : PoleMatching.optimal(b, a, 0.0).meanDistance();
        }
        return d;
    }

    /** The per-step distances of a teacher and a student driven by the same noise, and their distribution. */
    public record Comparison(double[] distances, Distribution distribution) {
    }

    /**
     * Drives teacher and student with the same noise (their input sizes must agree) and compares their Jacobian
     * spectra step by step.
     */
    public static Comparison compare(RnnModel teacher, RnnModel student, DrivingNoise noise) {
        return compare(teacher, student, noise, null);
    }

    /** As {@link #compare(RnnModel, RnnModel, DrivingNoise)}, the eigen-decompositions' products on {@code blas}. */
    public static Comparison compare(RnnModel teacher, RnnModel student, DrivingNoise noise, Blas blas) {
        if (teacher == null || student == null) {
            throw new IllegalArgumentException("teacher and student must not be null");
        }
        if (teacher.inputSize() != student.inputSize()) {
            throw new IllegalArgumentException("teacher and student must take the same input size to share a drive, got "
                    + teacher.inputSize() + " and " + student.inputSize());
        }
        double[] d = matchedDistances(along(teacher, noise).eigenvalues(blas), along(student, noise).eigenvalues(blas));
        return new Comparison(d, Distribution.of(d));
    }
}
