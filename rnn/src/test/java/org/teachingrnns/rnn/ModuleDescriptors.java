package org.teachingrnns.rnn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The compiled modules of this build as the tests see them: each module's root (a classes directory while the
 * reactor tests, or the modular jar once packaged), found from a class it contains, and its descriptor read
 * from there. The tests run on the class path, so the descriptors are read as files rather than taken from a
 * module layer.
 */
final class ModuleDescriptors {

    private ModuleDescriptors() {
    }

    /** The directory or jar that holds {@code type}'s class file. */
    static Path rootOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class file at the root of the module, as raw bytes. */
    static byte[] descriptorBytes(Path root) {
        return withRoot(root, r -> Files.readAllBytes(r.resolve("module-info.class")));
    }

    /**
     * The descriptor, with its packages taken from the class files actually there (a classes directory has no
     * ModulePackages attribute, so without the finder only exported and opened packages would be listed).
     */
    static ModuleDescriptor read(Path root) {
        return withRoot(root, r -> {
            Set<String> packages = packagesUnder(r);
            try (InputStream in = Files.newInputStream(r.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in, () -> packages);
            }
        });
    }

    /** A text file of the module, such as {@code META-INF/services/...}. */
    static String readText(Path root, String name) {
        return withRoot(root, r -> Files.readString(r.resolve(name)));
    }

    private static Set<String> packagesUnder(Path r) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(r)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
                    .filter(f -> !r.relativize(f).toString().startsWith("META-INF"))
                    .forEach(f -> packages.add(r.relativize(f.getParent()).toString().replace('/', '.')));
        }
        return packages;
    }

    interface RootReader<T> {
        T read(Path root) throws IOException;
    }

    private static <T> T withRoot(Path root, RootReader<T> reader) {
        try {
            if (Files.isDirectory(root)) {
                return reader.read(root);
            }
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                return reader.read(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
