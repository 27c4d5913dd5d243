package org.teachingrnns.rnn.cli;

import java.util.Map;

import org.teachingrnns.rnn.experiment.ExperimentConfig;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the experiment flags, read from {@link ExperimentConfig#defaults()} so that {@code --help} and
 * the command line never drift from the library: the flag {@code --init-gain} takes the setting
 * {@code init_gain}, unless the option names its setting in {@code descriptionKey}.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    private static final Map<String, Object> DEFAULTS = ExperimentConfig.defaults().toMap();

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = settingKey(option);
        if (key == null || !DEFAULTS.containsKey(key)) {
            return null;
        }
        Object v = DEFAULTS.get(key);
        return v == null ? null : String.valueOf(v);
    }

    static String settingKey(OptionSpec option) {
        String explicit = option.descriptionKey();
        if (explicit != null && !explicit.isEmpty()) {
            return explicit;
        }
        String name = option.longestName();
        if (!name.startsWith("--")) {
            return null;
        }
        return name.substring(2).replace('-', '_');
    }
}
