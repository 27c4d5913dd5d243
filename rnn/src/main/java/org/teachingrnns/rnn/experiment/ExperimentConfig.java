package org.teachingrnns.rnn.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.train.OptimizerKind;

/**
 * Every setting of one teacher-student experiment, immutable, validated on construction. {@link #defaults()}
 * are the reference notebook's settings (DESIGN.md): IIR teacher of order 5 with poles in the unit disk,
 * student hidden 5, linear, no biases, PyTorch init, Adam lr 0.01, 3000 full-batch epochs, 100 sequences of
 * 150 steps of N(0, 1) input, 80/20 split, washout 50. Change settings with {@link #toBuilder()}.
 *
 * @param seed every random draw (teacher, data, initialisation) comes from this seed (default 1)
 * @param teacher teacher kind: iir, random or model (default iir)
 * @param order teacher order: number of poles (iir) or hidden size (random) (default 5)
 * @param realPolesOnly iir: draw N real poles instead of conjugate pairs (default false)
 * @param maxRadius iir: pole radii are scaled by this (poles in the disk of this radius) (default 1.0)
 * @param teacherActivation activation of the iir or random teacher (default linear)
 * @param teacherSpectralRadius random teacher: spectral radius of W_hh (default 0.9)
 * @param teacherModel model teacher: the teacher itself (default null)
 * @param hidden student hidden size (default 5)
 * @param activation student activation (default linear)
 * @param hiddenBias student has b_h (default false)
 * @param outputBias student has b_o (default false)
 * @param init student initialisation (default pytorch)
 * @param initGain gain of the recurrent initialisation (default 1.0)
 * @param optimizer adam or sgd (default adam)
 * @param lr learning rate (default 0.01)
 * @param beta1 Adam beta1 (default 0.9)
 * @param beta2 Adam beta2 (default 0.999)
 * @param eps Adam epsilon (default 1e-8)
 * @param weightDecay L2 weight decay added to the gradient (torch.optim) (default 0.0)
 * @param amsgrad Adam: AMSGrad variant (default false)
 * @param momentum SGD momentum (default 0.0)
 * @param dampening SGD dampening (default 0.0)
 * @param nesterov SGD Nesterov momentum (default false)
 * @param clipNorm global gradient-norm clipping (0 = off) (default 0.0)
 * @param epochs full-batch epochs (default 3000)
 * @param sequences number of sequences (train + test) (default 100)
 * @param length time steps per sequence (default 150)
 * @param trainFraction fraction of sequences used for training (default 0.8)
 * @param washout first time step (0-based) in the loss (default 50)
 * @param truncation BPTT truncation in steps (0 = full) (default 0)
 * @param inputStd standard deviation of the N(0, s^2) inputs (default 1.0)
 * @param matchThreshold a pole and an eigenvalue within this distance are aligned (default 0.05)
 * @param testEvery test loss recorded every this many epochs (and at the last) (default 10)
 */
