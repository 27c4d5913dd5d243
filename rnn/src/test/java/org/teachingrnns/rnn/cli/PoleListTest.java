package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.ComplexArray;

class PoleListTest {

    @Test
    void parsesPairsAndRealPoles() {
        ComplexArray p = PoleList.parse(" 0.5, 0.3 ; 0.5,-0.3;-0.9 ");
        assertArrayEquals(new double[] {0.5, 0.5, -0.9}, p.re());
        assertArrayEquals(new double[] {0.3, -0.3, 0.0}, p.im());
    }

    @Test
    void rejectsGarbageWithTheOffendingPole() {
        assertTrue(assertThrows(BadInputException.class, () -> PoleList.parse("0.5,0.3;x,1")).getMessage().contains("pole 2"));
        assertThrows(BadInputException.class, () -> PoleList.parse("0.5,0.3;;0.1"));
        assertThrows(BadInputException.class, () -> PoleList.parse("1,2,3"));
        assertThrows(BadInputException.class, () -> PoleList.parse("NaN,0"));
        assertThrows(BadInputException.class, () -> PoleList.parse(" "));
    }
}
