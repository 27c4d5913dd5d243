package org.teachingrnns.rnn.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named set of settings ({@code teach run --preset NAME}) applied over the defaults; settings given
 * explicitly (flags, or a sweep's grid) override it. The settings use the snake_case keys of
 * {@link ExperimentConfig#toMap()}, so a preset is checked when it is made: an unknown key or an invalid value
 * fails at once, not when someone first uses the preset.
 *
 * @param name        the name after {@code --preset}
 * @param description one line for {@code --help}
 * @param settings    snake_case key to value, as in results.json's {@code config}
 */
public record Preset(String name, String description, Map<String, Object> settings) {

    /**
     * The presets {@code teach} knows. {@code converge}: the recipe that trains the reference experiment to
     * convergence, chosen by measurement on seeds 1-20 of the default experiment (README, "Training to
     * convergence"): 2000 Adam epochs (lr 0.01), then 100 full-batch L-BFGS steps (torch.optim.LBFGS, 100
     * iterations each, history 100, strong-Wolfe line search, tolerances 0 because torch's tolerance_grad 1e-7
     * stops near a loss of 1e-9), keeping the student of the lowest training loss. Measured against 1000 + 300 and
     * 3000 + 200 (15 of 20 each, at more cost); 2000 + 100 reached 16 of 20.
     */
    public static final Map<String, Preset> BUILT_IN = registry(new Preset("converge",
            "2000 Adam epochs, then 100 full-batch L-BFGS steps (strong Wolfe, tolerances 0), keep the best "
                    + "student: the measured recipe for the reference experiment",
            converge()));

    private static Map<String, Object> converge() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", 2000);
        m.put("then_lbfgs", 100);
        m.put("lbfgs_max_iter", 100);
        m.put("lbfgs_history", 100);
        m.put("tolerance_grad", 0.0);
        m.put("tolerance_change", 0.0);
        m.put("line_search", "strong_wolfe");
        m.put("keep_best", true);
        return m;
    }

    public Preset {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a preset name is lower-case letters, digits and '-', got " + name);
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("preset " + name + " needs a description");
        }
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        try {
            ExperimentConfig.defaults().with(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("preset " + name + ": " + e.getMessage(), e);
        }
    }

    /** base with this preset's settings. */
    public ExperimentConfig applyTo(ExperimentConfig base) {
        return base.with(settings);
    }

    /** A registry (name to preset, in the given order) of the given presets. */
    public static Map<String, Preset> registry(Preset... presets) {
        Map<String, Preset> m = new LinkedHashMap<>();
        for (Preset p : presets) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalArgumentException("preset " + p.name() + " is defined twice");
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
