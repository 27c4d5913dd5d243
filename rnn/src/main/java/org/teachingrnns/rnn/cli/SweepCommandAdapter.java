package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one place where {@code teach sweep} touches the experiment API: flags to a configuration, a configuration
 * to its settings, and a configuration to a results.json tree.
 *
 * <p>Flags are parsed by {@link RunOptions}, the very options of {@code teach run}, so a sweep point means exactly
 * what the same flags mean to {@code teach run}.
 */
final class SweepCommandAdapter {

    private final CommandSpec options = RunOptions.commandLine(new RunOptions()).getCommandSpec();

    /** The experiment options, for the sweep to look its flags up (names, arity, help order). */
    CommandSpec options() {
        return options;
    }

    /** The run option named {@code name} ({@code --order}), or null. */
    OptionSpec option(String name) {
        return options.findOption(name);
    }

    /**
     * The setting an option sets, as results.json's {@code config} key: the snake_case name of the option's field,
     * which is the name of its config record component ({@code --clip} sets {@code clipNorm}, key {@code clip_norm}).
     */
    static String settingKey(OptionSpec o) {
        if (!(o.userObject() instanceof Field f)) {
            return null;
        }
        return f.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** The configuration of {@code teach run} with these flags; bad flags or values are a {@link BadInputException}. */
    ExperimentConfig parse(List<String> runFlags) throws IOException {
        try {
            return RunOptions.parse(runFlags);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Every setting of a configuration under its snake_case key (results.json's {@code config}). */
    static Map<String, Object> settings(ExperimentConfig config) {
        return config.toMap();
    }

    /**
     * Runs one experiment (no progress listener) and returns its results.json tree; the backend choice is asked
     * after the run, since auto may calibrate during it.
     */
    static ObjectNode run(ExperimentConfig config, Compute compute, java.util.function.Supplier<String> backendChoice) {
        ExperimentResult r = Experiment.run(config, compute, null);
        return RunFiles.results(r, backendChoice.get());
    }
}
