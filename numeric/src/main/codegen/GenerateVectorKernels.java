import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the vector kernels of org.teachingrnns.numeric.vector from the templates beside this file: from
 * Kernels.java.template the abstract {@code DoubleKernels} and {@code FloatKernels}, which hold everything that
 * touches no vector (blocking loops, packing, scaling, strided level 1) once per element type, since Java has no
 * generics over primitives; from KernelsN.java.template one final subclass per (element type, width) with the vector
 * code. The Vector API compiles to SIMD instructions only when the species is a constant, so each width gets its own
 * class with a {@code static final} species (the JDK generates its own Vector classes from templates the same way).
 * The micro-kernel is unrolled here for the register tile MR x NV vectors, which must agree with GemmBlocking (the
 * classes check at construction).
 *
 * <p>Run by the Maven build (exec-maven-plugin at generate-sources, see the parent pom) in single-file source mode:
 * {@code java numeric/src/main/codegen/GenerateVectorKernels.java <generated-sources directory>}. Files are
 * rewritten only when their text changes, so an unchanged template does not force recompilation.
 */
public class GenerateVectorKernels {

    /**
     * Register tiles, rows MR x NV vectors (keep in step with GemmBlocking). 512 bits: 6 x 4 = 24 accumulators
     * + 4 B vectors + 1 broadcast of the 32 zmm registers (measured best of 4x3, 4x4, 6x2, 6x4, 8x2, 8x3,
     * 12x2, 14x2 on Zen 4). 256 and 128 bits are what AVX2 and SSE machines prefer, with 16 registers:
     * 6 x 2 = 12 accumulators + 2 + 1 (the classic Haswell 6x16 float tile). The gen.mr / gen.nv
     * properties override the shape for experiments.
     */
    static int mr(String type, int bits) {
        return Integer.getInteger("gen.mr", 6);
    }

    static int nv(String type, int bits) {
        return Integer.getInteger("gen.nv", bits == 512 ? 4 : 2);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java GenerateVectorKernels.java <generated-sources directory>");
            System.exit(2);
        }
        Path out = Path.of(args[0], "org/teachingrnns/numeric/vector");
        String base = Files.readString(templates().resolve("Kernels.java.template"));
        String perWidth = Files.readString(templates().resolve("KernelsN.java.template"));
        for (String type : new String[] {"double", "float"}) {
            String cap = Character.toUpperCase(type.charAt(0)) + type.substring(1);
            // Scratch every width fits: the MR x NR micro-tile and the direct kernels' 4 x 3 vectors.
            int tile = 0;
            for (int bits : new int[] {128, 256, 512}) {
                int lanes = bits / (type.equals("double") ? 64 : 32);
                tile = Math.max(tile, Math.max(mr(type, bits) * nv(type, bits) * lanes, 12 * lanes));
            }
            writeIfChanged(out.resolve(cap + "Kernels.java"),
                    subst(base, type, cap, 0, 0, 0).replace("$TILE$", Integer.toString(tile)));
            for (int bits : new int[] {128, 256, 512}) {
                int mr = mr(type, bits);
                int nv = nv(type, bits);
                String src = subst(perWidth, type, cap, bits, mr, nv)
                        .replace("//@MICRO_KERNEL\n", subst(microKernel(mr, nv), type, cap, bits, mr, nv));
                writeIfChanged(out.resolve(cap + "Kernels" + bits + ".java"), src);
            }
        }
    }

    /** The directory of this source file, where the templates are (the launcher's jdk.launcher.sourcefile). */
    static Path templates() {
        String source = System.getProperty("jdk.launcher.sourcefile");
        if (source == null) {
            throw new IllegalStateException("run me in source-file mode: java GenerateVectorKernels.java <dir>");
        }
        return Path.of(source).toAbsolutePath().getParent();
    }

    static void writeIfChanged(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(text)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String subst(String t, String type, String cap, int bits, int mr, int nv) {
        return t.replace("$Type$", cap).replace("$type$", type).replace("$Boxed$", cap)
                .replace("$bits$", Integer.toString(bits)).replace("$MR$", Integer.toString(mr))
                .replace("$NV$", Integer.toString(nv));
    }

    /** The MR x (NV vectors) micro-kernel: KC rank-1 updates of broadcast A values times B vectors. */
    static String microKernel(int mr, int nv) {
        StringBuilder s = new StringBuilder();
        s.append("""
                    /**
                     * The micro-kernel (BLIS's gemm ukernel): tile = alpha * sum over p < kc of a_p b_p^T, with a_p the MR
                     * packed values of column p of the A micro-panel and b_p the NR packed values of row p of the B
                     * micro-panel. The $MR$ x $NV$ vector accumulators stay in registers for the whole loop. The tile
                     * (MR x NR, row-major) is merged into C by the caller: keeping C's beta cases out of this method keeps
                     * it small enough for C2 to compile reliably, and costs 2 MR NR memory operations per kc MR NR FMAs.
                     */
                    private static void microKernel(int kc, $type$[] pa, int aIdx, $type$[] pb, int bIdx,
                                                    $type$ alpha, $type$[] tile) {
                """);
        for (int r = 0; r < mr; r++) {
            s.append("        $Type$Vector");
            for (int v = 0; v < nv; v++) {
                s.append(v == 0 ? " " : ", ").append("c").append(r).append('_').append(v).append(" = $Type$Vector.zero(S)");
            }
            s.append(";\n");
        }
        s.append("        for (int p = 0; p < kc; p++) {\n");
        s.append("            int ia = aIdx + p * MR;\n");
        s.append("            int ib = bIdx + p * NR;\n");
        for (int v = 0; v < nv; v++) {
            s.append("            $Type$Vector b").append(v).append(" = $Type$Vector.fromArray(S, pb, ib")
                    .append(v == 0 ? "" : " + " + v + " * L").append(");\n");
        }
        s.append("            $Type$Vector a;\n");
        for (int r = 0; r < mr; r++) {
            s.append("            a = $Type$Vector.broadcast(S, pa[ia").append(r == 0 ? "" : " + " + r).append("]);\n");
            for (int v = 0; v < nv; v++) {
                s.append("            c").append(r).append('_').append(v).append(" = a.fma(b").append(v)
                        .append(", c").append(r).append('_').append(v).append(");\n");
            }
        }
        s.append("        }\n");
        s.append("        $Type$Vector va = $Type$Vector.broadcast(S, alpha);\n");
        for (int r = 0; r < mr; r++) {
            for (int v = 0; v < nv; v++) {
                s.append("            c").append(r).append('_').append(v).append(".mul(va).intoArray(tile, ")
                        .append(r * nv + v == 0 ? "0" : (r * nv + v) + " * L").append(");\n");
            }
        }
        s.append("    }\n");
        return s.toString();
    }
}
