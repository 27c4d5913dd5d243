package org.teachingrnns.rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultLogTest {

    @TempDir
    Path dir;

    @Test
    void appendsWholeLinesAndReadsThemBack() throws IOException {
        Path f = dir.resolve("sub/log.jsonl");
        try (ResultLog log = ResultLog.open(f)) {
            assertEquals(List.of(), log.existingLines());
            log.append("{\"a\":1}");
            log.append("{\"a\":\"é\"}");
            assertThrows(IllegalArgumentException.class, () -> log.append("two\nlines"));
        }
        assertEquals("{\"a\":1}\n{\"a\":\"é\"}\n", Files.readString(f, StandardCharsets.UTF_8));
        try (ResultLog log = ResultLog.open(f)) {
            assertEquals(List.of("{\"a\":1}", "{\"a\":\"é\"}"), log.existingLines());
            assertEquals(0, log.droppedBytes());
            log.append("{\"a\":3}");
        }
        assertEquals(3, ResultLog.read(f).lines().size());
    }

    @Test
    void aTornLastLineIsTruncatedAwayOnOpen() throws IOException {
        Path f = dir.resolve("log.jsonl");
        Files.writeString(f, "{\"a\":1}\n{\"a\":2}\n{\"a\":3,\"b\":[1,2", StandardCharsets.UTF_8);
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), ResultLog.read(f).lines(), "read leaves the file alone");
        assertEquals(15, ResultLog.read(f).tornBytes());
        assertEquals(31, Files.size(f));
        try (ResultLog log = ResultLog.open(f)) {
            assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), log.existingLines());
            assertEquals(15, log.droppedBytes());
            assertEquals(16, Files.size(f), "truncated after the last newline");
            log.append("{\"a\":4}");
        }
        assertEquals("{\"a\":1}\n{\"a\":2}\n{\"a\":4}\n", Files.readString(f));
    }

    @Test
    void aFileWithoutAnyNewlineIsAllTorn() throws IOException {
        Path f = dir.resolve("log.jsonl");
        Files.write(f, new byte[] {'{', 0, 0, 0}, StandardOpenOption.CREATE);
        try (ResultLog log = ResultLog.open(f)) {
            assertEquals(List.of(), log.existingLines());
            assertEquals(4, log.droppedBytes());
        }
        assertEquals(0, Files.size(f));
    }

    @Test
    void oneWriterAtATime() throws IOException {
        Path f = dir.resolve("log.jsonl");
        try (ResultLog log = ResultLog.open(f)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResultLog.open(f));
            assertEquals(f + " is being written by another teach sweep", e.getMessage());
        }
        ResultLog.open(f).close();
    }
}
