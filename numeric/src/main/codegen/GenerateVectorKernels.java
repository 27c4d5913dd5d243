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
                String dr = directRows(bits);
                String src = subst(perWidth, type, cap, bits, mr, nv)
                        .replace("$DR$", dr)
                        .replace("//@MICRO_KERNEL\n", subst(microKernel(mr, nv), type, cap, bits, mr, nv))
                        .replace("//@DIRECT_KERNELS\n", subst(directKernels() + "\n" + thinKernels(),
                                type, cap, bits, mr, nv));
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
                .replace("$TYPE$", type.toUpperCase(java.util.Locale.ROOT)).replace("$bits$", Integer.toString(bits)).replace("$MR$", Integer.toString(mr))
                .replace("$NV$", Integer.toString(nv));
    }

    /**
     * Rows of the direct path's wide kernels (beta == 0), as a Java expression: 8 at 512 bits, where 8 x 3 = 24
     * accumulators + 3 B vectors + 1 broadcast fit the 32 registers and each B load feeds 8 FMAs instead of 4.
     * Narrower vectors use 8 rows too on a CPU with AVX-512 (32 registers whatever the width), and 4 elsewhere:
     * AVX2 and SSE have 16 registers, which 4 x 3 + 3 + 1 fills.
     */
    static String directRows(int bits) {
        String forced = System.getProperty("gen.dr");
        if (forced != null) {
            return forced;
        }
        return bits == 512 ? "8" : "jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize() >= 512 ? 8 : 4";
    }

    /** {@code directWide}'s kernels: 8 and 4 rows by two and three vectors, and 6 by 4, full or with the last vector shifted. */
    static String directKernels() {
        StringBuilder s = new StringBuilder();
        for (int rows : new int[] {8, 4}) {
            for (int nv : new int[] {3, 2}) {
                for (boolean shifted : new boolean[] {false, true}) {
                    s.append(s.isEmpty() ? "" : "\n").append(directKernel(rows, nv, shifted));
                }
            }
        }
        // n of four vectors: 6 x 4 (the micro-kernel's tile) feeds 24 FMAs from 4 loads and 6 broadcasts, where
        // 8 x 2 + 8 x 2 needs 20 memory reads for 32.
        // 5 x 4 (20 accumulators, the same 5 broadcasts per 20 FMAs ratio) so that groups of six and five rows cover
        // m exactly (every m >= 20), where six-row groups alone computed the last group's overlap twice.
        for (int rows : new int[] {6, 5}) {
            for (boolean shifted : new boolean[] {false, true}) {
                s.append("\n").append(directKernel(rows, 4, shifted));
            }
        }
        return s.toString();
    }

    /**
     * The direct (unpacked) kernel {@code direct<rows>x<nv>Zero} (and {@code Shifted}): C rows [0, rows) x nv vectors = alpha op(A) op(B),
     * C written, never read (beta == 0). A is broadcast from row i (stride ars between rows, aps along p), B rows
     * loaded from b[bj + p ldb]. The Shifted variant's last vector starts at {@code lastOff} instead of (nv - 1) L:
     * where L does not divide n, the caller moves it left so it ends at column n, and it overlaps the vector before it. The
     * overlapped columns are computed twice by the same operations and stored twice with the same value, which is
     * what beta == 0 allows, and it costs no mask: masked loads and stores at the end of the arrays took the Vector
     * API's out-of-range path, 42 against 61 GFLOP/s at n = 100 double. Each element is one accumulator summed over
     * p ascending, then times alpha, as in direct4x3.
     */
    static String directKernel(int rows, int nv, boolean shifted) {
        StringBuilder s = new StringBuilder();
        s.append("    private static void direct").append(rows).append('x').append(nv).append(shifted ? "Shifted" : "Zero")
                .append("""
                (int k, $type$ alpha, $type$[] a, int ai, int ars, int aps,
                            $type$[] b, int bj, int ldb, $type$[] c, int ci, int ldc""")
                .append(shifted ? ", int lastOff) {\n" : ") {\n");
        String last = shifted ? " + lastOff" : " + " + (nv - 1) + " * L";
        for (int r = 0; r < rows; r++) {
            s.append("        $Type$Vector");
            for (int v = 0; v < nv; v++) {
                s.append(v == 0 ? " " : ", ").append("c").append(r).append('_').append(v).append(" = $Type$Vector.zero(S)");
            }
            s.append(";\n");
        }
        for (int r = 0; r < rows; r++) {
            s.append("        int a").append(r).append(" = ai").append(r == 0 ? "" : " + " + r + " * ars").append(";\n");
        }
        s.append("        for (int p = 0; p < k; p++) {\n");
        s.append("            int bp = bj + p * ldb;\n");
        s.append("            int ap = p * aps;\n");
        for (int v = 0; v < nv; v++) {
            s.append("            $Type$Vector b").append(v).append(" = $Type$Vector.fromArray(S, b, bp")
                    .append(v == 0 ? "" : v == nv - 1 ? last : " + " + v + " * L").append(");\n");
        }
        s.append("            $Type$Vector av;\n");
        for (int r = 0; r < rows; r++) {
            s.append("            av = $Type$Vector.broadcast(S, a[a").append(r).append(" + ap]);\n");
            for (int v = 0; v < nv; v++) {
                s.append("            c").append(r).append('_').append(v).append(" = av.fma(b").append(v)
                        .append(", c").append(r).append('_').append(v).append(");\n");
            }
        }
        s.append("        }\n");
        s.append("        $Type$Vector alphaV = $Type$Vector.broadcast(S, alpha);\n");
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < nv; v++) {
                s.append("        c").append(r).append('_').append(v).append(".mul(alphaV).intoArray(c, ci")
                        .append(r == 0 ? "" : " + " + r + " * ldc")
                        .append(v == 0 ? "" : v == nv - 1 ? last : " + " + v + " * L").append(");\n");
            }
        }
        s.append("    }\n");
        return s.toString();
    }

    /** The deepest k the thin kernels take: k B vectors (narrow) or rows x k broadcast A values (few rows) in registers. */
    static final int THIN_K = 8;

    /**
     * Rows of a few-rows kernel for depth k with 32 vector registers: the rows x k broadcast values of A, the k
     * loaded B vectors and the rows accumulators within 30 of them (two left for C2's temporaries), at most four rows.
     */
    static int fewRowsMax(int k) {
        int rows = 4;
        while (rows > 1 && rows * k + k + rows > 30) {
            rows--;
        }
        return rows;
    }

    /** The same within 16 registers (AVX2, SSE): 0 where even one row does not fit, so the caller takes the general path. */
    static int fewRowsMax16(int k) {
        int rows = 4;
        while (rows > 0 && rows * k + k + rows > 14) {
            rows--;
        }
        return rows;
    }

    /**
     * The thin products' kernels (beta == 0, k <= THIN_K), one per depth k because Java holds vectors in registers only
     * as named locals: {@code narrowK<k>} (n <= L: every row of C is one masked vector, the k rows of B are loaded once
     * per call, then each row of C costs k broadcasts and k FMAs) and {@code fewRows<rows>k<k>} (m small, n >= L: the
     * rows x k values of A are broadcast once per call, then each vector of C's columns costs k loads of B and
     * rows x k FMAs), {@code narrowDenseK<k>} (narrowK for A and C without padding: see narrowDenseKernel), with the
     * dispatchers {@code narrowThin}, {@code fewRowsThin} and the table {@code FEW_ROWS_MAX}.
     * Why: C2 compiles {@code broadcast(S, a[i])} to a scalar load and a register broadcast, a shuffle-port
     * instruction on Intel that competes with the FMAs (vbroadcastsd zmm, xmm on port 5, seen in the code C2 printed for
     * these loops), so the kernels with one broadcast per FMA (narrow8: 80x5x5) or per three (direct4x3 with k = 5:
     * 5x80x5) ran at half the FMA rate, and with k = 5 every call was mostly loop set-up and FMA latency.
     */
    static String thinKernels() {
        StringBuilder s = new StringBuilder();
        s.append("    /** The deepest k of the thin kernels (GenerateVectorKernels.THIN_K). */\n");
        s.append("    private static final int THIN_K = ").append(THIN_K).append(";\n\n");
        s.append("    /** Rows per few-rows kernel call for depth k (index k), 0 where none fits the registers. */\n");
        s.append("    private static final int[] FEW_ROWS_MAX = DR == 8\n            ? new int[] {0");
        for (int k = 1; k <= THIN_K; k++) {
            s.append(", ").append(fewRowsMax(k));
        }
        s.append("}\n            : new int[] {0");
        for (int k = 1; k <= THIN_K; k++) {
            s.append(", ").append(fewRowsMax16(k));
        }
        s.append("};\n\n");
        s.append("    /** C rows [0, m) = alpha op(A) op(B), n <= L, 1 <= k <= THIN_K, beta == 0: one narrowK kernel over all rows. */\n");
        s.append("    private static void narrowThin(int m, int n, int k, $type$ alpha, $type$[] a, int ai, int ars, int aps,\n");
        s.append("                                   $type$[] b, int bOff, int ldb, $type$[] c, int ci, int ldc) {\n");
        s.append("        if (aps == 1 && ars == k && ldc == n) {\n");
        s.append("            // A and C dense row-major (80x5x5 as teach bench and a packed caller send it): narrowDenseK.\n");
        s.append("            switch (k) {\n");
        for (int k = 1; k <= THIN_K; k++) {
            s.append("                case ").append(k).append(" -> narrowDenseK").append(k)
                    .append("(m, n, alpha, a, ai, b, bOff, ldb, c, ci);\n");
        }
        s.append("                default -> throw new IllegalArgumentException(\"narrowThin takes k <= \" + ").append(THIN_K).append(" + \", got \" + k);\n");
        s.append("            }\n            return;\n        }\n");
        s.append("        switch (k) {\n");
        for (int k = 1; k <= THIN_K; k++) {
            s.append("            case ").append(k).append(" -> narrowK").append(k)
                    .append("(m, n, alpha, a, ai, ars, aps, b, bOff, ldb, c, ci, ldc);\n");
        }
        s.append("            default -> throw new IllegalArgumentException(\"narrowThin takes k <= \" + ").append(THIN_K).append(" + \", got \" + k);\n");
        s.append("        }\n    }\n\n");
        s.append("    /** C rows [0, rows) = alpha op(A) op(B), n >= L, rows <= FEW_ROWS_MAX[k], beta == 0: one fewRows kernel. */\n");
        s.append("    private static void fewRowsThin(int rows, int n, int k, $type$ alpha, $type$[] a, int ai, int ars, int aps,\n");
        s.append("                                    $type$[] b, int bOff, int ldb, $type$[] c, int ci, int ldc) {\n");
        s.append("        switch (k * 8 + rows) {\n");
        for (int k = 1; k <= THIN_K; k++) {
            for (int r = 1; r <= fewRowsMax(k); r++) {
                s.append("            case ").append(k * 8 + r).append(" -> fewRows").append(r).append('k').append(k)
                        .append("(n, alpha, a, ai, ars, aps, b, bOff, ldb, c, ci, ldc);\n");
            }
        }
        s.append("            default -> throw new IllegalArgumentException(\"no few-rows kernel for \" + rows + \" rows, k = \" + k);\n");
        s.append("        }\n    }\n");
        for (int k = 1; k <= THIN_K; k++) {
            s.append('\n').append(narrowKernel(k));
        }
        for (int k = 1; k <= THIN_K; k++) {
            s.append('\n').append(narrowDenseKernel(k));
        }
        for (int k = 1; k <= THIN_K; k++) {
            for (int r = 1; r <= fewRowsMax(k); r++) {
                s.append('\n').append(fewRowsKernel(r, k));
            }
        }
        return s.toString();
    }

    /**
     * {@code narrowK<k>}: C rows [0, m) (n <= L, beta == 0) with the k rows of B in registers as masked vectors; per
     * row of C, k broadcasts of A and an FMA chain over p ascending, then alpha, as narrow8 and direct4x1 (the same
     * bits). Masked loads and stores past the end of an array take the Vector API's slow path; here that is at most
     * the k loads of B per call and the last rows' stores.
     */
    static String narrowKernel(int k) {
        StringBuilder s = new StringBuilder();
        s.append("    private static void narrowK").append(k).append("""
                (int m, int n, $type$ alpha, $type$[] a, int ai, int ars, int aps,
                                    $type$[] b, int bOff, int ldb, $type$[] c, int ci, int ldc) {
                """);
        narrowPrologue(s, k);
        s.append("        for (int i = 0; i < m; i++) {\n");
        s.append("            int a0 = ai + i * ars;\n");
        narrowChain(s, k, p -> p == 0 ? "" : p == 1 ? " + aps" : " + " + p + " * aps");
        s.append("            (scale ? acc.mul(alphaV) : acc).intoArray(c, ci + i * ldc, mask);\n");
        s.append("        }\n    }\n");
        return s.toString();
    }

    /**
     * narrowK's and narrowDenseK's prologue: the column mask, the k rows of B in registers as masked vectors, alpha.
     */
    private static void narrowPrologue(StringBuilder s, int k) {
        s.append("        VectorMask<$Boxed$> mask = S.indexInRange(0, n);\n");
        for (int p = 0; p < k; p++) {
            s.append("        $Type$Vector b").append(p).append(" = $Type$Vector.fromArray(S, b, bOff")
                    .append(p == 0 ? "" : " + " + p + " * ldb").append(", mask);\n");
        }
        s.append("        $Type$Vector alphaV = $Type$Vector.broadcast(S, alpha);\n");
        s.append("        boolean scale = alpha != 1;   // alpha = 1 (the usual case) skips a multiply per row; x 1 is exact\n");
    }

    /** One row's FMA chain over p ascending, {@code acc += a[a0 + offset(p)] * b_p}: the two narrow kernels' arithmetic. */
    private static void narrowChain(StringBuilder s, int k, java.util.function.IntFunction<String> offset) {
        s.append("            $Type$Vector acc = $Type$Vector.zero(S);\n");
        for (int p = 0; p < k; p++) {
            s.append("            acc = $Type$Vector.broadcast(S, a[a0").append(offset.apply(p))
                    .append("]).fma(b").append(p).append(", acc);\n");
        }
    }

    /**
     * {@code narrowDenseK<k>}: narrowK's product (n <= L, beta == 0, the same operations in the same order, so the same
     * bits) for the dense layout, A's rows k apart along p (aps = 1, ars = k) and C's rows n apart (ldc = n). Two things
     * the general kernel cannot do, which took 80x5x5 from about 180 to 130 ns per product (standalone harness, 512-bit
     * double, best of 40 alternating rounds): (1) A's index is {@code ai + i * k} with k a literal, which C2's range
     * check elimination needs (it takes only constant scales), where narrowK's {@code ai + i * ars} leaves a compare and
     * branch on every load of A; (2) C's row i is stored as a full vector, its lanes past n landing in the rows after
     * it, which are written later in the loop (ascending i), so only the rows whose full vector would run past C's
     * m n elements take the masked store (the Vector API's out-of-range path at the end of the array).
     */
    static String narrowDenseKernel(int k) {
        StringBuilder s = new StringBuilder();
        s.append("    private static void narrowDenseK").append(k).append("""
                (int m, int n, $type$ alpha, $type$[] a, int ai,
                                         $type$[] b, int bOff, int ldb, $type$[] c, int ci) {
                """);
        narrowPrologue(s, k);
        s.append("        // Rows i whose full vector [i n, i n + L) stays inside C's m n elements.\n");
        s.append("        int full = m * n < L ? 0 : (m * n - L) / n + 1;\n");
        // Two loops, not one with a branch on i < full: the masked store's out-of-range path stays out of the hot loop.
        for (boolean masked : new boolean[] {false, true}) {
            s.append(masked ? "        for (int i = full; i < m; i++) {\n" : "        for (int i = 0; i < full; i++) {\n");
            s.append("            int a0 = ai + i * ").append(k).append(";\n");
            narrowChain(s, k, p -> p == 0 ? "" : " + " + p);
            s.append("            (scale ? acc.mul(alphaV) : acc).intoArray(c, ci + i * n").append(masked ? ", mask" : "")
                    .append(");\n");
            s.append("        }\n");
        }
        s.append("    }\n");
        return s.toString();
    }

    /**
     * {@code fewRows<rows>k<k>}: C rows [0, rows) (n >= L, beta == 0) with A's rows x k values broadcast once; per
     * vector of columns, k loads of B and one FMA chain per row over p ascending, then alpha (the bits of the direct
     * kernels). Where L does not divide n the last vector is moved left to end at column n and overlaps its
     * neighbour, computed twice with the same value (see directKernel), so no mask is needed.
     */
    static String fewRowsKernel(int rows, int k) {
        StringBuilder s = new StringBuilder();
        s.append("    private static void fewRows").append(rows).append('k').append(k).append("""
                (int n, $type$ alpha, $type$[] a, int ai, int ars, int aps,
                                    $type$[] b, int bOff, int ldb, $type$[] c, int ci, int ldc) {
                """);
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < k; p++) {
                s.append("        $Type$Vector a").append(r).append('_').append(p).append(" = $Type$Vector.broadcast(S, a[ai")
                        .append(r == 0 ? "" : r == 1 ? " + ars" : " + " + r + " * ars")
                        .append(p == 0 ? "" : p == 1 ? " + aps" : " + " + p + " * aps").append("]);\n");
            }
        }
        s.append("        $Type$Vector alphaV = $Type$Vector.broadcast(S, alpha);\n");
        s.append("        boolean scale = alpha != 1;   // alpha = 1 skips a multiply per vector; x 1 is exact\n");
        s.append("        for (int j = 0; j < n; j += L) {\n");
        s.append("            int jj = Math.min(j, n - L);\n");
        s.append("            int bp = bOff + jj;\n");
        for (int p = 0; p < k; p++) {
            s.append("            $Type$Vector b").append(p).append(" = $Type$Vector.fromArray(S, b, bp")
                    .append(p == 0 ? "" : p == 1 ? " + ldb" : " + " + p + " * ldb").append(");\n");
        }
        for (int r = 0; r < rows; r++) {
            s.append("            $Type$Vector c").append(r).append(" = $Type$Vector.zero(S);\n");
        }
        for (int p = 0; p < k; p++) {
            for (int r = 0; r < rows; r++) {
                s.append("            c").append(r).append(" = a").append(r).append('_').append(p).append(".fma(b").append(p)
                        .append(", c").append(r).append(");\n");
            }
        }
        for (int r = 0; r < rows; r++) {
            s.append("            (scale ? c").append(r).append(".mul(alphaV) : c").append(r).append(").intoArray(c, ci + jj")
                    .append(r == 0 ? "" : r == 1 ? " + ldc" : " + " + r + " * ldc").append(");\n");
        }
        s.append("        }\n    }\n");
        return s.toString();
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
                    private static void microKernel(int kc, $type$[] pa, int aIdx, MemorySegment pb, int bIdx,
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
            s.append("            $Type$Vector b").append(v).append(" = $Type$Vector.fromMemorySegment(S, pb, (ib")
                    .append(v == 0 ? "" : " + " + v + " * L").append(") * BYTES, NATIVE);\n");
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
