package org.teachingrnns.rnn.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that a reader (or a crash) only ever sees the old content or the complete new content:
 * the bytes go to a temporary file in the same directory, are forced to disk, and the temporary file is
 * then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE} (rename(2) on POSIX). On any
 * failure the temporary file is deleted and the target is left as it was, and the failure is a
 * {@link WriteFailedException} naming the target and the OS's reason. The temporary file's name carries the pid
 * ({@code .NAME.PID.N.tmp}), so the next write removes one left by a killed process.
 */
public final class AtomicFiles {

    /** Writes text to a writer; may throw IOException. */
    @FunctionalInterface
    public interface TextBody {
        void write(Writer w) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, w -> w.write(content));
    }

    /** Writes UTF-8 text produced by {@code body} to {@code target}, atomically. */
    public static void write(Path target, TextBody body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
                // Temporaries of processes killed mid-write (they carry the pid) are removed by the next write.
                RunDirectory.removeStale(dir, java.util.List.of(absolute.getFileName().toString()));
            }
            tmp = Files.createTempFile(dir, "." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".", ".tmp");
        } catch (IOException e) {
            throw new WriteFailedException(target.toString(), e);
        }
        boolean moved = false;
        try {
            try {
                // createTempFile makes the file owner-only; results are meant to be read like any file.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: keep its defaults.
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
                 Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))) {
                body.write(w);
                w.flush();
                ch.force(true);
            } catch (WriteFailedException e) {
                throw e;
            } catch (IOException e) {
                throw new WriteFailedException(target.toString(), e);
            }
            try {
                try {
                    Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
                    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new WriteFailedException(target.toString(), e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
