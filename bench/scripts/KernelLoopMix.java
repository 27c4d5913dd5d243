import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.teachingrnns.numeric.Transpose;
import org.teachingrnns.numeric.vector.VectorBlas;

/**
 * The instruction mix of one step of a direct GEMM kernel's inner loop as C2 compiles it on this machine (README,
 * Performance, "Why the last 5-15%"). Run without arguments it starts a child JVM that runs 64 x 64 x 64 dgemm on the
 * Vector API backend with {@code -XX:CompileCommand=print} on the kernel, takes the bytes of its last C2 compilation
 * (no disassembler plug-in needed), decodes them with binutils' {@code objdump} and prints the instructions of the loop
 * that holds the FMAs, counted by mnemonic, and how many read the stack:
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp numeric/target/numeric-0.1.0-SNAPSHOT.jar \
 *        bench/scripts/KernelLoopMix.java [DoubleKernels512::direct8x3Zero]
 * </pre>
 * On the Xeon of the README (family 6, model 207, JDK 25.0.3): 24 vfmadd231pd, 8 vbroadcastsd, 3 vmovups and 42
 * scalar instructions (11 cmp, 10 jae, 7 add, 7 mov, 3 lea, 2 imul, inc, jl), 8 of them reading the stack.
 */
public class KernelLoopMix {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--run")) {
            run();
            return;
        }
        String kernel = "org.teachingrnns.numeric.vector." + (args.length > 0 ? args[0] : "DoubleKernels512::direct8x3Zero");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String self = Path.of(KernelLoopMix.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> cmd = List.of(java, "--add-modules", "jdk.incubator.vector", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=print," + kernel, "-cp", System.getProperty("java.class.path"), self, "--run");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        byte[] code = lastC2Code(printed, kernel.substring(kernel.lastIndexOf("::") + 2));
        Path bin = Files.createTempFile("kernel", ".bin");
        Files.write(bin, code);
        Process d;
        try {
            d = new ProcessBuilder("objdump", "-D", "-b", "binary", "-m", "i386:x86-64", bin.toString()).start();
        } catch (IOException e) {
            Files.delete(bin);
            System.err.println("KernelLoopMix needs objdump (binutils) to decode the code: " + e.getMessage());
            System.exit(2);
            return;
        }
        String listing = new String(d.getInputStream().readAllBytes());
        d.waitFor();
        Files.delete(bin);
        printLoop(listing);
    }

    /** The child: enough 64^3 products for C2 to compile the kernel normally. */
    static void run() {
        int n = 64;
        VectorBlas blas = new VectorBlas();
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble();
            b[i] = rng.nextDouble();
        }
        for (int i = 0; i < 200_000; i++) {
            blas.dgemm(Transpose.NO, Transpose.NO, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
        }
    }

    /** The machine code of the last normal (not on-stack) C2 compilation of the method, from -XX:CompileCommand=print. */
    static byte[] lastC2Code(String printed, String method) throws IOException {
        String[] lines = printed.split("\n");
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("Compiled method (c2)") && lines[i].contains("::" + method + " ")
                    && !lines[i].contains(" % ")) {
                start = i;
            }
        }
        if (start < 0) {
            throw new IOException("no C2 compilation of " + method + " was printed");
        }
        Pattern hex = Pattern.compile("\\s*0x[0-9a-f]+: ((?:[0-9a-f]{4} ?\\|? ?)+)");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean inCode = false;
        for (int i = start; i < lines.length; i++) {
            if (lines[i].contains("[MachCode]")) {
                inCode = true;
            } else if (lines[i].contains("[/MachCode]")) {
                break;
            } else if (inCode) {
                Matcher m = hex.matcher(lines[i]);
                if (m.lookingAt()) {
                    String digits = m.group(1).replace("|", "").replace(" ", "");
                    for (int k = 0; k + 1 < digits.length(); k += 2) {
                        out.write(Integer.parseInt(digits.substring(k, k + 2), 16));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** The loop around the FMAs: from the backward branch after the last FMA to its target. */
    static void printLoop(String listing) {
        List<Long> addr = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] f = line.split("\t");
            if (f.length >= 3 && !f[2].isBlank() && f[0].trim().endsWith(":")) {
                addr.add(Long.parseLong(f[0].trim().replace(":", ""), 16));
                text.add(f[2].trim());
            }
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).startsWith("vfmadd")) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            System.out.println("no FMA in the compiled kernel");
            return;
        }
        Pattern jump = Pattern.compile("j[a-z]+\\s+0x([0-9a-f]+)");
        int end = last;
        long target = -1;
        for (; end < text.size(); end++) {
            Matcher m = jump.matcher(text.get(end));
            if (m.matches() && Long.parseLong(m.group(1), 16) <= addr.get(first)) {
                target = Long.parseLong(m.group(1), 16);
                break;
            }
        }
        int begin = first;
        while (begin > 0 && addr.get(begin) > target) {
            begin--;
        }
        Map<String, Integer> mix = new TreeMap<>();
        int stack = 0;
        for (int i = begin; i <= end; i++) {
            mix.merge(text.get(i).split("\\s+")[0], 1, Integer::sum);
            stack += text.get(i).contains("(%rsp)") ? 1 : 0;
        }
        System.out.println("instructions per step of the loop: " + (end - begin + 1));
        mix.forEach((k, v) -> System.out.printf("  %-14s %d%n", k, v));
        System.out.println("reading the stack: " + stack);
    }
}
