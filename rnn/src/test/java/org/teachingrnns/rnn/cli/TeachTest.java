package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TeachTest {

    @Test
    void unknownFlagIsOneLineAndStatusTwo() {
        Cli r = Cli.run("info", "--no-such-flag").assertBadInput();
        assertTrue(r.err().contains("--no-such-flag"), r.err());
        assertTrue(r.err().contains("teach info --help"), r.err());
    }

    @Test
    void unknownCommandIsStatusTwo() {
        Cli.run("frobnicate").assertBadInput();
    }

    @Test
    void noCommandPrintsUsageOnStderrAndStatusTwo() {
        Cli r = Cli.run();
        assertEquals(Teach.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Usage: teach"), r.err());
    }

    @Test
    void helpAndVersionSucceedOnStdout() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("info"), help.out());
        assertTrue(help.out().contains("Exit status"), help.out());
        Cli version = Cli.run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("teach "), version.out());
    }

    @Test
    void aCommandLineThatNamesASubcommandRegistersOnlyThatOneAndHelpStillListsAll() {
        assertEquals(java.util.List.of("run"), Teach.subcommandsFor("run", "--epochs", "3"));
        assertEquals(java.util.List.of("sweep"), Teach.subcommandsFor("--debug", "sweep", "merge", "a"));
        java.util.List<String> all = java.util.List.of("run", "analyze", "info", "grad", "gradcheck", "bench", "sweep", "help");
        assertEquals(all, Teach.subcommandsFor());
        assertEquals(all, Teach.subcommandsFor("--help"));
        assertEquals(all, Teach.subcommandsFor("help", "run"));
        assertEquals(all, Teach.subcommandsFor("frobnicate"));
        Cli help = Cli.run("--help");
        for (String name : all) {
            assertTrue(help.out().lines().anyMatch(l -> l.strip().startsWith(name + " ")), name + " listed: " + help.out());
        }
        Cli runHelp = Cli.run("help", "run");
        assertEquals(0, runHelp.code());
        assertTrue(runHelp.out().contains("Usage: teach run"), runHelp.out());
        Cli unknown = Cli.run("frobnicate").assertBadInput();
        assertTrue(unknown.err().contains("frobnicate"), unknown.err());
        // --debug is teach's own option, inherited by the one subcommand registered.
        Cli debug = Cli.run("info", "--debug", "--no-such-flag").assertBadInput();
        assertTrue(debug.err().contains("--no-such-flag"), debug.err());
    }

    @Test
    void unknownBackendIsStatusTwoWithTheKnownNames() {
        Cli r = Cli.run("bench", "--quick", "--sizes", "4", "--backend", "cuda").assertBadInput();
        assertTrue(r.err().contains("cuda"), r.err());
        assertTrue(r.err().contains("scalar"), r.err());
    }

    @Test
    void forcedButUnavailableBackendIsOneLineStatusTwo() {
        Cli r = Cli.run("gradcheck", "--hidden", "1", "--backend", UnavailableBlasProvider.NAME).assertBadInput();
        assertEquals("teach: backend '" + UnavailableBlasProvider.NAME + "' is not available here: its library is not installed (a test stand-in)",
                r.errWithoutJvmNoise().strip());
        Cli info = Cli.run("info");
        assertTrue(info.out().lines().anyMatch(l -> l.contains(UnavailableBlasProvider.NAME) && l.contains("unavailable  its library")), info.out());
    }

    @Test
    void aBackendOtherThanTheJvmsTakesEffect() {
        // Blas.get() has chosen for this JVM (vector or auto); --backend scalar must still run scalar, and say so.
        String inUse = org.teachingrnns.numeric.Blas.get().name();
        org.junit.jupiter.api.Assumptions.assumeFalse(inUse.equals("scalar"), "auto chose scalar here");
        Cli r = Cli.run("gradcheck", "--hidden", "1", "--backend", "scalar");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("backend scalar; BPTT engines: scalar; forced by --backend scalar"), r.out());
    }

    @Test
    void oneLineCollapsesNewlines() {
        assertEquals("a; b; c", Teach.oneLine("a\nb\r\n  c\n"));
        assertEquals("(no message)", Teach.oneLine(null));
    }

    @Test
    void internalErrorsAreStatusOneWithoutStackTraceUnlessDebug() {
        picocli.CommandLine cl;
        java.io.StringWriter err = new java.io.StringWriter();
        cl = Teach.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err), new Boom());
        assertEquals(Teach.FAILED, cl.execute("boom"));
        cl.getErr().flush();
        assertTrue(err.toString().startsWith("teach: internal error: IllegalStateException: kaboom"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());

        java.io.StringWriter err2 = new java.io.StringWriter();
        cl = Teach.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err2), new Boom());
        assertEquals(Teach.FAILED, cl.execute("--debug", "boom"));
        cl.getErr().flush();
        assertTrue(err2.toString().contains("\tat "), "stack trace expected under --debug: " + err2);

        java.io.StringWriter err3 = new java.io.StringWriter();
        cl = Teach.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err3), new Boom());
        assertEquals(Teach.FAILED, cl.execute("boom", "--debug"));
        cl.getErr().flush();
        assertTrue(err3.toString().contains("\tat "), "--debug after the subcommand works too: " + err3);
    }

    @Test
    void badInputExceptionsMapToStatusTwo() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Teach.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err), new Missing());
        assertEquals(Teach.BAD_INPUT, cl.execute("missing"));
        cl.getErr().flush();
        assertEquals("teach: no such file or directory: /nonexistent/x.json", err.toString().strip());
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("kaboom");
        }
    }

    @picocli.CommandLine.Command(name = "missing")
    static final class Missing implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/nonexistent/x.json"));
            return 0;
        }
    }
}
