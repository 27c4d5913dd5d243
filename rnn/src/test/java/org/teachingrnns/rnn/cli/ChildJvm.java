package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class of this module in a child JVM (for crashes, resource limits and closed streams), through bash. */
final class ChildJvm {

    /** The outcome of a child: exit status, stdout, stderr (with the JVM's incubator warning). */
    record Result(int code, String out, String err) {
        /** stderr without the one line every JVM with the incubator module prints (the launcher removes it). */
        String errLines() {
            return err.lines().filter(l -> !l.equals("WARNING: Using incubator modules: jdk.incubator.vector"))
                    .reduce("", (a, b) -> a + b + "\n");
        }
    }

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private ChildJvm() {
    }

    /** The java command line for {@code mainClass args} with this test's class path. */
    static List<String> command(List<String> jvmFlags, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:-UsePerfData", "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvmFlags);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Single-quoted for bash. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Runs {@code prefix; exec java ... redirections} in bash (prefix: e.g. {@code ulimit -f 8}; redirections: e.g.
     * {@code >&-}), with stdout and stderr captured to files in {@code dir}.
     */
    static Result bash(Path dir, String prefix, String redirections, List<String> javaCommand) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder(prefix).append("; exec");
        for (String c : javaCommand) {
            sb.append(' ').append(quote(c));
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        sb.append(' ').append(redirections);
        Process p = new ProcessBuilder("bash", "-c", sb.toString()).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child did not finish in 120 s: " + sb);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static Result teach(Path dir, String prefix, String redirections, String... args) throws IOException, InterruptedException {
        return bash(dir, prefix, redirections, command(List.of(), Teach.class.getName(), args));
    }
}
