package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.teachingrnns.rnn.compute.Dtype;

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
 * @param keepBest   {@code --keep-best}: keep the student of the lowest training loss, not the last (default false)
 * @param targetNmse {@code --target-nmse}: stop once the training NMSE (loss over the variance of the kept training
 *                   targets) is at or below this, 0 = off (default 0.0)
 * @param patience   {@code --patience}: stop after this many epochs without a new lowest training loss, 0 = off
 *                   (default 0)
 * @param convergedNmse {@code --converged-nmse}: a run whose kept student has a test NMSE at or below this is
 *                   labelled converged (default 1e-8)
 * @param dtype      {@code --dtype}: float64, or float32 for data, weights and BPTT in float as PyTorch's default;
 *                   the reported losses and the analysis run in double on the trained weights (default float64)
 */
public record TrainingConfig(int epochs, int truncation, double clipNorm, int testEvery, boolean keepBest,
                             double targetNmse, int patience, double convergedNmse, Dtype dtype) {

    /** The reference notebook's training. */
    public static final TrainingConfig DEFAULTS = new Builder().build();

    public TrainingConfig {
        Require.positive("--epochs", epochs);
        Require.nonNegative("--truncation", truncation);
        Require.nonNegativeFinite("--clip", clipNorm);
        Require.positive("--test-every", testEvery);
        Require.nonNegativeFinite("--target-nmse", targetNmse);
        Require.nonNegative("--patience", patience);
        Require.nonNegativeFinite("--converged-nmse", convergedNmse);
        Require.notNull("--dtype", dtype);
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
        m.put("keep_best", keepBest);
        m.put("target_nmse", targetNmse);
        m.put("patience", patience);
        m.put("converged_nmse", convergedNmse);
        m.put("dtype", dtype.key());
    }

    static TrainingConfig from(SettingsMap s, TrainingConfig base) {
        return base.with(b -> b.epochs(s.integer("epochs", base.epochs))
                .truncation(s.integer("truncation", base.truncation))
                .clipNorm(s.real("clip_norm", base.clipNorm))
                .testEvery(s.integer("test_every", base.testEvery))
                .keepBest(s.bool("keep_best", base.keepBest))
                .targetNmse(s.real("target_nmse", base.targetNmse))
                .patience(s.integer("patience", base.patience))
                .convergedNmse(s.real("converged_nmse", base.convergedNmse))
                .dtype(s.get("dtype", Dtype::parse, base.dtype)));
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults. */
    public static final class Builder {
        private int epochs = 3000;
        private int truncation = 0;
        private double clipNorm = 0.0;
        private int testEvery = 10;
        private boolean keepBest = false;
        private double targetNmse = 0.0;
        private int patience = 0;
        private double convergedNmse = 1e-8;
        private Dtype dtype = Dtype.FLOAT64;

        Builder() {
        }

        Builder(TrainingConfig c) {
            epochs = c.epochs;
            truncation = c.truncation;
            clipNorm = c.clipNorm;
            testEvery = c.testEvery;
            keepBest = c.keepBest;
            targetNmse = c.targetNmse;
            patience = c.patience;
            convergedNmse = c.convergedNmse;
            dtype = c.dtype;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder truncation(int v) { truncation = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder testEvery(int v) { testEvery = v; return this; }

        public Builder keepBest(boolean v) { keepBest = v; return this; }
        public Builder targetNmse(double v) { targetNmse = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder convergedNmse(double v) { convergedNmse = v; return this; }
        public Builder dtype(Dtype v) { dtype = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, truncation, clipNorm, testEvery, keepBest, targetNmse, patience,
                    convergedNmse, dtype);
        }
    }
}
