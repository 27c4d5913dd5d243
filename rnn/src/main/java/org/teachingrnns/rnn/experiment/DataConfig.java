package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The data: white-noise input sequences and the teacher's responses, split into train and test. Validated on
 * construction; each message names the flag of the setting. Defaults (the field initialisers of
 * {@link Builder}): 100 sequences of 150 steps of N(0, 1) input, 80/20 split, washout 50.
 *
 * @param sequences     {@code --sequences}: train and test together (default 100)
 * @param length        {@code --length}: time steps per sequence (default 150)
 * @param trainFraction {@code --train-fraction}: fraction used for training, in (0, 1) (default 0.8)
 * @param washout       {@code --washout}: first time step (0-based) in the loss (default 50)
 * @param inputStd      {@code --input-std}: standard deviation of the N(0, s^2) inputs (default 1.0)
 */
public record DataConfig(int sequences, int length, double trainFraction, int washout, double inputStd) {

    /** The reference notebook's data. */
    public static final DataConfig DEFAULTS = new Builder().build();

    public DataConfig {
        Require.atLeast("--sequences", sequences, 2, "(train and test)");
        Require.positive("--length", length);
        Require.that(washout >= 0 && washout < length, "--washout must be in 0.." + (length - 1) + " (less than --length "
                + length + ", or no step counts in the loss), got " + washout);
        Require.openInterval("--train-fraction", trainFraction, 0, 1);
        int train = trainCount(sequences, trainFraction);
        Require.that(train >= 1 && train < sequences, "--train-fraction " + trainFraction + " of --sequences " + sequences
                + " leaves no train or no test sequence");
        Require.positiveFinite("--input-std", inputStd);
    }

    /** Train sequences: round(sequences * trainFraction), the first ones; the rest are the test set. */
    private static int trainCount(int sequences, double trainFraction) {
        return (int) Math.round(sequences * trainFraction);
    }

    /** Number of training sequences (the first ones). */
    public int trainSequences() {
        return trainCount(sequences, trainFraction);
    }

    /** Number of test sequences (the rest). */
    public int testSequences() {
        return sequences - trainSequences();
    }

    /** This data with the settings the operator changes, e.g. {@code d.with(b -> b.sequences(20).length(60))}. */
    public DataConfig with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    void putInto(Map<String, Object> m) {
        m.put("sequences", sequences);
        m.put("length", length);
        m.put("train_fraction", trainFraction);
        m.put("washout", washout);
        m.put("input_std", inputStd);
    }

    static DataConfig from(SettingsMap s, DataConfig base) {
        return base.with(b -> b.sequences(s.integer("sequences", base.sequences))
                .length(s.integer("length", base.length))
                .trainFraction(s.real("train_fraction", base.trainFraction))
                .washout(s.integer("washout", base.washout))
                .inputStd(s.real("input_std", base.inputStd)));
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults. */
    public static final class Builder {
        private int sequences = 100;
        private int length = 150;
        private double trainFraction = 0.8;
        private int washout = 50;
        private double inputStd = 1.0;

        Builder() {
        }

        Builder(DataConfig c) {
            sequences = c.sequences;
            length = c.length;
            trainFraction = c.trainFraction;
            washout = c.washout;
            inputStd = c.inputStd;
        }

        public Builder sequences(int v) { sequences = v; return this; }
        public Builder length(int v) { length = v; return this; }
        public Builder trainFraction(double v) { trainFraction = v; return this; }
        public Builder washout(int v) { washout = v; return this; }
        public Builder inputStd(double v) { inputStd = v; return this; }

        public DataConfig build() {
            return new DataConfig(sequences, length, trainFraction, washout, inputStd);
        }
    }
}
