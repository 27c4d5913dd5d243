package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The output directory of {@code teach run}, kept consistent when the process dies at any moment.
 *
 * <p>The set of files is committed like a journal: every file is first written in full and forced to disk in a
 * private staging directory {@code .teach-staging-PID-N} inside the run directory (same file system, so the moves
 * below are renames); then the commit record, results.json, is removed, the other files are renamed into place,
 * and results.json is renamed in last. Hence, whenever the process is killed:
 * <ul>
 *   <li>before the commit starts: the previous complete set (and a staging directory, ignored by readers);</li>
 *   <li>during the renames: no results.json, which every reader takes to mean "incomplete" (the README says so);</li>
 *   <li>after results.json is in place: the new complete set.</li>
 * </ul>
 * Whenever results.json exists, every other file beside it belongs to the same run. The next commit into the
 * directory removes staging directories and {@link AtomicFiles} temporaries left by processes that no longer run.
 *
 * <p>A failed write (full disk, file too large) is a {@link WriteFailedException} naming the file as the user
 * knows it (its final path) and the OS's reason; the staging directory is removed and the directory is as before.
 */
final class RunDirectory {

    static final String STAGING_PREFIX = ".teach-staging-";

    private final Path dir;

    RunDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Checks {@code --out} without creating anything, so a bad --out fails before any work and a run that fails
     * later (an internal error, out of memory) leaves no empty directory behind: the directory must be a writable
     * directory, or its nearest existing ancestor must be one.
     */
    static Path check(Path dir) {
        if (dir.toString().isEmpty()) {
            throw new BadInputException("--out must name a directory, got an empty string");
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new BadInputException("--out " + dir + " exists and is not a directory");
            }
            if (!Files.isWritable(dir)) {
                throw new BadInputException("--out " + dir + " is not writable");
            }
            return dir;
        }
        Path ancestor = dir.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw new BadInputException("--out " + dir + " cannot be created: " + ancestor + " is not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new BadInputException("--out " + dir + " cannot be created: " + ancestor + " is not writable");
        }
        return dir;
    }

    /**
     * Writes {@code files} (name to content, in order) so that the directory holds either the previous set or the
     * new one, with {@code commitRecord} (one of the names) renamed in last; see the class comment.
     */
    void commit(Map<String, AtomicFiles.TextBody> files, String commitRecord) throws IOException {
        if (!files.containsKey(commitRecord)) {
            throw new IllegalArgumentException("the commit record " + commitRecord + " is not among the files");
        }
        // The outermost directory this commit creates, removed again if the commit fails (no empty directory is left).
        Path created = null;
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            created = p;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WriteFailedException(dir.toString(), e);
        }
        removeStale(dir, files.keySet());
        Path staging = dir.resolve(STAGING_PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        try {
            Files.createDirectory(staging);
        } catch (IOException e) {
            throw new WriteFailedException(staging.toString(), e);
        }
        boolean committed = false;
        try {
            for (Map.Entry<String, AtomicFiles.TextBody> f : files.entrySet()) {
                writeForced(staging.resolve(f.getKey()), dir.resolve(f.getKey()), f.getValue());
            }
            forceDirectory(staging);
            try {
                // From here to the last rename, the directory has no commit record: readers see "incomplete". No
                // fsync in between, so the window is a few renames (rename(2) order is kept by the kernel, and by
                // the journal of ext4/xfs for a power cut).
                Files.deleteIfExists(dir.resolve(commitRecord));
                for (String name : files.keySet()) {
                    if (!name.equals(commitRecord)) {
                        rename(staging.resolve(name), dir.resolve(name));
                    }
                }
                rename(staging.resolve(commitRecord), dir.resolve(commitRecord));
                forceDirectory(dir);
            } catch (IOException e) {
                throw new WriteFailedException(dir.toString(), e);
            }
            committed = true;
        } finally {
            deleteTree(staging);
            if (!committed && created != null) {
                for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(created); p = p.getParent()) {
                    try {
                        Files.deleteIfExists(p);  // only when empty: a non-empty directory is not ours to remove
                    } catch (IOException e) {
                        break;
                    }
                }
            }
        }
    }

    /** Writes UTF-8 text to {@code file} and forces it to disk; failures name {@code shownAs}. */
    static void writeForced(Path file, Path shownAs, AtomicFiles.TextBody body) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream os = Channels.newOutputStream(ch);
             Writer w = new java.io.BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))) {
            body.write(w);
            w.flush();
            ch.force(true);
        } catch (WriteFailedException e) {
            throw e;
        } catch (IOException e) {
            throw new WriteFailedException(shownAs.toString(), e);
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** fsync(2) of a directory, so its renames survive a power cut too; not every file system allows it. */
    static void forceDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some systems cannot open or sync a directory; the renames are still atomic for a process crash.
        }
    }

    /**
     * Removes what processes that no longer run left in {@code dir}: staging directories, and the temporary files of
     * {@link AtomicFiles} for the given names. Another live process's are left alone (they carry its pid).
     */
    static void removeStale(Path dir, Iterable<String> names) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                long pid = -1;
                if (n.startsWith(STAGING_PREFIX)) {
                    pid = pidOf(n.substring(STAGING_PREFIX.length()));
                } else if (n.endsWith(".tmp")) {
                    for (String name : names) {
                        if (n.startsWith("." + name + ".")) {
                            pid = pidOf(n.substring(name.length() + 2));
                        }
                    }
                }
                boolean ours = pid == ProcessHandle.current().pid();
                // Our own staging directory is a commit of this process that could not clean up (commits into one
                // directory do not overlap); our own temporaries may be in use by another thread.
                if (pid > 0 && (ours ? n.startsWith(STAGING_PREFIX) : !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                    stale.add(p);
                }
            }
        } catch (IOException e) {
            return;
        }
        for (Path p : stale) {
            deleteTree(p);
        }
    }

    /** The pid at the start of "PID-rest" or "PID.rest", or -1. */
    private static long pidOf(String s) {
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 18) {
            return -1;
        }
        return Long.parseLong(s.substring(0, end));
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            // Left for the next run's clean-up.
        }
    }
}
