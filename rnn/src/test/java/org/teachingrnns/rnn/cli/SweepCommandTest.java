package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir
    Path dir;

    /** Tiny, fast runs: order 2, 10 sequences of 30 steps, 20 epochs. */
    static final List<String> TINY = List.of("--sequences", "10", "--length", "30", "--washout", "5", "--epochs", "20");

    static Cli sweep(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", "--quiet", "--out", out.toString()));
        a.addAll(TINY);
        a.addAll(List.of(more));
        return Cli.run(a.toArray(String[]::new));
    }

    static List<JsonNode> lines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            out.add(Json.MAPPER.readTree(l));
        }
        return out;
    }

    /** run_id -> the line without wall-clock timing (the only part that may differ between equal runs), as compact JSON. */
    static Map<String, String> byRun(Path f) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode j : lines(f)) {
            ObjectNode o = j.deepCopy();
            o.remove("timing");
            assertTrue(m.put(o.get("run_id").asText(), Json.compact(o)) == null, "run " + o.get("run_id") + " twice in " + f);
        }
        return m;
    }

    @Test
    void everyGridPointOnceWithItsSettingsAndNoLargeArrays() throws IOException {
        Path f = dir.resolve("s.jsonl");
        Cli r = sweep(f, "--order", "2,3", "--hidden-factor", "1,2", "--seed", "1..2", "--activation", "linear,tanh", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = lines(f);
        assertEquals(16, lines.size());
        Set<Integer> indices = new HashSet<>();
        for (JsonNode j : lines) {
            indices.add(j.get("grid_index").asInt());
            assertEquals(16, j.get("grid_size").asInt());
            JsonNode c = j.get("config");
            JsonNode s = j.get("sweep");
            assertEquals(s.get("order").asInt() * s.get("hidden-factor").asInt(), c.get("hidden").asInt(), "hidden = factor x order");
            assertEquals(s.get("order").asInt(), c.get("order").asInt());
            assertEquals(s.get("seed").asLong(), c.get("seed").asLong());
            assertEquals(s.get("activation").asText(), c.get("activation").asText());
            assertEquals(20, c.get("epochs").asInt());
            for (String k : List.of("run_id", "grid", "train_loss", "test_loss", "teacher_test_loss", "poles", "eigenvalues", "matching",
                    "timing", "divergence", "backend", "backend_choice")) {
                assertTrue(j.has(k), "sweep line lacks " + k);
            }
            for (String k : List.of("loss_history", "teacher", "student")) {
                assertFalse(j.has(k), "sweep line keeps " + k);
            }
            assertEquals(c.get("hidden").asInt(), j.get("eigenvalues").size());
        }
        assertEquals(16, indices.size());
        // Grid order: seed fastest, then activation (help order: order, hidden, activation, ..., seed last).
        List<JsonNode> sorted = new ArrayList<>(lines);
        sorted.sort((a, b) -> a.get("grid_index").asInt() - b.get("grid_index").asInt());
        assertEquals("1", sorted.get(0).get("sweep").get("seed").asText());
        assertEquals("2", sorted.get(1).get("sweep").get("seed").asText());
        assertEquals("tanh", sorted.get(2).get("sweep").get("activation").asText());
        assertEquals("2", sorted.get(4).get("sweep").get("hidden-factor").asText());
        assertEquals("3", sorted.get(8).get("sweep").get("order").asText());
    }

    @Test
    void sameConfigSameBitsWhateverTheThreadsAndOrder() throws IOException {
        Path one = dir.resolve("one.jsonl");
        Path three = dir.resolve("three.jsonl");
        assertEquals(0, sweep(one, "--seed", "1..6", "--init-gain", "0.5,1", "--threads", "1").code());
        assertEquals(0, sweep(three, "--init-gain", "0.5,1", "--seed", "1..6", "--threads", "3").code());
        assertEquals(byRun(one), byRun(three));
        assertEquals(12, byRun(one).size());
        // A different setting changes the results (the comparison is not vacuous).
        Path other = dir.resolve("other.jsonl");
        assertEquals(0, sweep(other, "--seed", "1", "--init-gain", "0.5", "--lr", "0.02").code());
        String a = byRun(one).values().iterator().next();
        String b = byRun(other).values().iterator().next();
        assertNotEquals(a.substring(a.indexOf("train_loss")), b.substring(b.indexOf("train_loss")));
    }

    @Test
    void rerunSkipsFinishedRunsAndATornLastLineIsRedone() throws IOException {
        Path full = dir.resolve("full.jsonl");
        assertEquals(0, sweep(full, "--seed", "1..5").code());
        Map<String, String> expected = byRun(full);

        Path f = dir.resolve("partial.jsonl");
        List<String> all = Files.readAllLines(full);
        String torn = all.get(2).substring(0, all.get(2).length() / 2);
        Files.writeString(f, all.get(0) + "\n" + all.get(1) + "\n" + torn, StandardCharsets.UTF_8);
        Cli r = Cli.run("sweep", "--out", f.toString(), "--sequences", "10", "--length", "30", "--washout", "5", "--epochs", "20",
                "--seed", "1..5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("5 runs, 2 already in"), r.err());
        assertTrue(r.err().contains("dropped a torn last line of " + torn.length() + " bytes"), r.err());
        List<String> now = Files.readAllLines(f);
        assertEquals(5, now.size());
        assertEquals(all.subList(0, 2), now.subList(0, 2), "finished lines are kept as they were");
        assertEquals(expected, byRun(f));

        Cli again = Cli.run("sweep", "--out", f.toString(), "--sequences", "10", "--length", "30", "--washout", "5", "--epochs", "20",
                "--seed", "1,2,3,4,5");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("5 already in"), "1,2,3,4,5 is the grid 1..5: " + again.err());
        assertEquals(now, Files.readAllLines(f), "nothing to do, nothing written");
    }

    @Test
    void twoShardsMergedEqualTheUnshardedSweepBitForBit() throws IOException {
        Path whole = dir.resolve("whole.jsonl");
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path merged = dir.resolve("merged.jsonl");
        assertEquals(0, sweep(whole, "--order", "2,3", "--seed", "1..4", "--threads", "2").code());
        assertEquals(0, sweep(a, "--order", "2,3", "--seed", "1..4", "--shard", "1/2").code());
        assertEquals(0, sweep(b, "--seed", "1..4", "--order", "2,3", "--shard", "2/2").code());
        assertEquals(4, Files.readAllLines(a).size());
        assertEquals(4, Files.readAllLines(b).size());
        for (JsonNode j : lines(a)) {
            assertEquals(0, j.get("grid_index").asInt() % 2);
        }
        // b twice: duplicates are dropped.
        Cli m = Cli.run("sweep", "merge", b.toString(), a.toString(), b.toString(), "--out", merged.toString());
        assertEquals(0, m.code(), m.err());
        assertTrue(m.err().contains("merged 8 runs") && m.err().contains("4 duplicates dropped"), m.err());
        assertEquals(byRun(whole), byRun(merged));
        List<JsonNode> ml = lines(merged);
        for (int i = 0; i < ml.size(); i++) {
            assertEquals(i, ml.get(i).get("grid_index").asInt(), "grid order");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void differentGridsAreRefused() throws IOException {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertEquals(0, sweep(a, "--seed", "1..2").code());
        assertEquals(0, sweep(b, "--seed", "3..4").code());
        byte[] before = Files.readAllBytes(a);
        Cli r = sweep(a, "--seed", "1..3").assertBadInput();
        assertTrue(r.err().contains("holds runs of another grid"), r.err());
        assertTrue(Arrays.equals(before, Files.readAllBytes(a)), "the file is left alone");
        Path c = dir.resolve("c.jsonl");
        Cli m = Cli.run("sweep", "merge", a.toString(), b.toString(), "--out", c.toString()).assertBadInput();
        assertTrue(m.err().contains("different grids"), m.err());
        assertFalse(Files.exists(c));
        Files.writeString(dir.resolve("junk.jsonl"), "{\"x\": 1}\n");
        Cli.run("sweep", "merge", dir.resolve("junk.jsonl").toString(), "--out", c.toString()).assertBadInput();
    }

    @Test
    void aGridFileIsTheSameGridAsTheFlags() throws IOException {
        Path grid = dir.resolve("grid.json");
        Files.writeString(grid, "{\"order\": [2, 3], \"--seed\": {\"from\": 1, \"to\": 2}, \"init_gain\": \"0.5,1\", \"hidden_factor\": 2,"
                + " \"real_poles_only\": [true, false], \"epochs\": 20, \"sequences\": 10, \"length\": 30, \"washout\": 5}");
        Cli fromFile = Cli.run("sweep", "--grid", grid.toString(), "--dry-run");
        assertEquals(0, fromFile.code(), fromFile.err());
        Cli fromFlags = Cli.run("sweep", "--dry-run", "--order", "2,3", "--seed", "1..2", "--init-gain", "0.5,1", "--hidden-factor", "2",
                "--real-poles=true,false", "--epochs", "20", "--sequences", "10", "--length", "30", "--washout", "5");
        assertEquals(0, fromFlags.code(), fromFlags.err());
        assertEquals(fromFlags.out(), fromFile.out());
        assertTrue(fromFile.out().startsWith("grid ") && fromFile.out().contains(": 16 points"), fromFile.out());
        // --real-poles with and without a value, --no-real-poles
        assertTrue(Cli.run("sweep", "--dry-run", "--real-poles").out().contains("real-poles=true"));
        assertTrue(Cli.run("sweep", "--dry-run", "--no-real-poles").out().contains("real-poles=false"));
    }

    @Test
    void badInputIsOneLineAndStatusTwo() throws IOException {
        Path f = dir.resolve("x.jsonl");
        String out = f.toString();
        Cli.run("sweep", "--out", out, "--bogus", "1").assertBadInput();
        Cli.run("sweep", "--out", out, "--lr", "0.1..0.5").assertBadInput();
        Cli.run("sweep", "--out", out, "--order", "3..1").assertBadInput();
        Cli.run("sweep", "--out", out, "--order", "0,1").assertBadInput();
        Cli.run("sweep", "--out", out, "--hidden", "2", "--hidden-factor", "2").assertBadInput();
        Cli.run("sweep", "--out", out, "--hidden-factor", "0").assertBadInput();
        Cli.run("sweep", "--out", out, "--activation", "tanh,sigmoid").assertBadInput();
        Cli.run("sweep", "--out", out, "--lr", "0.01,1e-2").assertBadInput();
        Cli.run("sweep", "--out", out, "--shard", "3/2").assertBadInput();
        Cli.run("sweep", "--out", out, "--threads", "0").assertBadInput();
        Cli.run("sweep", "--out", out, "stray").assertBadInput();
        Cli.run("sweep", "--seed", "1").assertBadInput();
        Path grid = dir.resolve("g.json");
        Files.writeString(grid, "{\"order\": {\"from\": 1.5, \"to\": 3}}");
        Cli.run("sweep", "--out", out, "--grid", grid.toString()).assertBadInput();
        Files.writeString(grid, "{\"colour\": 1}");
        Cli.run("sweep", "--out", out, "--grid", grid.toString()).assertBadInput();
        Files.writeString(grid, "{\"order\": [2, 3]}");
        Cli.run("sweep", "--out", out, "--grid", grid.toString(), "--order", "4").assertBadInput();
        Files.writeString(grid, "[1, 2");
        Cli.run("sweep", "--out", out, "--grid", grid.toString()).assertBadInput();
        assertFalse(Files.exists(f), "nothing was created for bad input");
        Files.writeString(f, "not json\n", StandardOpenOption.CREATE);
        Cli r = sweep(f, "--seed", "1").assertBadInput();
        assertTrue(r.err().contains("line 1 of"), r.err());
    }
}
