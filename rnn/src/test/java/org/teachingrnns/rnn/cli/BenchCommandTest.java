package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.Blas;

class BenchCommandTest {

    @Test
    void flopCountOfSquareGemm() {
        assertEquals(2.0 * 64 * 64 * 64, GemmBench.flops(64));
    }

    @Test
    void gflopsFromAFakeClock() {
        // A clock that advances 1 ms per reading: each round is two readings around repeated calls.
        long[] t = {0};
        GemmBench b = new GemmBench(0, 0, 1, () -> t[0] += 1_000_000L);
        double g = b.gflops(Blas.of("scalar"), true, 10, 1);
        // One call per round (minimum round time 0). The timed round reads the clock four times (round start,
        // loop start, loop test, round end), so it spans 3 ms for 2 x 10^3 flops.
        assertEquals(2000.0 / 3_000_000.0, g, 1e-15);
    }

    @Test
    void quickJsonRunsEveryBackendThatLoads() throws IOException {
        Cli r = Cli.run("bench", "--quick", "--sizes", "8,12", "--bptt-epochs", "3", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertTrue(n.get("gemm").size() >= 4, r.out()); // scalar at least: 2 kernels x 2 sizes
        for (JsonNode row : n.get("gemm")) {
            assertTrue(row.get("gflops").doubleValue() > 0, row.toString());
        }
        assertTrue(n.get("bptt").get("ms_per_epoch").doubleValue() > 0, r.out());
        assertTrue(n.get("bptt").get("ms_per_epoch_mean").doubleValue() > 0, r.out());
        assertTrue(r.err().contains("bench 29/29 (100%)") || r.err().contains("(100%)"), r.err());
    }

    @Test
    void tableHasRatiosWhenBothBackendsExist() {
        String t = BenchCommand.table("dgemm", List.of(64), List.of("scalar", "vector"), new double[][] {{2, 10}});
        assertTrue(t.contains("vector/scalar"), t);
        assertTrue(t.contains("5.00"), t);
    }

    @Test
    void impossibleSizeIsBadInput() {
        Cli.run("bench", "--sizes", "0").assertBadInput();
        Cli.run("bench", "--sizes", "x").assertBadInput();
        Cli.run("bench", "--bptt-epochs", "0").assertBadInput();
    }
}
