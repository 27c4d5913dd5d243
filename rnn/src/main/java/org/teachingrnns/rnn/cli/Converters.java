package org.teachingrnns.rnn.cli;

import java.util.function.Function;

import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.experiment.OptimizerConfig;
import org.teachingrnns.rnn.train.Lbfgs;
import org.teachingrnns.rnn.train.OptimizerKind;
import org.teachingrnns.rnn.train.ScheduleKind;
import picocli.CommandLine;

/** The library's own parsers for the enum settings, as picocli converters, so an unknown name lists the valid ones. */
final class Converters {

    private Converters() {
    }

    /** Registers them on cl (and its subcommands) and allows any case; returns cl. */
    static CommandLine register(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Activation.class, s -> convert(s, Activation::parse));
        cl.registerConverter(Dtype.class, s -> convert(s, Dtype::parse));
        cl.registerConverter(TeacherKind.class, s -> convert(s, TeacherKind::parse));
        cl.registerConverter(InitScheme.class, s -> convert(s, InitScheme::parse));
        cl.registerConverter(OptimizerKind.class, s -> convert(s, OptimizerKind::parse));
        cl.registerConverter(ScheduleKind.class, s -> convert(s, OptimizerConfig::parseSchedule));
        cl.registerConverter(Lbfgs.LineSearch.class, s -> convert(s, OptimizerConfig.LbfgsSettings::parseLineSearch));
        return cl;
    }

    /** A library parser as a picocli converter whose failure message is the library's sentence alone. */
    private static <T> T convert(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
