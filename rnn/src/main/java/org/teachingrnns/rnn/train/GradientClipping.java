package org.teachingrnns.rnn.train;

/** Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_} (2-norm). */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales grad in place by {@code max_norm / (total_norm + 1e-6)} when that coefficient is below 1
     * (torch clamps it at 1 and always multiplies; multiplying by 1 changes nothing).
     *
     * @return the total norm before clipping
     */
    public static double clipGradNorm(double[] grad, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max_norm must be positive, got " + maxNorm);
        }
        double total = norm(grad);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1.0) {
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= coef;
            }
        }
        return total;
    }

    /** Euclidean norm, scaled against overflow (as the reference BLAS dnrm2). */
    public static double norm(double[] x) {
        double scale = 0.0;
        double ssq = 1.0;
        for (double v : x) {
            if (v != 0.0) {
                double a = Math.abs(v);
                if (scale < a) {
                    ssq = 1.0 + ssq * (scale / a) * (scale / a);
                    scale = a;
                } else {
                    ssq += (a / scale) * (a / scale);
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }
}
