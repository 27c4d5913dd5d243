import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the width-specific Vector API kernels of org.teachingrnns.numeric.vector from the templates
 * beside this file. The Vector API compiles to SIMD instructions only when the species is a constant,
 * so each (element type, width) pair gets its own class with a {@code static final} species (the JDK
 * generates its own Vector classes from templates the same way). The micro-kernel is unrolled here for
 * the register tile MR x NV vectors, which must agree with GemmBlocking (the classes check at start-up).
 *
 * <p>Run from the repository root after editing a template or a tile shape:
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java numeric/src/main/template/GenerateVectorKernels.java}
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
        Path dir = Path.of("numeric/src/main/template");
        Path out = Path.of("numeric/src/main/java/org/teachingrnns/numeric/vector");
        String base = Files.readString(dir.resolve("Kernels.java.template"));
        String perWidth = Files.readString(dir.resolve("KernelsN.java.template"));
        for (String type : new String[] {"double", "float"}) {
            String cap = Character.toUpperCase(type.charAt(0)) + type.substring(1);
            Files.writeString(out.resolve(cap + "Kernels.java"), subst(base, type, cap, 0, 0, 0));
            for (int bits : new int[] {128, 256, 512}) {
                int mr = mr(type, bits);
                int nv = nv(type, bits);
                String src = subst(perWidth, type, cap, bits, mr, nv)
                        .replace("//@MICRO_KERNEL\n", subst(microKernel(mr, nv), type, cap, bits, mr, nv));
                Files.writeString(out.resolve(cap + "Kernels" + bits + ".java"), src);
            }
        }
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

    static String cIdx(int r, int v) {
        String row = r == 0 ? "cIdx" : r == 1 ? "cIdx + ldc" : "cIdx + " + r + " * ldc";
        return v == 0 ? row : row + " + " + v + " * L";
    }
}
