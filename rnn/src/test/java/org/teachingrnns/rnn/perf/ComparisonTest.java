package org.teachingrnns.rnn.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static Timing t(String key, double min, double median) {
        return new Timing(key, 1000, min, median, 5);
    }

    @Test
    void aChangeIsMarkedOnlyBeyondBothSpreadsAndTheMargin() {
        // spread 10% in A and 20% in B, margin 10%: the noise limit is 1.1 * 1.2 * 1.1 = 1.452.
        List<Timing> a = List.of(t("x", 100, 110), t("y", 100, 110), t("z", 100, 110));
        List<Timing> b = List.of(t("x", 100 / 1.45, 100 / 1.45 * 1.2), t("y", 100 / 1.46, 100 / 1.46 * 1.2),
                t("z", 146, 146 * 1.2));
        List<Comparison.Row> rows = Comparison.compare(a, b, List.of(), List.of(), 0.10);
        assertEquals(3, rows.size());
        assertFalse(rows.get(0).moved(), rows.get(0).toString()); // 1.45x faster: within noise
        assertTrue(rows.get(1).moved(), rows.get(1).toString());  // 1.46x faster: beyond
        assertTrue(rows.get(2).moved(), rows.get(2).toString());  // 1.46x slower: beyond
        assertEquals(1.45, rows.get(0).change(), 1e-12);
        assertEquals(0.452, rows.get(0).noise(), 1e-12);
        assertTrue(Comparison.table(rows).contains("* slower/lower in B"));
    }

    @Test
    void ratiosAreComparedByTheirValuesAndOnlyCommonKeysAppear() {
        List<Ratio> ra = List.of(new Ratio("r", 40, 0.05), new Ratio("only-a", 1, 0));
        List<Ratio> rb = List.of(new Ratio("r", 20, 0.05));
        List<Comparison.Row> rows = Comparison.compare(List.of(t("only-a", 1, 1)), List.of(t("only-b", 1, 1)), ra, rb, 0.1);
        assertEquals(1, rows.size());
        assertEquals(0.5, rows.get(0).change(), 1e-12);
        assertTrue(rows.get(0).moved());
    }

    @Test
    void ratiosFromTimings() {
        List<Timing> ts = List.of(
                new Timing("gemm/dgemm/256/scalar", 3.3e7, 3.0e7, 3.3e7, 5),
                new Timing("gemm/dgemm/256/vector", 3.3e7, 1.0e6, 1.1e6, 5),
                new Timing("gemm/sgemm/256/vector", 3.3e7, 0.5e6, 0.5e6, 5),
                new Timing("bptt/h256", 5e9, 2e8, 2.2e8, 5));
        List<Ratio> rs = Ratio.of(ts);
        Ratio vs = rs.stream().filter(r -> r.key().equals("gemm/dgemm/256/vector-over-scalar")).findFirst().orElseThrow();
        assertEquals(30.0, vs.value(), 1e-12);
        assertEquals(0.2, vs.spread(), 1e-12);
        Ratio sd = rs.stream().filter(r -> r.key().equals("gemm/256/vector/sgemm-over-dgemm")).findFirst().orElseThrow();
        assertEquals(2.0, sd.value(), 1e-12);
        // BPTT: 5e9 flops in 2e8 ns = 25 GFLOP/s against the vector dgemm's 33 GFLOP/s.
        Ratio eff = rs.stream().filter(r -> r.key().equals("bptt/h256/efficiency")).findFirst().orElseThrow();
        assertEquals(25.0 / 33.0, eff.value(), 1e-12);
        assertEquals(0.2, eff.spread(), 1e-12);
    }

    @Test
    void shapesParse() {
        assertEquals(new GemmShape(256, 256, 256), GemmShape.parse("256"));
        assertEquals(new GemmShape(80, 5, 7), GemmShape.parse("80x5x7"));
        assertEquals("80x5x7", GemmShape.parse(" 80X5x7 ").toString());
        assertEquals(2.0 * 80 * 5 * 7, GemmShape.parse("80x5x7").flops());
        // Transposes of A and B: BPTT's gradient delta H^T is 16x16x12000:NT.
        assertEquals(new GemmShape(16, 16, 12000, false, true), GemmShape.parse("16x16x12000:NT"));
        assertEquals(new GemmShape(64, 64, 64, true, false), GemmShape.parse("64:tn"));
        assertEquals("16x16x12000:NT", GemmShape.parse("16x16x12000:nt").toString());
        assertEquals("64:TT", GemmShape.parse("64:TT").toString());
        assertEquals("80x5x7", GemmShape.parse("80x5x7:NN").toString());
        org.junit.jupiter.api.Assertions.assertFalse(GemmShape.parse("64:TN").square());
        // Each transpose runs with the leading dimensions of its storage (Blas checks them and throws otherwise).
        for (String op : new String[] {"NN", "NT", "TN", "TT"}) {
            for (boolean isDouble : new boolean[] {true, false}) {
                GemmShape.parse("7x5x3:" + op).task(new org.teachingrnns.numeric.ScalarBlas(), isDouble, 1).run(2);
            }
        }
        for (String bad : new String[] {"", "0", "4x5", "ax5x5", "-3", "1x1x1x1", "5x5x5:", "5x5x5:NX", "5x5x5:NNN"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> GemmShape.parse(bad), bad);
        }
    }
}
