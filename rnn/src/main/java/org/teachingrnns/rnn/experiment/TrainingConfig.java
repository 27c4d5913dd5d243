package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The training loop around the optimiser: how long, how far back the gradient flows, clipping, and how often
 * the test loss is recorded. Validated on construction; each message names the flag of the setting. Defaults
 * (the field initialisers of {@link Builder}): 3000 full-batch epochs of full BPTT, no clipping, test loss
 * every 10 epochs.
 *
 * @param epochs     {@code --epochs}: full-batch epochs (default 3000)
 * @param truncation {@code --truncation}: BPTT truncation in steps, 0 = full BPTT (default 0)
 * @param clipNorm   {@code --clip}: clip the global gradient norm to this, 0 = off (default 0.0)
 * @param testEvery  {@code --test-every}: test loss recorded every this many epochs, and at the last (default 10)
 */
public record TrainingConfig(int epochs, int truncation, double clipNorm, int testEvery) {

    /** The reference notebook's training. */
    public static final TrainingConfig DEFAULTS = new Builder().build();

    public TrainingConfig {
        Require.positive("--epochs", epochs);
        Require.nonNegative("--truncation", truncation);
        Require.nonNegativeFinite("--clip", clipNorm);
        Require.positive("--test-every", testEvery);
    }

    /** This training with the settings the operator changes, e.g. {@code t.with(b -> b.epochs(200))}. */
    public TrainingConfig with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    void putInto(Map<String, Object> m) {
        m.put("epochs", epochs);
        m.put("truncation", truncation);
        m.put("clip_norm", clipNorm);
        m.put("test_every", testEvery);
    }

    static TrainingConfig from(SettingsMap s, TrainingConfig base) {
        return base.with(b -> b.epochs(s.integer("epochs", base.epochs))
                .truncation(s.integer("truncation", base.truncation))
                .clipNorm(s.real("clip_norm", base.clipNorm))
                .testEvery(s.integer("test_every", base.testEvery)));
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults. */
    public static final class Builder {
        private int epochs = 3000;
        private int truncation = 0;
        private double clipNorm = 0.0;
        private int testEvery = 10;

        Builder() {
        }

        Builder(TrainingConfig c) {
            epochs = c.epochs;
            truncation = c.truncation;
            clipNorm = c.clipNorm;
            testEvery = c.testEvery;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder truncation(int v) { truncation = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder testEvery(int v) { testEvery = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, truncation, clipNorm, testEvery);
        }
    }
}
