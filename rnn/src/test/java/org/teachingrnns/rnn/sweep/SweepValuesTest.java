package org.teachingrnns.rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepValuesTest {

    @Test
    void listsAndIntegerRangesInTheOrderWritten() {
        assertEquals(List.of("2", "3", "4", "8"), SweepValues.parse("--order", "2..4,8"));
        assertEquals(List.of("0.01", "0.1"), SweepValues.parse("--lr", "0.01, 0.1"));
        assertEquals(List.of("tanh"), SweepValues.parse("--activation", "tanh"));
        assertEquals(List.of("-1", "0", "1"), SweepValues.parse("--x", "-1..1"));
        assertEquals(List.of("9000000000", "9000000001"), SweepValues.parse("--seed", "9000000000..9000000001"), "longs");
        assertEquals(List.of("5"), SweepValues.parse("--seed", "5..5"));
    }

    @Test
    void refusesWhatWouldSurprise() {
        for (String bad : List.of("3..1", "0.1..0.5", "1..", "1,,2", "", "1,2,1", "1..3,2", "a..b", "1..2000000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepValues.parse("--order", bad), bad);
            assertTrue(e.getMessage().startsWith("--order"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SweepValues.parse("--lr", "0.1..0.5")).getMessage()
                .contains("integers only"));
    }
}
