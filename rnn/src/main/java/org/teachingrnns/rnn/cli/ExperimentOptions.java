package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.train.OptimizerKind;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One flag per {@link ExperimentConfig} setting. Defaults come from {@link ExperimentConfig#defaults()} through
 * {@link ConfigDefaults} (the command using this mixin declares it as its default provider).
 */
final class ExperimentOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--seed", paramLabel = "N", order = 1, description = "Seed of every random draw: teacher, data, initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    // ---- teacher
    @Option(names = "--teacher", order = 10, paramLabel = "KIND",
            description = "Teacher: iir (IIR filter in companion form), random (random RNN) or model (--teacher-model) (default: ${DEFAULT-VALUE}).")
    TeacherKind teacher;

    @Option(names = "--teacher-model", order = 11, paramLabel = "FILE", description = "Teacher RNN in the model exchange format (implies --teacher model).")
    Path teacherModel;

    @Option(names = "--order", paramLabel = "N", order = 12, description = "Teacher order: poles of the IIR filter, or hidden size of a random teacher (default: ${DEFAULT-VALUE}).")
    int order;

    @Option(names = "--real-poles", order = 13, descriptionKey = "real_poles_only", negatable = true, fallbackValue = "true",
            description = "IIR teacher: real poles only instead of complex-conjugate pairs (default: ${DEFAULT-VALUE}).")
    boolean realPoles;

    @Option(names = "--max-radius", paramLabel = "X", order = 14, description = "IIR teacher: poles drawn in the disk of this radius (default: ${DEFAULT-VALUE}).")
    double maxRadius;

    @Option(names = "--teacher-activation", order = 15, paramLabel = "F", description = "Teacher activation: linear, tanh or relu (default: ${DEFAULT-VALUE}).")
    Activation teacherActivation;

    @Option(names = "--teacher-spectral-radius", paramLabel = "X", order = 16, description = "Random teacher: spectral radius of W_hh (default: ${DEFAULT-VALUE}).")
    double teacherSpectralRadius;

    // ---- student
    @Option(names = "--hidden", paramLabel = "N", order = 20, description = "Student hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--activation", order = 21, paramLabel = "F", description = "Student activation: linear, tanh or relu (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--hidden-bias", order = 22, negatable = true, fallbackValue = "true", description = "Student has the hidden bias b_h (default: ${DEFAULT-VALUE}).")
    boolean hiddenBias;

    @Option(names = "--output-bias", order = 23, negatable = true, fallbackValue = "true", description = "Student has the output bias b_o (default: ${DEFAULT-VALUE}).")
    boolean outputBias;

    @Option(names = "--init", order = 24, paramLabel = "SCHEME", description = "Student initialisation: pytorch, normal or orthogonal (default: ${DEFAULT-VALUE}).")
    InitScheme init;

    @Option(names = "--init-gain", paramLabel = "X", order = 25, description = "Gain of the recurrent initialisation (default: ${DEFAULT-VALUE}).")
    double initGain;

    // ---- optimiser
    @Option(names = "--optimizer", order = 30, paramLabel = "NAME", description = "adam or sgd, with torch.optim's update rules (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "X", order = 31, description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--beta1", paramLabel = "X", order = 32, description = "Adam beta1 (default: ${DEFAULT-VALUE}).")
    double beta1;

    @Option(names = "--beta2", paramLabel = "X", order = 33, description = "Adam beta2 (default: ${DEFAULT-VALUE}).")
    double beta2;

    @Option(names = "--adam-eps", paramLabel = "X", order = 34, descriptionKey = "eps", description = "Adam epsilon (default: ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--weight-decay", paramLabel = "X", order = 35, description = "L2 weight decay added to the gradient (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--amsgrad", order = 36, negatable = true, fallbackValue = "true", description = "Adam: the AMSGrad variant (default: ${DEFAULT-VALUE}).")
    boolean amsgrad;

    @Option(names = "--momentum", paramLabel = "X", order = 37, description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--dampening", paramLabel = "X", order = 38, description = "SGD dampening (default: ${DEFAULT-VALUE}).")
    double dampening;

    @Option(names = "--nesterov", order = 39, negatable = true, fallbackValue = "true", description = "SGD Nesterov momentum (default: ${DEFAULT-VALUE}).")
    boolean nesterov;

    @Option(names = "--clip", paramLabel = "X", order = 40, descriptionKey = "clip_norm", description = "Clip the global gradient norm to this; 0 = off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--epochs", paramLabel = "N", order = 41, description = "Full-batch training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--truncation", order = 42, paramLabel = "K", description = "Truncated BPTT in steps; 0 = full BPTT (default: ${DEFAULT-VALUE}).")
    int truncation;

    // ---- data
    @Option(names = "--sequences", paramLabel = "N", order = 50, description = "Sequences, train and test together (default: ${DEFAULT-VALUE}).")
    int sequences;

    @Option(names = "--length", paramLabel = "N", order = 51, description = "Time steps per sequence (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--train-fraction", paramLabel = "X", order = 52, description = "Fraction of the sequences used for training, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(names = "--washout", paramLabel = "N", order = 53, description = "First time step (0-based) that counts in the loss; less than --length (default: ${DEFAULT-VALUE}).")
    int washout;

    @Option(names = "--input-std", paramLabel = "X", order = 54, description = "Standard deviation of the N(0, s^2) inputs (default: ${DEFAULT-VALUE}).")
    double inputStd;

    // ---- analysis
    @Option(names = "--threshold", paramLabel = "X", order = 60, descriptionKey = "match_threshold",
            description = "A pole and a student eigenvalue closer than this are aligned (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--test-every", paramLabel = "N", order = 61, description = "Record the test loss every this many epochs (default: ${DEFAULT-VALUE}).")
    int testEvery;

    /** The validated configuration; bad values are one {@link BadInputException} line naming the flag. */
    ExperimentConfig config() throws IOException {
        Check.positive("--order", order);
        Check.positive("--hidden", hidden);
        Check.positive("--epochs", epochs);
        Check.atLeast("--sequences", sequences, 2, "(train and test)");
        Check.positive("--length", length);
        if (washout < 0 || washout >= length) {
            throw new BadInputException("--washout must be in 0.." + (length - 1) + " (less than --length " + length
                    + ", or no step counts in the loss), got " + washout);
        }
        Check.nonNegative("--truncation", truncation);
        Check.openInterval("--train-fraction", trainFraction, 0, 1);
        Check.positiveFinite("--lr", lr);
        Check.positiveFinite("--max-radius", maxRadius);
        Check.nonNegativeFinite("--init-gain", initGain);
        Check.nonNegativeFinite("--clip", clip);
        Check.nonNegativeFinite("--threshold", threshold);
        Check.positiveFinite("--input-std", inputStd);
        Check.positive("--test-every", testEvery);

        TeacherKind kind = teacher;
        RnnModel teacherRnn = null;
        if (teacherModel != null) {
            boolean explicit = mixee.commandLine().getParseResult().hasMatchedOption("--teacher");
            if (explicit && teacher != TeacherKind.MODEL) {
                throw new BadInputException("--teacher-model needs --teacher model (or no --teacher), not --teacher " + teacher.key());
            }
            kind = TeacherKind.MODEL;
            teacherRnn = ModelFile.read(teacherModel, ModelFile.Data.IGNORED).model();
        } else if (teacher == TeacherKind.MODEL) {
            throw new BadInputException("--teacher model needs --teacher-model FILE");
        }
        try {
            return ExperimentConfig.builder()
                    .seed(seed).teacher(kind).teacherModel(teacherRnn).order(order).realPolesOnly(realPoles)
                    .maxRadius(maxRadius).teacherActivation(teacherActivation).teacherSpectralRadius(teacherSpectralRadius)
                    .hidden(hidden).activation(activation).hiddenBias(hiddenBias).outputBias(outputBias)
                    .init(init).initGain(initGain)
                    .optimizer(optimizer).lr(lr).beta1(beta1).beta2(beta2).eps(eps).weightDecay(weightDecay)
                    .amsgrad(amsgrad).momentum(momentum).dampening(dampening).nesterov(nesterov).clipNorm(clip)
                    .epochs(epochs).truncation(truncation)
                    .sequences(sequences).length(length).trainFraction(trainFraction).washout(washout).inputStd(inputStd)
                    .matchThreshold(threshold).testEvery(testEvery)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("invalid settings: " + e.getMessage());
        }
    }

    /** A run name from the key settings and the seed, e.g. {@code iir5-linear-h5-linear-adam-lr0.01-e3000-seed1}. */
    static String defaultName(ExperimentConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.teacher().key());
        if (c.teacher() != TeacherKind.MODEL) {
            sb.append(c.order()).append('-').append(c.teacherActivation().key());
        }
        sb.append("-h").append(c.hidden()).append('-').append(c.activation().key());
        if (c.hiddenBias() || c.outputBias()) {
            sb.append("-bias");
        }
        sb.append('-').append(c.optimizer().key()).append("-lr").append(number(c.lr()));
        if (c.truncation() > 0) {
            sb.append("-k").append(c.truncation());
        }
        sb.append("-e").append(c.epochs()).append("-seed").append(c.seed());
        return sb.toString();
    }

    private static String number(double v) {
        String s = Double.toString(v);
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
