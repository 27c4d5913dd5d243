package org.teachingrnns.numeric.vector;

/**
 * The GEMM block sizes for one species (element type and vector width), in the BLIS sense
 * (flame/blis docs/KernelsHowTo.md): the micro-tile MR x NR held in registers, and the cache blocks
 * MC (rows of A packed per IC step, meant for L2), KC (the shared dimension of one rank-KC update, so an
 * MR x KC sliver of A and a KC x NR sliver of B stay in L1) and NC (columns of B packed per JC step, L3).
 *
 * <p>This table is the one place the numbers live. MR and NR are also baked into the unrolled
 * micro-kernels ({@code GenerateVectorKernels.java} writes one per species); each generated class checks
 * at start-up that it agrees with this table. The numbers were chosen by measurement on an AVX-512 Zen 5
 * (see the README's performance section): 32 vector registers hold MR * NR / lanes accumulators plus
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
            // 512 bits: 8 rows x 3 vectors = 24 accumulators + 3 B vectors + 1 broadcast of the 32 zmm.
            case 512 -> dbl ? new GemmBlocking(8, 3 * lanes, 192, 384, 3072, 40L * 40 * 40)
                            : new GemmBlocking(8, 3 * lanes, 192, 512, 3072, 40L * 40 * 40);
            case 256 -> dbl ? new GemmBlocking(8, 3 * lanes, 192, 384, 3072, 40L * 40 * 40)
                            : new GemmBlocking(8, 3 * lanes, 192, 512, 3072, 40L * 40 * 40);
            case 128 -> dbl ? new GemmBlocking(8, 3 * lanes, 192, 384, 3072, 40L * 40 * 40)
                            : new GemmBlocking(8, 3 * lanes, 192, 512, 3072, 40L * 40 * 40);
            default -> throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, got " + bits);
        };
    }
}
