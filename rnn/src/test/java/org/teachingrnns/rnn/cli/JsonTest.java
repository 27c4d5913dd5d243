package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    @TempDir
    Path dir;

    @Test
    void nonFiniteValuesBecomeNullAndAreCounted() throws IOException {
        Json j = new Json();
        ObjectNode o = j.object();
        o.set("v", j.vector(new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY, -2}));
        assertEquals(2, j.nonFinite());
        String text = Json.pretty(o);
        JsonNode back = Json.MAPPER.readTree(text);
        assertTrue(back.get("v").get(1).isNull());
        assertTrue(back.get("v").get(2).isNull());
        assertEquals(-2.0, back.get("v").get(3).doubleValue());
    }

    @Test
    void doublesRoundTripExactly() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        Json j = new Json();
        double[][] m = new double[20][20];
        for (double[] row : m) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rnd.nextDouble(-1, 1) * Math.pow(10, rnd.nextInt(-30, 30));
            }
        }
        m[0][0] = Double.MIN_VALUE;
        m[0][1] = -Double.MAX_VALUE;
        m[0][2] = 0.1;
        JsonNode back = Json.MAPPER.readTree(Json.compact(j.matrix(m)));
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) {
                assertEquals(m[r][c], back.get(r).get(c).doubleValue(), "exact at " + r + "," + c);
            }
        }
        assertTrue(Json.compact(j.number(0.1)).equals("0.1"));
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\n  \"W_hh\": [[1, 2],\n   [3, }\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Json.read(f));
        assertTrue(e.getMessage().startsWith("malformed JSON in " + f + " at line 3"), e.getMessage());
    }

    @Test
    void nanTokensTrailingGarbageAndEmptyFilesAreRejected() throws IOException {
        Path nan = dir.resolve("nan.json");
        Files.writeString(nan, "{\"x\": NaN}");
        assertThrows(BadInputException.class, () -> Json.read(nan));
        Path trailing = dir.resolve("trailing.json");
        Files.writeString(trailing, "{\"x\": 1} {\"y\": 2}");
        assertThrows(BadInputException.class, () -> Json.read(trailing));
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "  \n");
        BadInputException e = assertThrows(BadInputException.class, () -> Json.read(empty));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }
}
