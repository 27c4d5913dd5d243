package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one place where {@code teach sweep} touches the experiment API: flags to a configuration, a configuration
 * to its settings, and a configuration to a results.json tree. When the configuration or the engine API
 * changes (grouped config records with {@code parse/toMap}; {@code Experiment.run(config, compute, listener)}),
 * only this class changes.
 *
 * <p>Flags are parsed by picocli with the very options of {@code teach run} ({@link ExperimentOptions} and its
 * defaults), so a sweep point means exactly what the same flags mean to {@code teach run}. One instance is
 * not thread-safe (picocli reuses the option object); the sweep parses its grid on one thread.
 */
final class SweepCommandAdapter {

    /** {@code teach run}'s experiment options alone, as a command picocli can parse. */
    @Command(name = "sweep-point", defaultValueProvider = ConfigDefaults.class)
    static final class Point {
        @Mixin
        ExperimentOptions experiment;
    }

    private final Point point = new Point();
    private final CommandLine root;
    private final CommandLine parser;

    SweepCommandAdapter() {
        // Teach's command line registers the library's converters (activation, init, ...); take the sub-parser.
        PrintWriter sink = new PrintWriter(new StringWriter());
        this.root = Teach.commandLine(sink, sink, point);
        this.parser = root.getSubcommands().get("sweep-point");
    }

    /** The experiment options, for the sweep to look its flags up (names, arity, help order). */
    CommandSpec options() {
        return parser.getCommandSpec();
    }

    /** The run option named {@code name} ({@code --order}), or null. */
    OptionSpec option(String name) {
        return parser.getCommandSpec().findOption(name);
    }

    /** The configuration of {@code teach run} with these flags; bad flags or values are a {@link BadInputException}. */
    ExperimentConfig parse(List<String> runFlags) throws IOException {
        try {
            List<String> args = new java.util.ArrayList<>(runFlags.size() + 1);
            args.add("sweep-point");
            args.addAll(runFlags);
            root.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(Teach.oneLine(e.getMessage()));
        }
        return point.experiment.config();
    }

    /** Every setting of a configuration under its snake_case key (results.json's {@code config}). */
    static Map<String, Object> settings(ExperimentConfig config) {
        return config.toMap();
    }

    /** Runs one experiment (no progress listener) and returns its results.json tree. */
    static ObjectNode run(ExperimentConfig config, String backendChoice) {
        ExperimentResult r = Experiment.run(config, null);
        return RunFiles.results(r, backendChoice);
    }
}
