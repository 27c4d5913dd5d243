package org.teachingrnns.rnn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summary", mixinStandardHelpOptions = true)
final class SweepCommandSummary implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.jsonl")
    Path file;
    @Option(names = "--html") Path html;
    @Option(names = "--csv") Path csv;

    @Override
    public Integer call() {
        return Teach.OK;
    }
}
