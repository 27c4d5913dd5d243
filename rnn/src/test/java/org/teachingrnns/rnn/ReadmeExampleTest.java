package org.teachingrnns.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The README's embedding example, taken from README.md (the {@code java} block right after the line
 * {@code <!-- embedding-example -->}), compiled by javac in process and run in a child JVM: on the class path, and
 * as a module on the module path against the numeric and rnn modules. So the README cannot drift from the API,
 * and an embedder on the module path sees only the exported packages.
 */
class ReadmeExampleTest {

    static final String MARKER = "<!-- embedding-example -->";

    @TempDir
    Path dir;

    record Example(String packageName, String className, String source) {
        String mainClass() {
            return packageName + "." + className;
        }
    }

    record Child(int code, String out, String err) {
    }

    /** README.md of the project: the first one found walking up from the working directory. */
    static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path r = p.resolve("README.md");
            if (Files.isRegularFile(r) && Files.isDirectory(p.resolve("rnn"))) {
                return r;
            }
        }
        throw new IllegalStateException("README.md of the project not found above " + Path.of("").toAbsolutePath());
    }

    static Example example() throws IOException {
        String text = Files.readString(readme());
        int marker = text.indexOf(MARKER);
        assertTrue(marker >= 0, "README.md has no line " + MARKER);
        Matcher block = Pattern.compile("\\G\\s*```java\\n(.*?)\\n```", Pattern.DOTALL).matcher(text);
        assertTrue(block.find(marker + MARKER.length()), "no ```java block right after " + MARKER);
        String source = block.group(1);
        Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
        Matcher cls = Pattern.compile("(?m)^public (?:final )?class (\\w+)").matcher(source);
        assertTrue(pkg.find(), "the example must declare a package (a module cannot hold the unnamed package)");
        assertTrue(cls.find(), "the example must declare a public class");
        return new Example(pkg.group(1), cls.group(1), source);
    }

    /** The hidden size the example builds, read from its source, so the test follows an edit of the README. */
    static int hiddenSize(Example e) {
        Matcher m = Pattern.compile("int hidden = (\\d+);").matcher(e.source());
        assertTrue(m.find(), "the example declares int hidden = N;");
        return Integer.parseInt(m.group(1));
    }

    private static Path write(Path srcRoot, Example e) throws IOException {
        Path file = srcRoot.resolve(e.packageName().replace('.', '/')).resolve(e.className() + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.source());
        return file;
    }

    /**
     * javac in process, through {@link ToolProvider} (java.base) rather than javax.tools: the tests compile as a
     * patch of the rnn module, which does not read java.compiler. Returns its diagnostics; ok[0] says whether it
     * succeeded.
     */
    private static String compile(boolean[] ok, List<String> options, List<Path> files) {
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        List<String> args = new ArrayList<>(options);
        files.forEach(f -> args.add(f.toString()));
        StringWriter diagnostics = new StringWriter();
        try (PrintWriter w = new PrintWriter(diagnostics)) {
            ok[0] = javac.run(w, w, args.toArray(String[]::new)) == 0;
        }
        return diagnostics.toString();
    }

    private static Child java(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + cmd);
        }
        return new Child(p.exitValue(), out.join(), err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no line matching " + regex + " in\n" + out);
        return Double.parseDouble(m.group(1));
    }

    /** What the README promises the example shows; returns the final loss. */
    private static double checkOutput(Child c, int hidden) {
        assertEquals(0, c.code(), "example failed:\n" + c.out() + c.err());
        assertFalse(c.err().contains("Exception"), c.err());
        String out = c.out();
        double initial = number(out, "(?m)^initial loss (\\S+),");
        double step100 = number(out, "(?m)^step 100 loss (\\S+)$");
        double last = number(out, "(?m)^final loss (\\S+)$");
        assertTrue(Double.isFinite(initial) && initial > 0, out);
        assertTrue(step100 < initial && last < step100, "the loss must decrease under Adam:\n" + out);
        assertTrue(last < 1e-3 * initial, "600 Adam steps fit the 2-pole filter to 1e-3 of the initial loss:\n" + out);
        long eigenvalueLines = out.lines().filter(l -> l.startsWith("eigenvalue ")).count();
        assertEquals(hidden, eigenvalueLines, "one eigenvalue per hidden unit:\n" + out);
        assertEquals(2, out.lines().filter(l -> l.startsWith("pole ")).count(), out);
        assertTrue(out.contains("aligned 2 of 2"), "the trained student has both poles within 0.05:\n" + out);
        // A (2 x 3) = [1 2 3; 4 5 6], B (3 x 2) = [7 8; 9 10; 11 12]: A B = [58 64; 139 154].
        assertTrue(Pattern.compile("(?m)^dgemm on .*: \\[58\\.0, 64\\.0, 139\\.0, 154\\.0\\]$").matcher(out).find(), out);
        return last;
    }

    @Test
    void readmeExampleCompilesAndRunsOnTheClassPath() throws Exception {
        Example e = example();
        Path src = write(dir.resolve("src"), e);
        Path out = dir.resolve("classes");
        String cp = System.getProperty("java.class.path");
        boolean[] ok = new boolean[1];
        String diagnostics = compile(ok, List.of("-d", out.toString(), "-cp", cp, "-Xlint:all", "-Werror"), List.of(src));
        assertTrue(ok[0], "the README example does not compile against the API:\n" + diagnostics);

        Child c = java(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", out + java.io.File.pathSeparator + cp, e.mainClass(), "scalar"));
        checkOutput(c, hiddenSize(e));
        assertTrue(c.out().contains("compute: scalar"), c.out());
    }

    @Test
    void readmeExampleRunsAsAModuleOnTheModulePath() throws Exception {
        Example e = example();
        Path srcRoot = dir.resolve("src");
        Path src = write(srcRoot, e);
        Path moduleInfo = srcRoot.resolve("module-info.java");
        Files.writeString(moduleInfo, "module example { requires org.teachingrnns.rnn; }\n");
        Path out = dir.resolve("mods/example");
        String modulePath = String.join(java.io.File.pathSeparator,
                ModuleDescriptors.rootOf(Blas.class).toString(), ModuleDescriptors.rootOf(RnnModel.class).toString());
        boolean[] ok = new boolean[1];
        String diagnostics = compile(ok, List.of("-d", out.toString(), "--module-path", modulePath), List.of(moduleInfo, src));
        assertTrue(ok[0], "the README example does not compile as a module:\n" + diagnostics);

        // Only numeric and rnn: no picocli, no Jackson, no native-bindings; auto is then the Vector API.
        Child c = java(List.of("--add-modules", "jdk.incubator.vector",
                "--module-path", out + java.io.File.pathSeparator + modulePath, "-m", "example/" + e.mainClass()));
        checkOutput(c, hiddenSize(e));
        assertTrue(c.out().contains("compute: vector"), c.out());
    }

    @Test
    void moduleOnTheModulePathSeesOnlyExportedPackages() throws Exception {
        String probe = """
                package probe;

                public class Probe {
                    static final Class<?>[] HIDDEN = {
                        org.teachingrnns.rnn.cli.Teach.class,
                        org.teachingrnns.numeric.vector.VectorBlas.class,
                        org.teachingrnns.rnn.sweep.Grid.class,
                    };
                }
                """;
        Path srcRoot = dir.resolve("probe-src");
        Path file = srcRoot.resolve("probe/Probe.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, probe);

        // Control: on the class path the same source compiles, so the failure below is the module boundary.
        boolean[] ok = new boolean[1];
        String cpDiagnostics = compile(ok, List.of("-d", dir.resolve("probe-cp").toString(),
                "-cp", System.getProperty("java.class.path")), List.of(file));
        assertTrue(ok[0], cpDiagnostics);

        Path moduleInfo = srcRoot.resolve("module-info.java");
        Files.writeString(moduleInfo, "module probe { requires org.teachingrnns.rnn; }\n");
        String modulePath = String.join(java.io.File.pathSeparator,
                ModuleDescriptors.rootOf(Blas.class).toString(), ModuleDescriptors.rootOf(RnnModel.class).toString());
        String diagnostics = compile(ok, List.of("-d", dir.resolve("probe-mod").toString(), "--module-path", modulePath),
                List.of(moduleInfo, file));
        assertFalse(ok[0], "internal packages must not be visible to a module");
        for (String p : List.of("org.teachingrnns.rnn.cli", "org.teachingrnns.numeric.vector", "org.teachingrnns.rnn.sweep")) {
            assertTrue(diagnostics.contains("package " + p + " is not visible"), p + ":\n" + diagnostics);
        }
    }
}
