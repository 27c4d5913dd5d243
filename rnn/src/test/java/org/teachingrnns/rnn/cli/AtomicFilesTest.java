package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesContentAndCreatesParents() throws IOException {
        Path f = dir.resolve("a/b/results.json");
        AtomicFiles.writeString(f, "{\"x\": 1}\n");
        assertEquals("{\"x\": 1}\n", Files.readString(f));
        assertEquals(List.of(f), listAll(dir.resolve("a/b")));
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path f = dir.resolve("loss.csv");
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeString(f, "new content");
        assertEquals("new content", Files.readString(f));
        assertEquals(List.of(f), listAll(dir));
    }

    @Test
    void failureMidWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("results.json");
        AtomicFiles.writeString(f, "complete old content");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, w -> {
            w.write("half of the new cont");
            w.flush();
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("could not write " + f + ": disk full (simulated)", e.getMessage(), "the path and the reason");
        assertEquals(WriteFailedException.class, e.getClass(), "a write failure (exit status 4), not bad input");
        assertEquals("complete old content", Files.readString(f));
        assertEquals(List.of(f), listAll(dir));
    }

    @Test
    void failureOnANewFileLeavesNothing() throws IOException {
        Path f = dir.resolve("new.json");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, w -> {
            w.write("partial");
            throw new IllegalStateException("bug while writing");
        }));
        assertTrue(listAll(dir).isEmpty(), () -> "left behind: " + listAll(dir));
    }

    @Test
    void writesUtf8() throws IOException {
        Path f = dir.resolve("u.txt");
        AtomicFiles.writeString(f, "λ ≈ 0.9 ± 1e-3");
        assertEquals("λ ≈ 0.9 ± 1e-3", Files.readString(f, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<Path> listAll(Path d) {
        try (var s = Files.list(d)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
