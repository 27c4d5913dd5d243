package org.teachingrnns.rnn.perf;

import java.util.Locale;
import java.util.Random;
import org.teachingrnns.numeric.linalg.EigenDecomposition;
import org.teachingrnns.numeric.linalg.HouseholderQr;

/**
 * The dense decompositions RNN analysis uses, on a random n x n matrix (standard normal, seeded), as the
 * counterparts of NumPy's calls (bench/scripts/numpy_linalg.py): {@code eigvals} (LAPACK dgeev, no vectors),
 * {@code eig} (with right eigenvectors), {@code qr} (Q and R formed) and {@code qr-r} (R only).
 */
public enum LinalgOp {
    EIGVALS, EIG, QR, QR_R;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public CpuTimer.Task task(int n) {
        Random rnd = new Random(20261129L + n);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        double[] q = new double[n * n];
        double[] r = new double[n * n];
        return switch (this) {
            case EIGVALS, EIG -> {
                EigenDecomposition eig = this == EIG ? new EigenDecomposition(true, false) : new EigenDecomposition();
                yield reps -> {
                    for (int i = 0; i < reps; i++) {
                        if (!eig.decompose(a, n)) {
                            throw new IllegalStateException("eigenvalues did not converge at n = " + n);
                        }
                    }
                };
            }
            case QR, QR_R -> {
                HouseholderQr qr = new HouseholderQr();
                yield reps -> {
                    for (int i = 0; i < reps; i++) {
                        qr.decompose(a, n, n);
                        if (this == QR) {
                            qr.getQ(q);
                        }
                        qr.getR(r);
                    }
                };
            }
        };
    }
}
