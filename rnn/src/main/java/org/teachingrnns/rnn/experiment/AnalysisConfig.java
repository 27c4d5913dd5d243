package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.teachingrnns.rnn.analysis.SpectrumTracker;

/**
 * How the trained student is compared with the teacher. Validated on construction; each message names the flag
 * of the setting. Defaults (the field initialisers of {@link Builder}): a pole and an eigenvalue closer than
 * 0.05 are aligned; the spectrum of W_hh is tracked about 300 times per run.
 *
 * @param matchThreshold {@code --threshold}: a pole and an eigenvalue within this distance are aligned (default 0.05)
 * @param trackEvery     {@code --track-every}: record the eigenvalues of W_hh every this many epochs (and at epoch 0
 *                       and the last); 0 = automatic, {@code ceil(epochs / 300)} (default 0)
 */
public record AnalysisConfig(double matchThreshold, int trackEvery) {

    /** The reference notebook's analysis. */
    public static final AnalysisConfig DEFAULTS = new Builder().build();

    public AnalysisConfig {
        Require.nonNegativeFinite("--threshold", matchThreshold);
        Require.nonNegative("--track-every", trackEvery);
    }

    /**
     * The tracking interval of a run of this many epochs: {@link #trackEvery()}, or when that is 0 (automatic)
     * {@link SpectrumTracker#defaultInterval(int)}, about 300 records per run.
     */
    public int trackInterval(int epochs) {
        return trackEvery > 0 ? trackEvery : SpectrumTracker.defaultInterval(epochs);
    }

    /** This analysis with the settings the operator changes, e.g. {@code a.with(b -> b.matchThreshold(0.1))}. */
    public AnalysisConfig with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    void putInto(Map<String, Object> m) {
        m.put("match_threshold", matchThreshold);
        m.put("track_every", trackEvery);
    }

    static AnalysisConfig from(SettingsMap s, AnalysisConfig base) {
        return base.with(b -> b.matchThreshold(s.real("match_threshold", base.matchThreshold))
                .trackEvery(s.integer("track_every", base.trackEvery)));
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults. */
    public static final class Builder {
        private double matchThreshold = 0.05;
        private int trackEvery = 0;

        Builder() {
        }

        Builder(AnalysisConfig c) {
            matchThreshold = c.matchThreshold;
            trackEvery = c.trackEvery;
        }

        public Builder matchThreshold(double v) { matchThreshold = v; return this; }
        public Builder trackEvery(int v) { trackEvery = v; return this; }

        public AnalysisConfig build() {
            return new AnalysisConfig(matchThreshold, trackEvery);
        }
    }
}
