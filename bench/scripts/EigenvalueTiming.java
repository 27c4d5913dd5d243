import java.lang.reflect.Method;
import java.util.Random;
import org.teachingrnns.numeric.linalg.EigenDecomposition;

/**
 * Eigenvalues-only {@code EigenDecomposition.decompose} of a seeded Gaussian / sqrt(n) matrix at each given order,
 * through dlahqr (the multishift QR switched off by the package-private test hook) and through the default path
 * (the multishift QR with aggressive early deflation from EigenDecomposition.MULTISHIFT_FROM), alternating in one
 * JVM, best of 20 calls per round. Wall time, so run it on a quiet machine:
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp numeric/target/classes \
 *        bench/scripts/EigenvalueTiming.java 6 256 128
 * </pre>
 * (the first argument is the number of rounds). The JIT's profile of dlahqr is shared by the two paths (the
 * multishift QR calls it on its deflation windows with the Schur form and vectors), which can make the dlahqr
 * path slower after the first round than in a JVM of its own.
 */
public class EigenvalueTiming {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Method hook = EigenDecomposition.class.getDeclaredMethod("multishiftFrom", int.class);
        hook.setAccessible(true);
        for (int ai = 1; ai < args.length; ai++) {
            int n = Integer.parseInt(args[ai]);
            Random rnd = new Random(42);
            double[] a = new double[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextGaussian() / Math.sqrt(n);
            }
            EigenDecomposition dlahqr = new EigenDecomposition();
            hook.invoke(dlahqr, Integer.MAX_VALUE);
            EigenDecomposition byDefault = new EigenDecomposition();
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int r = 0; r < rounds; r++) {
                for (int side = 0; side < 2; side++) {
                    EigenDecomposition e = side == 0 ? dlahqr : byDefault;
                    double b = Double.MAX_VALUE;
                    for (int k = 0; k < 20; k++) {
                        double[] copy = a.clone();
                        long t0 = System.nanoTime();
                        if (!e.decompose(copy, n)) {
                            throw new AssertionError(e.failure());
                        }
                        b = Math.min(b, (System.nanoTime() - t0) / 1e6);
                    }
                    best[side] = Math.min(best[side], b);
                    System.out.printf("n=%d round %d %s: %.2f ms%n", n, r, side == 0 ? "dlahqr " : "default", b);
                }
            }
            System.out.printf("n=%d best: dlahqr %.2f ms, default %.2f ms%n", n, best[0], best[1]);
        }
    }
}
