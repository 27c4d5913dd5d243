package org.teachingrnns.rnn.sweep;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of lines (JSON lines, one per finished run) that survives a kill at any moment.
 *
 * <ul>
 *   <li>Each line goes out in one {@code write} of the whole line and its newline, then
 *       {@link FileChannel#force(boolean)}, so a finished run is on disk before the next is reported.</li>
 *   <li>A kill during a write can leave a torn last line (no final newline). {@link #open} drops it by
 *       truncating the file after its last newline; every line before it is complete.</li>
 *   <li>One writer at a time: {@link #open} takes an exclusive lock (fcntl on Linux) for as long as the log is
 *       open, so two sweeps started on one file by mistake cannot interleave their lines.</li>
 * </ul>
 */
public final class ResultLog implements Closeable {

    /** The complete lines of a file and how many bytes of a torn last line followed them. */
    public record Contents(List<String> lines, long tornBytes) {
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Contents recovered;

    private ResultLog(Path file, FileChannel channel, FileLock lock, Contents recovered) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.recovered = recovered;
    }

    /**
     * Opens (creating it if absent) {@code file} for appending: locks it, reads its complete lines, and truncates a
     * torn last line away.
     *
     * @throws IllegalStateException when another process (or this one) holds the file open as a log
     */
    public static ResultLog open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean ok = false;
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException(file + " is being written by another teach sweep");
            }
            long size = ch.size();
            byte[] bytes = new byte[Math.toIntExact(size)];
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) {
                    break;
                }
            }
            Contents c = split(bytes);
            if (c.tornBytes() > 0) {
                ch.truncate(size - c.tornBytes());
                ch.force(true);
            }
            ch.position(ch.size());
            ok = true;
            return new ResultLog(file, ch, lock, c);
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /** The complete lines of a file, without changing it (a torn last line is counted, not returned). */
    public static Contents read(Path file) throws IOException {
        return split(Files.readAllBytes(file));
    }

    /** Lines up to the last newline; blank lines are skipped. */
    static Contents split(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return new Contents(List.copyOf(lines), bytes.length - end);
    }

    /** The complete lines found when the log was opened. */
    public List<String> existingLines() {
        return recovered.lines();
    }

    /** Bytes of a torn last line that {@link #open} truncated away (0 when the file ended cleanly). */
    public long droppedBytes() {
        return recovered.tornBytes();
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one line (which must not contain a line break) and forces it to disk. Thread-safe: workers call it
     * as their runs finish.
     */
    public synchronized void append(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a log line must not contain a line break");
        }
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        // One write(2) for the line; a regular file takes it whole unless the disk is full, hence the loop.
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        // force(false) is fdatasync(2) on Linux: the data and the metadata needed to read it back (the file size),
        // without the timestamps that force(true) would also flush.
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
