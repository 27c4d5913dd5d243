package org.teachingrnns.numeric.vector;

/**
 * The GEMM block sizes for one species (element type and vector width), in the BLIS sense
 * (flame/blis docs/KernelsHowTo.md): the micro-tile MR x NR held in registers, and the cache blocks
 * MC (rows of A packed per IC step, meant for L2), KC (the shared dimension of one rank-KC update, so an
 * MR x KC sliver of A and a KC x NR sliver of B stay in L1) and NC (columns of B packed per JC step, L3).
 *
 * <p>This table is the one place the numbers live. MR and NR are also baked into the unrolled
 * micro-kernels (numeric/src/main/codegen/GenerateVectorKernels.java writes one per species at build time); each checks
 * at construction that it agrees with this table. The numbers were chosen by measurement on an AVX-512
 * AMD EPYC (Zen 4 class, family 25 model 17): 32 vector registers hold MR * NR / lanes accumulators plus
 * NR / lanes loaded B vectors and one broadcast A value.
 *
 * @param mr rows of the register tile (A micro-panel height)
 * @param nr columns of the register tile (B micro-panel width), a multiple of the lane count
 * @param mc rows of A per packed block, a multiple of mr
 * @param kc depth of one rank-kc update
 * @param nc columns of B per packed block, a multiple of nr
 * @param directMax the direct (unpacked) path is used while m * n * k is at most this
 */
public record GemmBlocking(int mr, int nr, int mc, int kc, int nc, long directMax) {

    public GemmBlocking {
        if (mr <= 0 || nr <= 0 || mc % mr != 0 || nc % nr != 0 || kc <= 0) {
            throw new IllegalArgumentException("inconsistent GEMM blocking " + mr + "x" + nr + " mc=" + mc
                    + " kc=" + kc + " nc=" + nc);
        }
    }

    /** The blocking for {@code double.class} or {@code float.class} vectors of the given bit width. */
    public static GemmBlocking of(Class<?> type, int bits) {
        boolean dbl = type == double.class;
        if (!dbl && type != float.class) {
            throw new IllegalArgumentException("GEMM blocking exists for double and float, not " + type);
        }
        int lanes = bits / (dbl ? 64 : 32);
        return switch (bits) {
            // 512 bits: 6 rows x 4 vectors (6x32 double, 6x64 float). MC x KC of A (96 x 512 doubles, 384 KiB)
            // sits in the 1 MiB L2; KC 256..768 and MC 96..384 measured within noise of each other at
            // n = 512 and 1024. Direct path up to m n k = 160^3 (double) / 224^3 (float): it beat the packed
            // path at 128^3 (48 vs 46 GFLOP/s) and lost at 192^3 (43 vs 51); float won to 192^3 (103 vs 97)
            // and tied at 256^3.
            case 512 -> dbl ? new GemmBlocking(6, 4 * lanes, 96, 512, 3072, 160L * 160 * 160)
                            : new GemmBlocking(6, 4 * lanes, 96, 512, 3072, 224L * 224 * 224);
            // 256 and 128 bits: the 16-register tile 6 x 2 vectors (AVX2, SSE); blocks as at 512 bits.
            case 256, 128 -> dbl ? new GemmBlocking(6, 2 * lanes, 96, 512, 3072, 160L * 160 * 160)
                                 : new GemmBlocking(6, 2 * lanes, 96, 512, 3072, 224L * 224 * 224);
            default -> throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, got " + bits);
        };
    }
}
