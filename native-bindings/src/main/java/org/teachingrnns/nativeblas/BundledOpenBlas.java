package org.teachingrnns.nativeblas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The OpenBLAS that the {@code org.bytedeco:openblas:*:linux-x86_64} jar carries, extracted once into a cache
 * directory so that {@code dlopen} can map it.
 *
 * <p>The jar holds {@code libopenblas.so.0} (RUNPATH {@code $ORIGIN/}, so it finds the bundled gfortran in its own
 * directory) and its Fortran runtime: {@code libgfortran.so.5}, {@code libquadmath.so.0}, {@code libgcc_s.so.1}.
 * The directory name carries the version and a hash of the entries' sizes and CRCs, so a different jar never
 * reuses a stale copy.
 *
 * <p>Several JVMs may start at once (a sweep launches workers in parallel), so extraction never writes into the
 * final directory: each extractor fills its own temporary sibling, checks every size, and renames it into place
 * atomically. The first rename wins; a loser checks the winner's copy and deletes its own. A directory that is
 * present but wrong (a file missing or of another size, say after a crash of an older version or a user's
 * clean-up) is moved aside and replaced.
 */
final class BundledOpenBlas {

    /** Where the libraries sit inside the jar. */
    static final String RESOURCE_DIR = "org/bytedeco/openblas/linux-x86_64/";

    /** The main library and the runtime it needs, in the order {@link OpenBlasLibrary} loads them (dependencies first). */
    static final List<String> FILES = List.of("libquadmath.so.0", "libgcc_s.so.1", "libgfortran.so.5", "libopenblas.so.0");

    /** Overrides the cache root (tests point it at a temporary directory). */
    static final String CACHE_PROPERTY = "teachingrnns.cache";

    private BundledOpenBlas() {
    }

    /** A bundle found on the class path: where each file comes from and how large it is. */
    record Bundle(String version, String hash, List<Entry> entries) {
        String directoryName() {
            return "openblas-" + version + "-" + hash;
        }
    }

    record Entry(String name, URL url, long size) {
    }

    /** The bundle on this class loader's class path, or null when the jar is absent or is not for linux-x86_64. */
    static Bundle find(ClassLoader loader) {
        if (!isLinuxX8664()) {
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        MessageDigest digest = sha256();
        String version = "unknown";
        for (String name : FILES) {
            URL url = loader.getResource(RESOURCE_DIR + name);
            if (url == null) {
                return null;
            }
            long size;
            try {
                URLConnection conn = url.openConnection();
                if (conn instanceof JarURLConnection jar) {
                    // Size and CRC from the jar's directory: cheap, no need to read 37 MB to name the cache.
                    // (The connection shares the class loader's cached JarFile, so nothing is left open.)
                    var entry = jar.getJarEntry();
                    size = entry.getSize();
                    digest.update((name + ":" + size + ":" + entry.getCrc() + ";").getBytes(StandardCharsets.UTF_8));
                    if (name.equals("libopenblas.so.0")) {
                        version = jarVersion(jar);
                    }
                } else {
                    size = conn.getContentLengthLong();
                    digest.update((name + ":" + size + ":" + conn.getLastModified() + ";")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                return null;
            }
            if (size < 0) {
                return null;
            }
            entries.add(new Entry(name, url, size));
        }
        String hash = HexFormat.of().formatHex(digest.digest(), 0, 6);
        return new Bundle(version, hash, List.copyOf(entries));
    }

    /** The version of the jar that holds the library, from its Maven metadata (not the first one on the path). */
    private static String jarVersion(JarURLConnection conn) {
        try (JarFile jar = new JarFile(Path.of(conn.getJarFileURL().toURI()).toFile())) {
            var e = jar.getEntry("META-INF/maven/org.bytedeco/openblas/pom.properties");
            if (e != null) {
                Properties p = new Properties();
                try (InputStream in = jar.getInputStream(e)) {
                    p.load(in);
                }
                String v = p.getProperty("version");
                if (v != null && v.matches("[A-Za-z0-9._-]+")) {
                    return v;
                }
            }
        } catch (Exception ignored) {
            // The version only names the directory; the hash already tells jars apart.
        }
        return "unknown";
    }

    /**
     * The cache root: {@code -Dteachingrnns.cache}, else {@code $XDG_CACHE_HOME/teaching-rnns}, else
     * {@code ~/.cache/teaching-rnns}; {@code java.io.tmpdir/teaching-rnns-<user>} when that is not writable.
     */
    static Path defaultCacheRoot() {
        String forced = System.getProperty(CACHE_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Path.of(forced);
        }
        List<Path> candidates = new ArrayList<>();
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            candidates.add(Path.of(xdg, "teaching-rnns"));
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && !home.equals("?")) {
            candidates.add(Path.of(home, ".cache", "teaching-rnns"));
        }
        for (Path p : candidates) {
            try {
                Files.createDirectories(p);
                if (Files.isWritable(p)) {
                    return p;
                }
            } catch (IOException | SecurityException ignored) {
                // try the next one
            }
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "teaching-rnns-" + user);
    }

    /**
     * Extracts the bundle under {@code cacheRoot} (once; later calls and other processes reuse it) and returns the
     * directory that holds the four libraries.
     */
    static Path extract(Bundle bundle, Path cacheRoot) {
        Path target = cacheRoot.resolve(bundle.directoryName());
        try {
            Files.createDirectories(cacheRoot);
            if (complete(bundle, target)) {
                return target;
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                Path tmp = Files.createTempDirectory(cacheRoot, bundle.directoryName() + ".tmp-");
                try {
                    for (Entry e : bundle.entries()) {
                        Path file = tmp.resolve(e.name());
                        try (InputStream in = e.url().openStream()) {
                            long copied = Files.copy(in, file);
                            if (copied != e.size()) {
                                throw new IOException(e.url() + " gave " + copied + " bytes, expected " + e.size());
                            }
                        }
                    }
                    if (!complete(bundle, tmp)) {
                        throw new IOException("extracted files in " + tmp + " do not have the expected sizes");
                    }
                    try {
                        // rename(2) of a directory onto an absent name is atomic; onto a non-empty one it fails.
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                        return target;
                    } catch (FileSystemException lost) {
                        // Another thread or process finished first (ENOTEMPTY/EEXIST); fall through and check its copy.
                    }
                } finally {
                    deleteTree(tmp);
                }
                if (complete(bundle, target)) {
                    return target;
                }
                // The directory in place is broken: move it aside (atomically, so a reader never sees half of it).
                Path stale = cacheRoot.resolve(bundle.directoryName() + ".stale-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                try {
                    Files.move(target, stale, StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(stale);
                } catch (IOException movedByOther) {
                    // Someone else moved or replaced it; the next attempt looks again.
                }
            }
            throw new IOException("could not place a complete copy in " + target + " after 3 attempts");
        } catch (IOException e) {
            throw new UncheckedIOException("extracting OpenBLAS from the org.bytedeco:openblas jar into " + cacheRoot
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Every file present with its expected size. */
    static boolean complete(Bundle bundle, Path dir) {
        for (Entry e : bundle.entries()) {
            Path f = dir.resolve(e.name());
            try {
                if (!Files.isRegularFile(f) || Files.size(f) != e.size()) {
                    return false;
                }
            } catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // A leftover temporary directory is harmless; it never has the final name.
        }
    }

    static boolean isLinuxX8664() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
