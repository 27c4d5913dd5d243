package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;

/**
 * The student RNN. Validated on construction; each message names the flag of the setting. Defaults (the field
 * initialisers of {@link Builder}): hidden 5, linear, no biases, PyTorch's default initialisation.
 *
 * @param hidden     {@code --hidden}: hidden units (default 5)
 * @param activation {@code --activation}: linear, tanh or relu (default linear)
 * @param hiddenBias {@code --hidden-bias}: has b_h (default false)
 * @param outputBias {@code --output-bias}: has b_o (default false)
 * @param init       {@code --init}: pytorch, normal or orthogonal (default pytorch)
 * @param initGain   {@code --init-gain}: gain of the recurrent initialisation (default 1.0)
 */
public record StudentConfig(int hidden, Activation activation, boolean hiddenBias, boolean outputBias, InitScheme init,
                            double initGain) {

    /** The reference notebook's student. */
    public static final StudentConfig DEFAULTS = new Builder().build();

    public StudentConfig {
        Require.positive("--hidden", hidden);
        Require.notNull("--activation", activation);
        Require.notNull("--init", init);
        Require.nonNegativeFinite("--init-gain", initGain);
    }

    /** This student with the settings the operator changes, e.g. {@code s.with(b -> b.hidden(8))}. */
    public StudentConfig with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    void putInto(Map<String, Object> m) {
        m.put("hidden", hidden);
        m.put("activation", activation.key());
        m.put("hidden_bias", hiddenBias);
        m.put("output_bias", outputBias);
        m.put("init", init.key());
        m.put("init_gain", initGain);
    }

    static StudentConfig from(SettingsMap s, StudentConfig base) {
        return base.with(b -> b.hidden(s.integer("hidden", base.hidden))
                .activation(s.get("activation", Activation::parse, base.activation))
                .hiddenBias(s.bool("hidden_bias", base.hiddenBias))
                .outputBias(s.bool("output_bias", base.outputBias))
                .init(s.get("init", InitScheme::parse, base.init))
                .initGain(s.real("init_gain", base.initGain)));
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults. */
    public static final class Builder {
        private int hidden = 5;
        private Activation activation = Activation.LINEAR;
        private boolean hiddenBias = false;
        private boolean outputBias = false;
        private InitScheme init = InitScheme.PYTORCH;
        private double initGain = 1.0;

        Builder() {
        }

        Builder(StudentConfig c) {
            hidden = c.hidden;
            activation = c.activation;
            hiddenBias = c.hiddenBias;
            outputBias = c.outputBias;
            init = c.init;
            initGain = c.initGain;
        }

        public Builder hidden(int v) { hidden = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder hiddenBias(boolean v) { hiddenBias = v; return this; }
        public Builder outputBias(boolean v) { outputBias = v; return this; }
        public Builder init(InitScheme v) { init = v; return this; }
        public Builder initGain(double v) { initGain = v; return this; }

        public StudentConfig build() {
            return new StudentConfig(hidden, activation, hiddenBias, outputBias, init, initGain);
        }
    }
}
