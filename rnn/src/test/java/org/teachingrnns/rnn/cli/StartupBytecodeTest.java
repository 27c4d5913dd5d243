package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.BootstrapMethodsAttribute;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.rnn.experiment.Experiment;

/**
 * The build compiles string concatenation to StringBuilder calls ({@code -XDstringConcat=inline} in the parent pom),
 * because the invokedynamic form spins method-handle classes at the first use of every concatenation shape, cold, and
 * the JDK 25 AOT cache cannot keep them for a program that uses an incubator module (docs/DESIGN.md §8). This fails
 * if any class of numeric or rnn is compiled without the flag again.
 */
class StartupBytecodeTest {

    @Test
    void noClassBootstrapsStringConcatenation() throws IOException, URISyntaxException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        Set<Path> roots = new LinkedHashSet<>();   // rnn's classes and numeric's (a directory or a jar)
        for (Class<?> anchor : List.of(Teach.class, Experiment.class, Blas.class)) {
            roots.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        assertEquals(2, roots.size(), "rnn and numeric: " + roots);
        for (Path root : roots) {
            for (ClassModel model : classes(root)) {
                scanned++;
                if (bootstrapsConcat(model)) {
                    offenders.add(model.thisClass().asInternalName());
                }
            }
        }
        assertTrue(scanned > 200, "scanned only " + scanned + " classes");
        assertEquals(List.of(), offenders, "classes whose string concatenation is invokedynamic");
    }

    @Test
    void theCheckSeesAnInvokedynamicConcatenation(@TempDir Path dir) throws IOException, InterruptedException {
        // The same concatenation compiled by this JDK's javac with its default (indy) strategy and with the build's
        // flag: the check must catch the first, or the test above could pass by looking at the wrong thing.
        Path source = Files.writeString(dir.resolve("Concat.java"),
                "class Concat { static String f(int a, double b) { return \"a=\" + a + \", b=\" + b; } }");
        Path indy = javac(dir.resolve("indy"), source);
        Path inline = javac(dir.resolve("inline"), source, "-XDstringConcat=inline");
        assertTrue(bootstrapsConcat(ClassFile.of().parse(indy.resolve("Concat.class"))));
        assertFalse(bootstrapsConcat(ClassFile.of().parse(inline.resolve("Concat.class"))));
    }

    /** Compiles source into out with the running JDK's javac (a process: this module does not read java.compiler). */
    private static Path javac(Path out, Path source, String... flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", out.toString()));
        cmd.addAll(List.of(flags));
        cmd.add(source.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    static boolean bootstrapsConcat(ClassModel model) {
        return model.findAttribute(java.lang.classfile.Attributes.bootstrapMethods())
                .map(BootstrapMethodsAttribute::bootstrapMethods)
                .orElse(List.of())
                .stream()
                .anyMatch(b -> b.bootstrapMethod().reference().owner().asInternalName()
                                .equals("java/lang/invoke/StringConcatFactory"));
    }

    private static List<ClassModel> classes(Path root) throws IOException {
        List<ClassModel> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    if (!p.getFileName().toString().equals("module-info.class")) {
                        out.add(ClassFile.of().parse(Files.readAllBytes(p)));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (e.getName().startsWith("org/teachingrnns/") && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            out.add(ClassFile.of().parse(in.readAllBytes()));
                        }
                    }
                }
            }
        }
        return out;
    }
}
