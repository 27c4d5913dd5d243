package org.teachingrnns.rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridTest {

    @Test
    void pointsAreTheNestedLoopsWithTheLastAxisFastest() {
        Grid g = new Grid(List.of(new Grid.Axis("order", List.of("2", "3", "4")), new Grid.Axis("activation", List.of("linear", "tanh")),
                new Grid.Axis("seed", List.of("1", "2", "3", "4", "5"))));
        List<Map<String, String>> expected = new ArrayList<>();
        for (String o : List.of("2", "3", "4")) {
            for (String a : List.of("linear", "tanh")) {
                for (String s : List.of("1", "2", "3", "4", "5")) {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("order", o);
                    m.put("activation", a);
                    m.put("seed", s);
                    expected.add(m);
                }
            }
        }
        assertEquals(30, g.size());
        assertEquals(expected, g.points());
        assertEquals(List.of("order", "activation", "seed"), new ArrayList<>(g.point(7).keySet()), "axis order kept");
    }

    @Test
    void noAxesIsOnePointAndBadAxesAreRefused() {
        assertEquals(1, new Grid(List.of()).size());
        assertEquals(Map.of(), new Grid(List.of()).point(0));
        assertThrows(IllegalArgumentException.class, () -> new Grid.Axis("x", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Grid(List.of(new Grid.Axis("x", List.of("1")), new Grid.Axis("x", List.of("2")))));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(Integer.toString(i));
        }
        assertThrows(IllegalArgumentException.class, () -> new Grid(List.of(new Grid.Axis("a", many), new Grid.Axis("b", many))));
        assertThrows(IndexOutOfBoundsException.class, () -> new Grid(List.of(new Grid.Axis("a", many))).point(100_000));
    }
}
