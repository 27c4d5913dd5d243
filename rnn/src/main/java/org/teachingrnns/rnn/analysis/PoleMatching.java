package org.teachingrnns.rnn.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.numeric.ComplexArray;

/**
 * Matches the teacher's poles to the student's eigenvalues by distance in the complex plane.
 *
 * <p>With p poles and e eigenvalues, min(p, e) pairs are formed, each pole and each eigenvalue used at most once.
 * {@link #greedy} repeatedly takes the closest remaining pair; {@link #optimal} minimises the total distance
 * (the assignment problem, solved by the Hungarian algorithm of Kuhn 1955 and Munkres 1957 in its
 * shortest-augmenting-path form with potentials, the smaller set assigned into the larger).
 * A pair is aligned when its distance is at most the threshold.
 */
public final class PoleMatching {

    private PoleMatching() {
    }

    /** A pole index, an eigenvalue index and their distance. */
    public record Pair(int pole, int eigenvalue, double distance) {
    }

    /**
     * A matching.
     *
     * @param meanDistance mean distance over the pairs (NaN when there are none)
     * @param aligned      pairs with distance <= threshold
     * @param pairs        sorted by pole index
     */
    public record Result(double meanDistance, int aligned, double threshold, List<Pair> pairs) {
        public Result {
            pairs = List.copyOf(pairs);
        }

        /** {@code {mean_distance, aligned, threshold, pairs: [{pole, eigenvalue, distance}]}} for results.json. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean_distance", meanDistance);
            m.put("aligned", aligned);
            m.put("threshold", threshold);
            List<Map<String, Object>> list = new ArrayList<>();
            for (Pair p : pairs) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("pole", p.pole());
                pm.put("eigenvalue", p.eigenvalue());
                pm.put("distance", p.distance());
                list.add(pm);
            }
            m.put("pairs", list);
            return m;
        }
    }

    /** Greedy: the closest remaining (pole, eigenvalue) pair first (ties by pole, then eigenvalue index). */
    public static Result greedy(ComplexArray poles, ComplexArray eigenvalues, double threshold) {
        double[][] d = distances(poles, eigenvalues, threshold);
        int p = d.length;
        int e = eigenvalues.length();
        List<int[]> cand = new ArrayList<>(p * e);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < e; j++) {
                cand.add(new int[] {i, j});
            }
        }
        cand.sort(Comparator.<int[]>comparingDouble(c -> d[c[0]][c[1]]).thenComparingInt(c -> c[0]).thenComparingInt(c -> c[1]));
        boolean[] usedP = new boolean[p];
        boolean[] usedE = new boolean[e];
        List<Pair> pairs = new ArrayList<>();
        for (int[] c : cand) {
            if (!usedP[c[0]] && !usedE[c[1]]) {
                usedP[c[0]] = true;
                usedE[c[1]] = true;
                pairs.add(new Pair(c[0], c[1], d[c[0]][c[1]]));
            }
        }
        return result(pairs, threshold);
    }

    /** Optimal: the assignment of minimum total distance (Hungarian algorithm). */
    public static Result optimal(ComplexArray poles, ComplexArray eigenvalues, double threshold) {
        double[][] d = distances(poles, eigenvalues, threshold);
        int p = d.length;
        int e = eigenvalues.length();
        List<Pair> pairs = new ArrayList<>();
        if (p > 0 && e > 0) {
            int[] assign = assignment(d, p, e);
            for (int i = 0; i < p; i++) {
                int j = assign[i];
                if (j >= 0) {
                    pairs.add(new Pair(i, j, d[i][j]));
                }
            }
        }
        return result(pairs, threshold);
    }

    private static double[][] distances(ComplexArray poles, ComplexArray eig, double threshold) {
        if (poles == null || eig == null) {
            throw new IllegalArgumentException("poles and eigenvalues must not be null");
        }
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException("threshold must be >= 0, got " + threshold);
        }
        double[][] d = new double[poles.length()][eig.length()];
        for (int i = 0; i < poles.length(); i++) {
            for (int j = 0; j < eig.length(); j++) {
                d[i][j] = Math.hypot(poles.re(i) - eig.re(j), poles.im(i) - eig.im(j));
            }
        }
        return d;
    }

    private static Result result(List<Pair> pairs, double threshold) {
        pairs.sort(Comparator.comparingInt(Pair::pole));
        double sum = 0.0;
        int aligned = 0;
        for (Pair q : pairs) {
            sum += q.distance();
            if (q.distance() <= threshold) {
                aligned++;
            }
        }
        return new Result(pairs.isEmpty() ? Double.NaN : sum / pairs.size(), aligned, threshold, pairs);
    }

    /**
     * Minimum-cost assignment of the p x e distance matrix d: for each row (pole) its column (eigenvalue), -1 for the
     * p - e rows left over when p > e. The smaller side is assigned into the larger one ({@link #hungarian}, on the
     * transpose when p > e), which costs O(min^2 max) where padding to a square max x max problem with zero-cost
     * dummies cost O(max^3): at every step of a Jacobian comparison (5 teacher poles against 256 student
     * eigenvalues) that was 2,600 times the work. Without ties the optimum is unique and both give it; with ties
     * (two eigenvalues at the same distance, as a conjugate pair from a real pole) either may be the one paired, at
     * the same distances.
     */
    static int[] assignment(double[][] d, int p, int e) {
        if (p <= e) {
            return hungarian(d, p, e);
        }
        double[][] t = new double[e][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < e; j++) {
                t[j][i] = d[i][j];
            }
        }
        int[] poleOfEigenvalue = hungarian(t, e, p);
        int[] colOfRow = new int[p];
        Arrays.fill(colOfRow, -1);
        for (int j = 0; j < e; j++) {
            colOfRow[poleOfEigenvalue[j]] = j;
        }
        return colOfRow;
    }

    /**
     * Minimum-cost assignment of every row of the rows x cols matrix c (rows <= cols) to its own column: shortest
     * augmenting paths with row and column potentials u, v, one row added per phase (the O(rows^2 cols) form of
     * Kuhn 1955 and Munkres 1957 given by Jonker and Volgenant 1987 without their initialisation; indices 1-based,
     * column 0 the root of each search).
     */
    static int[] hungarian(double[][] c, int rows, int cols) {
        double[] u = new double[rows + 1];
        double[] v = new double[cols + 1];
        int[] rowOfCol = new int[cols + 1];    // 1-based row matched to column j, 0 = none
        int[] way = new int[cols + 1];
        double[] minv = new double[cols + 1];
        boolean[] used = new boolean[cols + 1];
        for (int i = 1; i <= rows; i++) {
            rowOfCol[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = rowOfCol[j0];
                double[] ci = c[i0 - 1];
                double ui = u[i0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= cols; j++) {
                    if (!used[j]) {
                        double r = ci[j - 1] - ui - v[j];
                        if (r < minv[j]) {
                            minv[j] = r;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= cols; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfCol[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] colOfRow = new int[rows];
        for (int j = 1; j <= cols; j++) {
            if (rowOfCol[j] != 0) {
                colOfRow[rowOfCol[j] - 1] = j - 1;
            }
        }
        return colOfRow;
    }
}
