package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code teach} in-process with captured stdout and stderr. */
record Cli(int code, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Teach.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The "bad input" contract: status 2, exactly one line on stderr starting "teach: ", no stack trace, nothing on stdout. */
    Cli assertBadInput() {
        assertEquals(Teach.BAD_INPUT, code, () -> "exit status; stderr was: " + err);
        String e = errWithoutJvmNoise();
        assertTrue(e.startsWith("teach: "), () -> "stderr should start with 'teach: ' but was: " + err);
        assertEquals(1, e.strip().lines().count(), () -> "stderr should be one line but was: " + err);
        assertFalse(e.contains("\tat "), () -> "stack trace on stderr: " + err);
        assertFalse(e.contains("Exception"), () -> "exception class name on stderr: " + err);
        assertEquals("", out, "nothing on stdout");
        return this;
    }

    String errWithoutJvmNoise() {
        return err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
