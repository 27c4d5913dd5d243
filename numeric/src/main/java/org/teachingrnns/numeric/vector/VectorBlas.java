package org.teachingrnns.numeric.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasProvider;
import org.teachingrnns.numeric.Fingerprint;
import org.teachingrnns.numeric.Transpose;

/**
 * The hand-optimised Java backend on the Vector API ({@code jdk.incubator.vector}): BLIS-structured
 * packed GEMM with a register-tiled FMA micro-kernel, a direct unpacked path for the small products of
 * RNN training, and vectorised gemv and level-1 kernels (the llama3.java idiom: {@code loopBound},
 * independent FMA accumulators, a horizontal sum in a fixed order ({@link Lanes}), scalar tail).
 *
 * <p>The vector width is the CPU's preferred one unless {@code -Dteachingrnns.vector.bits=128|256|512}
 * (or the constructor) asks for a narrower one. Large GEMMs may use several threads over the IC loop
 * ({@code -Dteachingrnns.threads}, default 1); the PC loop is never split.
 *
 * <p>Results are bit-identical for a given width, whatever the thread count and whether the kernels run
 * interpreted or compiled: every floating-point sum has a fixed order (horizontal sums via {@link Lanes},
 * never {@code reduceLanes(ADD)}), and each element of C is computed by one thread. A different width
 * ({@code bits}) sums in a different order, so it gives different (equally accurate) last bits.
 *
 * <p>Only {@link Provider} may be touched before the module is known to be present: this class links
 * against {@code jdk.incubator.vector} and fails with {@link NoClassDefFoundError} without it.
 */
public final class VectorBlas extends Blas {

    /** Forces the vector width in bits (128, 256, 512) of the default instance; at most the CPU's preferred. */
    public static final String BITS_PROPERTY = "teachingrnns.vector.bits";
    /** Threads for large GEMMs of the default instance (default 1). */
    public static final String THREADS_PROPERTY = "teachingrnns.threads";

    private final int bits;
    private final DoubleKernels doubles;
    private final FloatKernels floats;
    private String kernelFingerprint;
    private final GemmThreads threads;

    /** The width from {@value #BITS_PROPERTY} (else the CPU's preferred) and threads from {@value #THREADS_PROPERTY}. */
    public VectorBlas() {
        this(intProperty(BITS_PROPERTY, preferredBits()), intProperty(THREADS_PROPERTY, 1));
    }

    /**
     * A backend on vectors of {@code bits} bits (128, 256 or 512, at most {@link #preferredBits()}) that uses
     * up to {@code threads} threads for large GEMMs.
     */
    public VectorBlas(int bits, int threads) {
        this(bits, threads, null, null);
    }

    /** Tests use other blockings (tiny blocks, no direct path) to reach every loop at small sizes. */
    VectorBlas(int bits, int threads, GemmBlocking doubleBlocking, GemmBlocking floatBlocking) {
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, got " + bits);
        }
        int preferred = preferredBits();
        if (bits > preferred) {
            throw new IllegalArgumentException("this CPU's widest vectors are " + preferred + " bits, so "
                    + bits + "-bit vectors would be emulated: use at most " + preferred);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.bits = bits;
        this.doubles = DoubleKernels.forBits(bits,
                doubleBlocking != null ? doubleBlocking : GemmBlocking.of(double.class, bits));
        this.floats = FloatKernels.forBits(bits,
                floatBlocking != null ? floatBlocking : GemmBlocking.of(float.class, bits));
        this.threads = threads == 1 ? null : new GemmThreads(threads);
    }

    /** The CPU's preferred vector width in bits, as the Vector API reports it. */
    public static int preferredBits() {
        return VectorShape.preferredShape().vectorBitSize();
    }

    /** The double species of a width (VectorShape.forBitSize), for reports and tests. */
    static VectorSpecies<Double> doubleSpecies(int bits) {
        return DoubleVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(bits));
    }

    public int bits() {
        return bits;
    }

    public int threads() {
        return threads == null ? 1 : threads.threads();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String describe() {
        GemmBlocking d = doubles.blocking();
        GemmBlocking f = floats.blocking();
        return "vector (" + bits + "-bit Vector API, " + doubles.lanes() + " double / " + floats.lanes()
                + " float lanes; dgemm tile " + d.mr() + "x" + d.nr() + " MC=" + d.mc() + " KC=" + d.kc()
                + " NC=" + d.nc() + ", sgemm tile " + f.mr() + "x" + f.nr() + " MC=" + f.mc() + " KC=" + f.kc()
                + " NC=" + f.nc() + "; direct below m*n*k=" + d.directMax() + "/" + f.directMax()
                + "; threads " + threads() + ")";
    }

    /**
     * This class, both element types' kernel classes (the width's generated class and its base) and the blocking; read
     * once per instance (about 250 KB of class files), since every calibration key asks for it.
     */
    @Override
    public String kernelFingerprint() {
        String f = kernelFingerprint;   // a race computes the same string twice, harmlessly
        if (f == null) {
            f = Fingerprint.ofClasses(VectorBlas.class, doubles.getClass(), doubles.getClass().getSuperclass(),
                    floats.getClass(), floats.getClass().getSuperclass(), GemmBlocking.class, Lanes.class);
            kernelFingerprint = f;
        }
        return f;
    }

    // ------------------------------------------------------------------ kernels

    @Override
    protected void dgemmKernel(Transpose transA, Transpose transB, int m, int n, int k,
                               double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        doubles.gemm(transA.transposed(), transB.transposed(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, threads);
    }

    @Override
    protected void sgemmKernel(Transpose transA, Transpose transB, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        floats.gemm(transA.transposed(), transB.transposed(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, threads);
    }

    @Override
    protected void dgemvKernel(Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                               double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
        doubles.gemv(trans.transposed(), m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    protected void sgemvKernel(Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                               float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
        floats.gemv(trans.transposed(), m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    protected double ddotKernel(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        return doubles.dot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected float sdotKernel(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        return floats.dot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void daxpyKernel(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        doubles.axpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void saxpyKernel(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        floats.axpy(n, alpha, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected void dscalKernel(int n, double alpha, double[] x, int xOff, int incx) {
        doubles.scal(n, alpha, x, xOff, incx);
    }

    @Override
    protected void sscalKernel(int n, float alpha, float[] x, int xOff, int incx) {
        floats.scal(n, alpha, x, xOff, incx);
    }

    @Override
    protected double dnrm2Kernel(int n, double[] x, int xOff, int incx) {
        return doubles.nrm2(n, x, xOff, incx);
    }

    private static int intProperty(String name, int fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + v + " is not an integer");
        }
    }

    /**
     * Registers {@code vector} (priority 10) with {@code Backends}. It checks that the boot layer has
     * {@code jdk.incubator.vector} before any Vector API class is loaded (Jlama's MachineSpec idea), so a
     * JVM started without the flag gets one clear sentence instead of a NoClassDefFoundError.
     */
    public static final class Provider implements BlasProvider {

        static final String NOT_ENABLED =
                "the Vector API is not enabled: start the JVM with --add-modules jdk.incubator.vector";

        @Override
        public String name() {
            return "vector";
        }

        @Override
        public int priority() {
            return 10;
        }

        @Override
        public Blas create() {
            if (!vectorModulePresent()) {
                throw new BackendUnavailableException(NOT_ENABLED);
            }
            return new VectorBlas();
        }

        /** Whether {@code jdk.incubator.vector} is in the boot layer (true with --add-modules). */
        public static boolean vectorModulePresent() {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        }
    }
}
