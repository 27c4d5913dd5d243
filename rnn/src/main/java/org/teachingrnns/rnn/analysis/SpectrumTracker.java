package org.teachingrnns.rnn.analysis;

import org.teachingrnns.numeric.Blas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Records how the spectrum of W_hh moves towards the teacher's poles during training: at each recorded epoch
 * the eigenvalues, the optimal (Hungarian) mean matched distance, the aligned count and the spectral radius;
 * and for each pole the epoch at which it was first matched and the epoch from which it stayed matched. A pole is
 * matched at an epoch when its pair in that epoch's optimal matching is within the threshold.
 *
 * <p>Not thread-safe; one tracker per training run. Epochs must be recorded in increasing order.
 */
public final class SpectrumTracker {

    /** One recorded epoch; {@code poleMatched[p]} says whether pole p was matched. */
    public record Point(int epoch, ComplexArray eigenvalues, double meanDistance, int aligned, double spectralRadius,
                        boolean[] poleMatched) {
    }

    private final ComplexArray poles;
    private final double threshold;
    private final List<Point> points = new ArrayList<>();
    private final EigenDecomposition eig;

    /**
     * @param poles     the teacher's poles
     * @param threshold a pole and an eigenvalue within this distance are aligned
     */
    public SpectrumTracker(ComplexArray poles, double threshold) {
        this(poles, threshold, null);
    }

    /** As {@link #SpectrumTracker(ComplexArray, double)}, the eigen-decompositions' products on {@code blas} (null: the default). */
    public SpectrumTracker(ComplexArray poles, double threshold, Blas blas) {
        if (poles == null) {
            throw new IllegalArgumentException("poles must not be null");
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
        }
        this.poles = poles.copy();
        this.threshold = threshold;
        this.eig = Spectra.decomposition(false, false, blas);
    }

    /**
     * The interval that gives about 300 points over a run of this many epochs (at least 1):
     * {@code ceil(epochs / 300)}.
     */
    public static int defaultInterval(int epochs) {
        return Math.max(1, (epochs + 299) / 300);
    }

    /** Records the eigenvalues of the model's W_hh at this epoch. */
    public Point record(int epoch, RnnModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        return record(epoch, model.flat(Parameter.W_HH), model.hiddenSize());
    }

    /**
     * Records the eigenvalues of the row-major n x n matrix {@code wHh} at this epoch (read, not kept).
     *
     * @throws IllegalArgumentException when the epoch does not increase, or W_hh is not finite
     */
    public Point record(int epoch, double[] wHh, int n) {
        if (!points.isEmpty() && epoch <= points.getLast().epoch()) {
            throw new IllegalArgumentException("epochs must increase: " + epoch + " after " + points.getLast().epoch());
        }
        if (!eig.decompose(wHh, n)) {
            throw new org.teachingrnns.numeric.linalg.ConvergenceException("epoch " + epoch + ": " + eig.failure());
        }
        ComplexArray values = eig.eigenvalues();
        PoleMatching.Result opt = PoleMatching.optimal(poles, values, threshold);
        boolean[] matched = new boolean[poles.length()];
        for (PoleMatching.Pair p : opt.pairs()) {
            matched[p.pole()] = p.distance() <= threshold;
        }
        Point pt = new Point(epoch, values, opt.meanDistance(), opt.aligned(), Spectra.spectralRadius(values), matched);
        points.add(pt);
        return pt;
    }

    /**
     * Drops the points recorded after {@code epoch}: a run that diverged keeps an earlier state than the last one a
     * listener saw (the weights before the update whose loss was not finite), and the tracking must end there.
     */
    public void truncateAfter(int epoch) {
        points.removeIf(pt -> pt.epoch() > epoch);
    }

    /** The recorded points, in epoch order. */
    public List<Point> points() {
        return List.copyOf(points);
    }

    /** For each pole, the first recorded epoch at which it was matched, or -1 if never. */
    public int[] firstMatched() {
        int[] first = new int[poles.length()];
        Arrays.fill(first, -1);
        for (Point pt : points) {
            for (int p = 0; p < first.length; p++) {
                if (first[p] < 0 && pt.poleMatched()[p]) {
                    first[p] = pt.epoch();
                }
            }
        }
        return first;
    }

    /**
     * For each pole, the recorded epoch from which it was matched at every later record up to the last, or -1 if
     * it is not matched at the last record.
     */
    public int[] matchedFrom() {
        int[] from = new int[poles.length()];
        Arrays.fill(from, -1);
        for (int p = 0; p < from.length; p++) {
            for (int i = points.size() - 1; i >= 0 && points.get(i).poleMatched()[p]; i--) {
                from[p] = points.get(i).epoch();
            }
        }
        return from;
    }

    /**
     * For results.json {@code tracking}: {@code threshold}, the per-record series {@code epochs},
     * {@code mean_distance}, {@code aligned}, {@code spectral_radius}, {@code eigenvalues} ([[re, im], ...] per
     * record), and per pole {@code first_matched} and {@code matched_from} (-1 = never).
     */
    public Map<String, Object> toMap() {
        int size = points.size();
        int[] epochs = new int[size];
        double[] dist = new double[size];
        int[] aligned = new int[size];
        double[] radius = new double[size];
        List<double[][]> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Point pt = points.get(i);
            epochs[i] = pt.epoch();
            dist[i] = pt.meanDistance();
            aligned[i] = pt.aligned();
            radius[i] = pt.spectralRadius();
            values.add(pt.eigenvalues().toPairs());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", threshold);
        m.put("epochs", epochs);
        m.put("mean_distance", dist);
        m.put("aligned", aligned);
        m.put("spectral_radius", radius);
        m.put("eigenvalues", values);
        m.put("first_matched", firstMatched());
        m.put("matched_from", matchedFrom());
        return m;
    }
}
