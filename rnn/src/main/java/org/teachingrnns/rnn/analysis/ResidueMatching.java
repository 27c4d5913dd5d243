package org.teachingrnns.rnn.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.numeric.ComplexArray;

/**
 * Matching of the poles to the modes that matter: only the eigenvalues whose residue ({@link ModalForm}) is at
 * least {@code fraction} times the largest residue take part, so that a spare mode of a larger student that does
 * not reach the output is not counted against it. The pairs index the eigenvalues in their original order.
 *
 * @param fraction the stated fraction
 * @param cutoff   fraction times the largest residue
 * @param kept     indices of the eigenvalues kept, ascending
 * @param greedy   {@link PoleMatching#greedy} on the kept eigenvalues
 * @param optimal  {@link PoleMatching#optimal} on the kept eigenvalues
 */
public record ResidueMatching(double fraction, double cutoff, int[] kept, PoleMatching.Result greedy,
                              PoleMatching.Result optimal) {

    /** Matches poles to the modes of {@code modes} with residue >= fraction * max residue. */
    public static ResidueMatching of(ComplexArray poles, ModalForm modes, double fraction, double threshold) {
        if (poles == null || modes == null) {
            throw new IllegalArgumentException("poles and modes must be given");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("residue fraction must be in [0, 1], got " + fraction);
        }
        double[] r = modes.residues();
        double cutoff = fraction * modes.maxResidue();
        ComplexArray eig = modes.eigenvalues();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            if (r[i] >= cutoff) {
                keep.add(i);
            }
        }
        int[] kept = keep.stream().mapToInt(Integer::intValue).toArray();
        double[] re = new double[kept.length];
        double[] im = new double[kept.length];
        for (int i = 0; i < kept.length; i++) {
            re[i] = eig.re(kept[i]);
            im[i] = eig.im(kept[i]);
        }
        ComplexArray sub = ComplexArray.of(re, im);
        return new ResidueMatching(fraction, cutoff, kept, reindex(PoleMatching.greedy(poles, sub, threshold), kept),
                reindex(PoleMatching.optimal(poles, sub, threshold), kept));
    }

    private static PoleMatching.Result reindex(PoleMatching.Result r, int[] kept) {
        List<PoleMatching.Pair> pairs = new ArrayList<>();
        for (PoleMatching.Pair p : r.pairs()) {
            pairs.add(new PoleMatching.Pair(p.pole(), kept[p.eigenvalue()], p.distance()));
        }
        return new PoleMatching.Result(r.meanDistance(), r.aligned(), r.threshold(), pairs);
    }

    /** {@code {fraction, cutoff, kept, greedy, optimal}} for JSON, the matchings as {@link PoleMatching.Result#toMap}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraction", fraction);
        m.put("cutoff", cutoff);
        m.put("kept", kept.clone());
        m.put("greedy", greedy.toMap());
        m.put("optimal", optimal.toMap());
        return m;
    }
}