public record ExperimentConfig(
        long seed,
        TeacherKind teacher,
        int order,
        boolean realPolesOnly,
        double maxRadius,
        Activation teacherActivation,
        double teacherSpectralRadius,
        RnnModel teacherModel,
        int hidden,
        Activation activation,
        boolean hiddenBias,
        boolean outputBias,
        InitScheme init,
        double initGain,
        OptimizerKind optimizer,
        double lr,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        boolean amsgrad,
        double momentum,
        double dampening,
        boolean nesterov,
        double clipNorm,
        int epochs,
        int sequences,
        int length,
        double trainFraction,
        int washout,
        int truncation,
        double inputStd,
        double matchThreshold,
        int testEvery) {

    /** Validates every setting (IllegalArgumentException with the setting's name). */
    public ExperimentConfig {
        require(teacher != null, "teacher must be given");
        require(teacherActivation != null && activation != null, "activations must be given");
        require(init != null && optimizer != null, "init and optimizer must be given");
        require(order >= 1, "order must be >= 1, got " + order);
        require(maxRadius > 0 && Double.isFinite(maxRadius), "max_radius must be positive, got " + maxRadius);
        require(teacherSpectralRadius >= 0 && Double.isFinite(teacherSpectralRadius),
                "teacher_spectral_radius must be >= 0, got " + teacherSpectralRadius);
        require(teacher != TeacherKind.MODEL || teacherModel != null, "teacher 'model' needs a teacher model");
        require(hidden >= 1, "hidden must be >= 1, got " + hidden);
        require(initGain >= 0 && Double.isFinite(initGain), "init_gain must be >= 0, got " + initGain);
        require(lr > 0 && Double.isFinite(lr), "lr must be positive, got " + lr);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1), got " + beta1 + ", " + beta2);
        require(eps >= 0, "eps must be >= 0, got " + eps);
        require(weightDecay >= 0, "weight_decay must be >= 0, got " + weightDecay);
        require(momentum >= 0, "momentum must be >= 0, got " + momentum);
        require(dampening >= 0 && dampening <= 1, "dampening must be in [0, 1], got " + dampening);
        require(!nesterov || (momentum > 0 && dampening == 0), "nesterov needs momentum > 0 and dampening 0 (as torch.optim.SGD)");
        require(clipNorm >= 0, "clip_norm must be >= 0 (0 = off), got " + clipNorm);
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(sequences >= 2, "sequences must be >= 2 (train and test), got " + sequences);
        require(length >= 1, "length must be >= 1, got " + length);
        require(washout >= 0 && washout < length, "washout must be in [0, length) = [0, " + length + "), got " + washout);
        require(truncation >= 0, "truncation must be >= 0 (0 = full BPTT), got " + truncation);
        require(trainFraction > 0 && trainFraction < 1, "train_fraction must be in (0, 1), got " + trainFraction);
        int train = trainCount(sequences, trainFraction);
        require(train >= 1 && train < sequences, "train_fraction " + trainFraction + " of " + sequences
                + " sequences leaves no train or no test sequence");
        require(inputStd > 0 && Double.isFinite(inputStd), "input_std must be positive, got " + inputStd);
        require(matchThreshold >= 0, "match_threshold must be >= 0, got " + matchThreshold);
        require(testEvery >= 1, "test_every must be >= 1, got " + testEvery);
        if (teacherModel != null) {
            teacherModel = teacherModel.copy();
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Train sequences: round(sequences * trainFraction) (the first ones); the rest are the test set. */
    static int trainCount(int sequences, double trainFraction) {
        return (int) Math.round(sequences * trainFraction);
    }

    /** Number of training sequences. */
    public int trainSequences() {
        return trainCount(sequences, trainFraction);
    }

    /** The teacher model (a copy), or null. */
    @Override
    public RnnModel teacherModel() {
        return teacherModel == null ? null : teacherModel.copy();
    }

    /** The notebook's defaults. */
    public static ExperimentConfig defaults() {
        return new ExperimentConfig(1L, TeacherKind.IIR, 5, false, 1.0, Activation.LINEAR, 0.9, null, 5, Activation.LINEAR, false, false, InitScheme.PYTORCH, 1.0, OptimizerKind.ADAM, 0.01, 0.9, 0.999, 1e-8, 0.0, false, 0.0, 0.0, false, 0.0, 3000, 100, 150, 0.8, 50, 0, 1.0, 0.05, 10);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Convenience wither for the seed (sweeps vary it most). */
    public ExperimentConfig withSeed(long seed) {
        return toBuilder().seed(seed).build();
    }

    /** Every setting under its snake_case name, in a stable order, for results.json {@code config}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("teacher", teacher.key());
        m.put("order", order);
        m.put("real_poles_only", realPolesOnly);
        m.put("max_radius", maxRadius);
        m.put("teacher_activation", teacherActivation.key());
        m.put("teacher_spectral_radius", teacherSpectralRadius);
        m.put("teacher_model", teacherModel == null ? null : teacherModel.toMap());
        m.put("hidden", hidden);
        m.put("activation", activation.key());
        m.put("hidden_bias", hiddenBias);
        m.put("output_bias", outputBias);
        m.put("init", init.key());
        m.put("init_gain", initGain);
        m.put("optimizer", optimizer.key());
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        m.put("amsgrad", amsgrad);
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("nesterov", nesterov);
        m.put("clip_norm", clipNorm);
        m.put("epochs", epochs);
        m.put("sequences", sequences);
        m.put("length", length);
        m.put("train_fraction", trainFraction);
        m.put("washout", washout);
        m.put("truncation", truncation);
        m.put("input_std", inputStd);
        m.put("match_threshold", matchThreshold);
        m.put("test_every", testEvery);
        return m;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private long seed;
        private TeacherKind teacher;
        private int order;
        private boolean realPolesOnly;
        private double maxRadius;
        private Activation teacherActivation;
        private double teacherSpectralRadius;
        private RnnModel teacherModel;
        private int hidden;
        private Activation activation;
        private boolean hiddenBias;
        private boolean outputBias;
        private InitScheme init;
        private double initGain;
        private OptimizerKind optimizer;
        private double lr;
        private double beta1;
        private double beta2;
        private double eps;
        private double weightDecay;
        private boolean amsgrad;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double clipNorm;
        private int epochs;
        private int sequences;
        private int length;
        private double trainFraction;
        private int washout;
        private int truncation;
        private double inputStd;
        private double matchThreshold;
        private int testEvery;

        private Builder(ExperimentConfig c) {
            this.seed = c.seed;
            this.teacher = c.teacher;
            this.order = c.order;
            this.realPolesOnly = c.realPolesOnly;
            this.maxRadius = c.maxRadius;
            this.teacherActivation = c.teacherActivation;
            this.teacherSpectralRadius = c.teacherSpectralRadius;
            this.teacherModel = c.teacherModel;
            this.hidden = c.hidden;
            this.activation = c.activation;
            this.hiddenBias = c.hiddenBias;
            this.outputBias = c.outputBias;
            this.init = c.init;
            this.initGain = c.initGain;
            this.optimizer = c.optimizer;
            this.lr = c.lr;
            this.beta1 = c.beta1;
            this.beta2 = c.beta2;
            this.eps = c.eps;
            this.weightDecay = c.weightDecay;
            this.amsgrad = c.amsgrad;
            this.momentum = c.momentum;
            this.dampening = c.dampening;
            this.nesterov = c.nesterov;
            this.clipNorm = c.clipNorm;
            this.epochs = c.epochs;
            this.sequences = c.sequences;
            this.length = c.length;
            this.trainFraction = c.trainFraction;
            this.washout = c.washout;
            this.truncation = c.truncation;
            this.inputStd = c.inputStd;
            this.matchThreshold = c.matchThreshold;
            this.testEvery = c.testEvery;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder teacher(TeacherKind teacher) {
            this.teacher = teacher;
            return this;
        }

        public Builder order(int order) {
            this.order = order;
            return this;
        }

        public Builder realPolesOnly(boolean realPolesOnly) {
            this.realPolesOnly = realPolesOnly;
            return this;
        }

        public Builder maxRadius(double maxRadius) {
            this.maxRadius = maxRadius;
            return this;
        }

        public Builder teacherActivation(Activation teacherActivation) {
            this.teacherActivation = teacherActivation;
            return this;
        }

        public Builder teacherSpectralRadius(double teacherSpectralRadius) {
            this.teacherSpectralRadius = teacherSpectralRadius;
            return this;
        }

        public Builder teacherModel(RnnModel teacherModel) {
            this.teacherModel = teacherModel;
            return this;
        }

        public Builder hidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        public Builder hiddenBias(boolean hiddenBias) {
            this.hiddenBias = hiddenBias;
            return this;
        }

        public Builder outputBias(boolean outputBias) {
            this.outputBias = outputBias;
            return this;
        }

        public Builder init(InitScheme init) {
            this.init = init;
            return this;
        }

        public Builder initGain(double initGain) {
            this.initGain = initGain;
            return this;
        }

        public Builder optimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        public Builder beta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Builder beta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder sequences(int sequences) {
            this.sequences = sequences;
            return this;
        }

        public Builder length(int length) {
            this.length = length;
            return this;
        }

        public Builder trainFraction(double trainFraction) {
            this.trainFraction = trainFraction;
            return this;
        }

        public Builder washout(int washout) {
            this.washout = washout;
            return this;
        }

        public Builder truncation(int truncation) {
            this.truncation = truncation;
            return this;
        }

        public Builder inputStd(double inputStd) {
            this.inputStd = inputStd;
            return this;
        }

        public Builder matchThreshold(double matchThreshold) {
            this.matchThreshold = matchThreshold;
            return this;
        }

        public Builder testEvery(int testEvery) {
            this.testEvery = testEvery;
            return this;
        }

        /** Adam's betas together. */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public ExperimentConfig build() {
            return new ExperimentConfig(seed, teacher, order, realPolesOnly, maxRadius, teacherActivation, teacherSpectralRadius, teacherModel, hidden, activation, hiddenBias, outputBias, init, initGain, optimizer, lr, beta1, beta2, eps, weightDecay, amsgrad, momentum, dampening, nesterov, clipNorm, epochs, sequences, length, trainFraction, washout, truncation, inputStd, matchThreshold, testEvery);
        }
    }
}
