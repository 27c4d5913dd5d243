package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code teach}: the teaching-rnns command line.
 *
 * <p>Exit status: 0 success; 1 a failed check ({@code teach gradcheck}) or an internal error; 2 bad input
 * (unknown flag, impossible value, malformed JSON, unreadable file, unavailable backend), reported as one
 * line starting {@code teach: } on stderr and never as a stack trace; also a run that does not fit in memory
 * (estimated before it starts, or an OutOfMemoryError); 3 a training run diverged (NaN or infinite loss), with what
 * it had written; 4 a write failed (stdout or a file: full disk, closed or broken pipe, file too large), one line
 * naming what was written and the operating system's reason. Every throwable ends as one {@code teach:} line; the
 * stack trace only with {@code --debug}.
 */
@Command(name = "teach",
        mixinStandardHelpOptions = true,
        versionProvider = Teach.Version.class,
        description = "Measure how backpropagation-through-time biases RNN solutions (teacher-student with IIR-filter teachers).",
        footerHeading = "%nExit status:%n",
        footer = {
                "  0  success",
                "  1  a check failed (gradcheck), or an internal error (--debug: stack trace)",
                "  2  bad input: unknown flag, impossible value, malformed JSON,",
                "     unreadable file, unavailable backend (one line on stderr)",
                "  2  also: the run does not fit in memory (the line says how to give more)",
                "  3  training diverged (NaN or infinite loss); the files hold the last finite state",
                "  4  could not write (stdout or a file): disk full, closed pipe, ...",
                "",
                "JVM flags: TEACH_JAVA_OPTS=\"-Xmx4g -Dteachingrnns.backend=scalar\" ./teach ..."
        })
public final class Teach implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int DIVERGED = 3;
    public static final int COULD_NOT_WRITE = 4;

    /** System property that turns on stack traces for internal errors, like {@code --debug}. */
    public static final String DEBUG_PROPERTY = "teachingrnns.debug";

    @Spec
    CommandLine.Model.CommandSpec spec;

    private boolean debug;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of internal errors (also -D" + DEBUG_PROPERTY + "=true).")
    void setDebug(boolean debug) {
        this.debug = debug;
    }

    boolean debug() {
        return debug || Boolean.getBoolean(DEBUG_PROPERTY);
    }

    @Override
    public Integer call() {
        // `teach` alone: say what there is, on stderr (stdout stays for results), and fail like a usage error.
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    public static void main(String[] args) {
        // stdout through a FileOutputStream, not System.out: PrintStream hides write errors (closed stdout, full
        // disk), and every write must be checked.
        CheckedOutput out = CheckedOutput.of(new java.io.FileOutputStream(java.io.FileDescriptor.out), System.out.charset(), true);
        System.exit(execute(out, new PrintWriter(System.err, true), args));
    }

    /** Runs {@code teach args} with the given streams and returns the exit status; tests call this in-process. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, List.of(), args);
    }

    /** As {@link #execute(PrintWriter, PrintWriter, String...)} with extra subcommands (tests). */
    static int execute(PrintWriter out, PrintWriter err, List<Object> extraSubcommands, String... args) {
        Teach[] root = new Teach[1];
        int code;
        try {
            CommandLine cl = build(out, err, root, subcommandsFor(args), extraSubcommands.toArray());
            code = cl.execute(args);
        } catch (Throwable t) {
            // picocli hands Exceptions to the execution handler but lets Errors (OutOfMemoryError,
            // StackOverflowError) through: they end here, as one line too.
            code = report(root[0] != null && root[0].debug(), t, err);
        }
        String failure = out instanceof CheckedOutput c ? c.failure() : (out.checkError() ? "write error" : null);
        if (failure != null && (code == OK || code == DIVERGED)) {
            err.println("teach: could not write to standard output: " + failure);
            code = COULD_NOT_WRITE;
        }
        err.flush();
        return code;
    }

    /** The configured command line; {@code extraSubcommands} are for tests (added before the handlers are set). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Object... extraSubcommands) {
        return build(out, err, new Teach[1], extraSubcommands);
    }

    /**
     * The subcommands, in the order {@code teach --help} lists them. Registered in {@link #build}, not in the
     * {@code @Command} annotation: picocli builds the model of every subcommand it is given (reflection over each
     * option, run cold), and a command line that names one needs only that one.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("analyze", AnalyzeCommand::new);
        m.put("info", InfoCommand::new);
        m.put("grad", GradCommand::new);
        m.put("gradcheck", GradcheckCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("sweep", SweepCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The subcommands to register for {@code args}: the one named by the first argument that is not one of teach's
     * own options (none takes a value), else all (no name; {@code help}; an unknown name, whose error lists them).
     */
    static List<String> subcommandsFor(String... args) {
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            return SUBCOMMANDS.containsKey(a) && !a.equals("help") ? List.of(a) : List.copyOf(SUBCOMMANDS.keySet());
        }
        return List.copyOf(SUBCOMMANDS.keySet());
    }

    private static CommandLine build(PrintWriter out, PrintWriter err, Teach[] rootOut, Object... extraSubcommands) {
        return build(out, err, rootOut, SUBCOMMANDS.keySet(), extraSubcommands);
    }

    private static CommandLine build(PrintWriter out, PrintWriter err, Teach[] rootOut, Collection<String> names,
                                     Object... extraSubcommands) {
        Teach root = new Teach();
        rootOut[0] = root;
        CommandLine cl = new CommandLine(root);
        for (String name : names) {
            cl.addSubcommand(name, SUBCOMMANDS.get(name).get());
        }
        for (Object sub : extraSubcommands) {
            cl.addSubcommand(sub);
        }
        cl.setOut(out);
        cl.setErr(err);
        Converters.register(cl);
        cl.setParameterExceptionHandler(Teach::onParameterException);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> onExecutionException(root, ex, commandLine));
        return cl;
    }

    // ------------------------------------------------------------------ errors: one line, status 2

    private static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String message = ex instanceof CommandLine.MaxValuesExceededException ? RunOptions.repeatedFlag(args) : null;
        cl.getErr().println("teach: " + oneLine(message != null ? message : ex.getMessage()) + " (see '" + name + " --help')");
        cl.getErr().flush();
        return BAD_INPUT;
    }

    private static int onExecutionException(Teach root, Exception ex, CommandLine cl) {
        return report(root.debug(), ex, cl.getErr());
    }

    /** Any throwable as one {@code teach:} line (and the trace with --debug); returns the exit status. */
    static int report(boolean debug, Throwable thrown, PrintWriter err) {
        Throwable t = Errors.unwrap(thrown);
        Errors.Outcome o = Errors.classify(t);
        err.println("teach: " + oneLine(o.message()) + (o.status() == FAILED && !debug ? " (run with --debug for the stack trace)" : ""));
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return o.status();
    }

    /** Collapses a possibly multi-line message into one line. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    /** The version from the jar manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Teach.class.getPackage().getImplementationVersion();
            return new String[] {"teach " + (v == null ? "(development build)" : v)
                    + " on Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?").toLowerCase(Locale.ROOT) + ")"};
        }
    }
}
