package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test of issue 11: a sweep in a child JVM is killed with SIGKILL ({@link Process#destroyForcibly()} on
 * Linux) after a few runs, then the same command is run again. Every run must then be in the file exactly once,
 * every line valid JSON, and the results equal to an uninterrupted sweep.
 */
class SweepKillTest {

    @TempDir
    Path dir;

    // Long enough that a fast machine is still mid-sweep when the poll (every 20 ms) sees the third line.
    static final List<String> GRID = List.of("--sequences", "16", "--length", "50", "--washout", "5", "--epochs", "300",
            "--order", "2,3", "--seed", "1..30", "--threads", "2");

    private Process start(Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Teach.class.getName(), "sweep", "--out", out.toString()));
        cmd.addAll(GRID);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private static int completeLines(Path f) throws IOException {
        if (!Files.exists(f)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(f);
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    @Test
    void killMinus9DuringASweepThenResume() throws Exception {
        Path f = dir.resolve("killed.jsonl");
        Process p = start(f);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (completeLines(f) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), () -> "the child ended before it could be killed: " + log());
        p.destroyForcibly();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
        int atKill = completeLines(f);
        assertTrue(atKill >= 3 && atKill < 60, "killed mid-sweep, with " + atKill + " lines");

        // Resume in this JVM with the same command.
        List<String> again = new ArrayList<>(List.of("sweep", "--quiet", "--out", f.toString()));
        again.addAll(GRID);
        Cli r = Cli.run(again.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());

        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals(60, lines.size());
        Set<String> ids = new HashSet<>();
        Set<Integer> indices = new HashSet<>();
        for (String l : lines) {
            JsonNode j = Json.MAPPER.readTree(l);
            assertTrue(ids.add(j.get("run_id").asText()), "run twice: " + l);
            indices.add(j.get("grid_index").asInt());
        }
        assertEquals(60, indices.size());

        // The same results as a sweep nobody interrupted.
        Path clean = dir.resolve("clean.jsonl");
        List<String> cleanArgs = new ArrayList<>(List.of("sweep", "--quiet", "--out", clean.toString()));
        cleanArgs.addAll(GRID);
        assertEquals(0, Cli.run(cleanArgs.toArray(String[]::new)).code());
        Map<String, String> expected = SweepCommandTest.byRun(clean);
        assertEquals(expected, SweepCommandTest.byRun(f));
    }

    /** A child JVM under a Slurm array environment: the shard comes from the variables, unless --shard is given. */
    @Test
    void slurmArrayVariablesChooseTheShard() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String[] c : new String[][] {{"", "shard 2/3 runs 2\n"}, {"--shard=3/4", "shard 3/4 runs 1\n"}}) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    Teach.class.getName(), "sweep", "--dry-run", "--seed", "1..6"));
            if (!c[0].isEmpty()) {
                cmd.add(c[0]);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            // --array=2-6:2 -> ids 2, 4, 6; task 4 is the second of three.
            pb.environment().putAll(Map.of("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MIN", "2",
                    "SLURM_ARRAY_TASK_MAX", "6", "SLURM_ARRAY_TASK_STEP", "2"));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains(c[1]), out);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

}
