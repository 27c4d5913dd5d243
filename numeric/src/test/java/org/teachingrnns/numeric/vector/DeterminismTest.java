package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The same seed and backend give bit-identical results" must hold whether a kernel runs interpreted or
 * compiled by C2. The Vector API's {@code reduceLanes(ADD)} breaks that: its lane order is unspecified, and
 * the interpreter's fallback (lanes 0..n-1 in sequence) and C2's intrinsic (a tree) round differently, so a
 * run's results would depend on JIT timing. {@link DeterminismProbe} runs in two child JVMs, one with
 * {@code -Xint} and one with C2 only ({@code -XX:-TieredCompilation -Xbatch}) after a warm-up that this test
 * checks did compile the reduction kernels; every printed bit must agree, and a packed GEMM on three threads
 * must give the bits of one thread.
 */
class DeterminismTest {

    @Test
    void interpretedAndC2CompiledKernelsGiveIdenticalBits(@TempDir Path dir) throws Exception {
        Path cold = dir.resolve("interpreted.txt");
        Path warm = dir.resolve("c2.txt");
        // Both children at once: each is single-threaded apart from the JIT, and the suite must stay short.
        Process interpreted = start(List.of("-Xint"), cold, 0);
        Process compiled = start(List.of("-XX:-TieredCompilation", "-Xbatch", "-XX:CompileThreshold=1000",
                "-XX:+PrintCompilation"), warm, 3000);
        String interpretedLog = finish(interpreted);
        String compileLog = finish(compiled);
        assertEquals(0, interpreted.exitValue(), interpretedLog);
        assertEquals(0, compiled.exitValue(), compileLog);

        // Non-vacuous: the warm child's measured calls ran C2 code for the reducing kernels at every width.
        for (int bits = 128; bits <= VectorBlas.preferredBits(); bits *= 2) {
            for (String kernel : new String[] {"DoubleKernels" + bits + "::dot4 (", "FloatKernels" + bits + "::dot4 (",
                    "DoubleKernels" + bits + "::dotUnit (", "FloatKernels" + bits + "::dotUnit (",
                    "DoubleKernels" + bits + "::nrm2 ("}) {
                assertTrue(compileLog.contains(kernel), "warm-up did not get " + kernel + " compiled by C2");
            }
        }

        List<String> a = Files.readAllLines(cold);
        List<String> b = Files.readAllLines(warm);
        assertEquals(a.size(), b.size(), "both children print the same calls");
        assertTrue(a.size() > 100, "the probe printed " + a.size() + " results");
        // The parallel IC split leaves every element of C to one thread, in the same order: 1 and 3 threads agree.
        for (List<String> lines : List.of(a, b)) {
            for (String line : lines) {
                if (line.contains(" 3t packed ")) {
                    String one = line.replace(" 3t packed ", " 1t packed ");
                    String key = one.substring(0, one.indexOf(':') + 1);
                    String match = lines.stream().filter(l -> l.startsWith(key)).findFirst().orElseThrow();
                    assertEquals(match, one, "threads change the bits of " + key);
                }
            }
        }
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                diffs.add(firstDifference(a.get(i), b.get(i)));
            }
        }
        if (!diffs.isEmpty()) {
            fail(diffs.size() + " of " + a.size() + " results differ between -Xint and C2, e.g.:\n"
                    + String.join("\n", diffs.subList(0, Math.min(8, diffs.size()))));
        }
    }

    private static String firstDifference(String interpreted, String compiled) {
        String what = interpreted.substring(0, interpreted.indexOf(':'));
        String[] x = interpreted.substring(what.length() + 1).trim().split(" ");
        String[] y = compiled.substring(compiled.indexOf(':') + 1).trim().split(" ");
        for (int j = 0; j < Math.min(x.length, y.length); j++) {
            if (!x[j].equals(y[j])) {
                return what + " element " + j + ": interpreted " + x[j] + ", C2 " + y[j];
            }
        }
        return what + ": lengths " + x.length + " and " + y.length;
    }

    private static Process start(List<String> jitFlags, Path out, int warmups) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-Xshare:auto");
        cmd.addAll(jitFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeterminismProbe.class.getName());
        cmd.add(out.toString());
        cmd.add(Integer.toString(warmups));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws IOException, InterruptedException {
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM did not finish");
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
