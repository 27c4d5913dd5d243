package org.teachingrnns.rnn.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child of the kill -9 test: commits generation after generation of a four-file set into one directory, each
 * file stamped with its generation and padded (so that writes take a while and a kill can land anywhere in them).
 * Prints "ready" on stdout before the first commit and "committed G" after each.
 */
public final class CrashingWriter {

    static final String[] NAMES = {RunFiles.LOSS, RunFiles.EIGENVALUES, RunFiles.REPORT, RunFiles.RESULTS};

    private CrashingWriter() {
    }

    static String content(String name, long generation) {
        return "generation " + generation + " of " + name + "\n" + "x".repeat(64 * 1024) + "\nend " + generation + "\n";
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        System.out.println("ready");
        System.out.flush();
        for (long g = first; ; g++) {
            Map<String, AtomicFiles.TextBody> files = new LinkedHashMap<>();
            for (String name : NAMES) {
                long gen = g;
                files.put(name, w -> w.write(content(name, gen)));
            }
            new RunDirectory(dir).commit(files, RunFiles.RESULTS);
            System.out.println("committed " + g);
            System.out.flush();
        }
    }
}
