package org.teachingrnns.nativeblas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Calibrations on disk: one small properties file per {@link CalibrationKey} under
 * {@code <cache root>/auto-calibration/} (the root of {@link BundledOpenBlas#defaultCacheRoot()}), named by the
 * key's hash. A file whose stored key differs from the one asked for (a hash collision, an edited file) or that
 * does not parse is ignored and overwritten by the next measurement. Written to a temporary name and renamed, so
 * a reader (another JVM of a sweep) sees the old file or the new one, never half of one.
 */
final class CalibrationCache {

    static final String DIRECTORY = "auto-calibration";

    private CalibrationCache() {
    }

    static Path file(Path cacheRoot, CalibrationKey key) {
        return cacheRoot.resolve(DIRECTORY).resolve(key.hash() + ".properties");
    }

    /** The calibration stored for exactly this key, or null. */
    static Calibration read(Path file, CalibrationKey key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        Calibration c = Calibration.fromProperties(p);
        return c != null && c.key().equals(key) ? c : null;
    }

    static void write(Path file, Calibration c) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    c.toProperties().store(out, "teaching-rnns: where auto sends GEMM to OpenBLAS, measured on this machine");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the calibration to " + file + ": " + e.getMessage(), e);
        }
    }
}
