package org.teachingrnns.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasProvider;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The JPMS descriptors as compiled: what each module exports (the embedding API), what stays internal, what it
 * requires and how (static for the Vector API and the command line's libraries, so an embedder needs neither),
 * and that the services it provides are the ones its {@code META-INF/services} file lists for the class path.
 */
class ModuleDescriptorTest {

    private static final String NUMERIC = "org.teachingrnns.numeric";
    private static final String RNN = "org.teachingrnns.rnn";
    private static final String NATIVE = "org.teachingrnns.nativeblas";
    private static final String SERVICES = "META-INF/services/" + BlasProvider.class.getName();

    private static Path numericRoot() {
        return ModuleDescriptors.rootOf(Blas.class);
    }

    private static Path rnnRoot() {
        return ModuleDescriptors.rootOf(RnnModel.class);
    }

    private static Path nativeRoot() throws ClassNotFoundException {
        // native-bindings is a runtime dependency of rnn: on the test class path, not the compile path.
        return ModuleDescriptors.rootOf(Class.forName(NATIVE + ".OpenBlasProvider"));
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified()).map(Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Requires> requires(ModuleDescriptor d) {
        return d.requires().stream().collect(Collectors.toMap(Requires::name, Function.identity()));
    }

    private static Set<String> internal(ModuleDescriptor d) {
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified()).map(Exports::source)
                .collect(Collectors.toSet());
        return d.packages().stream().filter(p -> !exported.contains(p)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> serviceFile(Path root) {
        return ModuleDescriptors.readText(root, SERVICES).lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
    }

    private static List<String> provided(ModuleDescriptor d) {
        return d.provides().stream().filter(p -> p.service().equals(BlasProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).sorted().toList();
    }

    private static Set<String> names(String prefix, String... packages) {
        return Arrays.stream(packages).map(p -> p.isEmpty() ? prefix : prefix + "." + p)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void numericExportsItsApiAndKeepsTheVectorKernelsForRnn() {
        ModuleDescriptor d = ModuleDescriptors.read(numericRoot());
        assertEquals(NUMERIC, d.name());
        assertEquals(names(NUMERIC, "", "linalg", "poly", "signal"), unqualifiedExports(d));
        assertEquals(names(NUMERIC, "vector"), internal(d));
        Exports vector = d.exports().stream().filter(e -> e.source().equals(NUMERIC + ".vector")).findFirst().orElseThrow();
        assertEquals(Set.of(RNN), vector.targets(), "numeric.vector is shared with rnn's BPTT kernels only");

        Map<String, Requires> req = requires(d);
        assertEquals(Set.of("java.base", "jdk.incubator.vector"), req.keySet(), "numeric has no dependencies");
        assertTrue(req.get("jdk.incubator.vector").modifiers().contains(Requires.Modifier.STATIC),
                "numeric must resolve without the Vector API module (scalar fallback)");
        assertTrue(d.uses().contains(BlasProvider.class.getName()));
        assertTrue(d.opens().isEmpty() && !d.isOpen());
    }

    @Test
    void rnnExportsTheEmbeddingApiAndNotTheCommandLine() {
        ModuleDescriptor d = ModuleDescriptors.read(rnnRoot());
        assertEquals(RNN, d.name());
        assertEquals(names(RNN, "analysis", "bptt", "compute", "data", "experiment", "identification", "model", "teacher", "train"),
                unqualifiedExports(d));
        assertEquals(names(RNN, "cli", "perf", "sweep", "util"), internal(d));
        assertTrue(d.exports().stream().noneMatch(Exports::isQualified));

        Map<String, Requires> req = requires(d);
        assertEquals(Set.of("java.base", NUMERIC, "jdk.incubator.vector", "java.management", "jdk.management", "info.picocli", "com.fasterxml.jackson.databind"),
                req.keySet());
        assertTrue(req.get(NUMERIC).modifiers().contains(Requires.Modifier.TRANSITIVE),
                "rnn's API returns numeric types (ComplexArray, Blas), so a reader of rnn reads numeric");
        for (String optional : List.of("jdk.incubator.vector", "info.picocli", "com.fasterxml.jackson.databind")) {
            assertTrue(req.get(optional).modifiers().contains(Requires.Modifier.STATIC),
                    optional + " must be a static dependence: an embedder needs only numeric");
        }

        assertFalse(d.isOpen());
        assertEquals(1, d.opens().size(), d.opens().toString());
        ModuleDescriptor.Opens cli = d.opens().iterator().next();
        assertEquals(RNN + ".cli", cli.source());
        assertEquals(Set.of("info.picocli", "com.fasterxml.jackson.databind"), cli.targets());
    }

    @Test
    void nativeBindingsExportsNothingAndProvidesOpenBlas() throws Exception {
        ModuleDescriptor d = ModuleDescriptors.read(nativeRoot());
        assertEquals(NATIVE, d.name());
        assertTrue(d.exports().isEmpty(), d.exports().toString());
        assertEquals(Set.of("java.base", NUMERIC, "java.management"), requires(d).keySet());
        assertEquals(List.of(NATIVE + ".OpenBlasProvider"), provided(d));
    }

    @Test
    void providersMatchTheClassPathServiceFilesAndAreBlasProviders() throws Exception {
        for (Path root : List.of(numericRoot(), nativeRoot())) {
            ModuleDescriptor d = ModuleDescriptors.read(root);
            List<String> providers = provided(d);
            assertFalse(providers.isEmpty(), d.name());
            assertEquals(serviceFile(root), providers,
                    d.name() + ": module path and class path must register the same backends");
            for (String p : providers) {
                Class<?> c = Class.forName(p);
                assertTrue(BlasProvider.class.isAssignableFrom(c), p);
                assertEquals(d.name(), ModuleDescriptors.read(ModuleDescriptors.rootOf(c)).name(), p);
            }
        }
    }

    /**
     * The jar plugin rewrites a modular jar with the jar tool of the JDK that runs Maven (17 on these machines),
     * which rejects a class file newer than its own; the parent pom compiles the descriptors for release 17.
     */
    @Test
    void descriptorsAreReadableByTheJarToolOfJdk17() throws Exception {
        for (Path root : List.of(numericRoot(), rnnRoot(), nativeRoot())) {
            byte[] b = ModuleDescriptors.descriptorBytes(root);
            int major = ((b[6] & 0xff) << 8) | (b[7] & 0xff);
            assertTrue(major <= 61, root + ": module-info.class has class file version " + major + ", JDK 17 reads <= 61");
        }
    }
}
