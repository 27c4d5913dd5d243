import java.util.SplittableRandom;
import org.teachingrnns.numeric.linalg.HouseholderQr;
import org.teachingrnns.rnn.analysis.DrivingNoise;
import org.teachingrnns.rnn.analysis.LyapunovSpectrum;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * What one step of a run's Lyapunov analysis costs at hidden n, on one thread: {@code LyapunovSpectrum.of} of a seeded
 * random tanh network (gain 1.2) over 400 steps after a washout of 100, all n exponents, QR every step, the frame
 * update in Vector API tiles (a vector run's settings but the length), three times; then the frame's QR with its Q alone ({@code HouseholderQr} without a
 * backend, as the Lyapunov spectrum runs it), 50 calls, three times. Wall time, so run it on a quiet machine:
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp rnn/target/rnn-0.1.0-SNAPSHOT-cli.jar \
 *        bench/scripts/LyapunovStepTiming.java 256
 * </pre>
 */
public class LyapunovStepTiming {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        SplittableRandom rng = new SplittableRandom(1);
        RnnModel m = RnnModel.zeros(Activation.TANH, 1, n, 1, false, false);
        double[] p = m.parameterArray();
        for (int i = 0; i < p.length; i++) {
            p[i] = 1.2 * rng.nextGaussian() / Math.sqrt(n);
        }
        DrivingNoise noise = new DrivingNoise(1, 400, 100);
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            LyapunovSpectrum.Result res = LyapunovSpectrum.of(m, noise, n, 1, 10, true);   // vector tiles, as a run on a vector backend
            System.out.printf("Lyapunov spectrum: %.2f ms per step (sum of exponents %.9f)%n",
                    (System.nanoTime() - t0) / 1e6 / noise.steps(), res.sum());
        }
        double[] q = new double[n * n];
        for (int i = 0; i < q.length; i++) {
            q[i] = rng.nextGaussian();
        }
        HouseholderQr qr = new HouseholderQr(true, null);
        double[] c = new double[q.length];
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 50; k++) {
                System.arraycopy(q, 0, c, 0, q.length);
                qr.decompose(c, n, n);
                qr.getQ(c);
            }
            System.out.printf("QR and Q of %d x %d: %.2f ms%n", n, n, (System.nanoTime() - t0) / 1e6 / 50);
        }
    }
}
