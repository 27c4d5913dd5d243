package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How the trained student is compared with the teacher. Validated on construction; each message names the flag
 * of the setting. Defaults (the field initialisers of {@link Builder}): a pole and an eigenvalue closer than
 * 0.05 are aligned.
 *
 * @param matchThreshold {@code --threshold}: a pole and an eigenvalue within this distance are aligned (default 0.05)
 */
public record AnalysisConfig(double matchThreshold) {

    /** The reference notebook's analysis. */
    public static final AnalysisConfig DEFAULTS = new Builder().build();

    public AnalysisConfig {
        Require.nonNegativeFinite("--threshold", matchThreshold);
    }

    /** This analysis with the settings the operator changes, e.g. {@code a.with(b -> b.matchThreshold(0.1))}. */
    public AnalysisConfig with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    void putInto(Map<String, Object> m) {
        m.put("match_threshold", matchThreshold);
    }

    static AnalysisConfig from(SettingsMap s, AnalysisConfig base) {
        return base.with(b -> b.matchThreshold(s.real("match_threshold", base.matchThreshold)));
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults. */
    public static final class Builder {
        private double matchThreshold = 0.05;

        Builder() {
        }

        Builder(AnalysisConfig c) {
            matchThreshold = c.matchThreshold;
        }

        public Builder matchThreshold(double v) { matchThreshold = v; return this; }

        public AnalysisConfig build() {
            return new AnalysisConfig(matchThreshold);
        }
    }
}
