package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradcheckCommandTest {

    @Test
    void everyCasePassesOnSmallModels() {
        Cli r = Cli.run("gradcheck", "--seed", "3", "--hidden", "2", "--length", "4", "--washout", "1", "--truncation", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("12 of 12 cases passed"), r.out());
        assertTrue(r.out().contains("tanh, biases, truncated k=2: pass"), r.out());
        assertTrue(r.out().contains("W_hh"), r.out());
    }

    @Test
    void anImpossiblyTightThresholdFailsWithStatusOne() {
        // eps 1e-2 makes the central difference of tanh visibly inexact; threshold 1e-14 cannot be met.
        Cli r = Cli.run("gradcheck", "--activation", "tanh", "--eps", "1e-2", "--threshold", "1e-14");
        assertEquals(Teach.FAILED, r.code(), r.out());
        assertTrue(r.out().contains("FAIL"), r.out());
    }

    @Test
    void badValuesAreStatusTwo() {
        Cli.run("gradcheck", "--activation", "sigmoid").assertBadInput();
        Cli.run("gradcheck", "--hidden", "0").assertBadInput();
        Cli.run("gradcheck", "--washout", "6", "--length", "6").assertBadInput();
        Cli.run("gradcheck", "--length", "1").assertBadInput();
    }
}
