package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.experiment.AnalysisConfig;
import org.teachingrnns.rnn.experiment.DataConfig;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.OptimizerConfig;
import org.teachingrnns.rnn.experiment.Preset;
import org.teachingrnns.rnn.experiment.StudentConfig;
import org.teachingrnns.rnn.experiment.TeacherConfig;
import org.teachingrnns.rnn.experiment.TrainingConfig;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.InitScheme;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.TeacherKind;
import org.teachingrnns.rnn.train.Lbfgs;
import org.teachingrnns.rnn.train.OptimizerKind;
import org.teachingrnns.rnn.train.ScheduleKind;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The flags of {@code teach run} that make an {@link ExperimentConfig}: {@code --seed}, {@code --preset}, and one
 * {@code @ArgGroup} per record of the configuration (Teacher, Student, Data, Optimizer, Training, Analysis), so
 * that {@code --help} lists them by part. Each group's fields are named as its record's components and
 * initialised from that record (its {@code DEFAULTS}, the one place a default is written), which is what
 * {@code --help} shows; validation is the records' own, whose messages name the flags.
 *
 * <p>{@link #parse(List)} turns a list of these flags into a validated configuration (for {@code teach sweep}'s
 * runs); {@link #flags()} lists them with their group. {@code --preset NAME} is applied after parsing: the
 * preset's configuration fills every flag, then the flags given are copied over it (picocli's parse result
 * says which were given), so explicit flags win wherever they stand.
 *
 * <p>picocli reads an option repeated inside an {@code @ArgGroup} as a second occurrence of the whole group;
 * the groups therefore validate (one occurrence each) and {@link #repeatedFlag} words the error as for any
 * repeated option.
 */
public final class RunOptions {

    @Option(names = "--seed", paramLabel = "N", order = 1, description = "Seed of every random draw: teacher, data, initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--preset", paramLabel = "NAME", order = 2, completionCandidates = PresetNames.class,
            description = "Named settings applied before the flags (explicit flags override them); known: ${COMPLETION-CANDIDATES}.")
    String preset;

    @ArgGroup(exclusive = false, order = 10, heading = "%nTeacher:%n")
    TeacherOptions teacher;

    @ArgGroup(exclusive = false, order = 20, heading = "%nStudent:%n")
    StudentOptions student;

    @ArgGroup(exclusive = false, order = 30, heading = "%nData:%n")
    DataOptions data;

    @ArgGroup(exclusive = false, order = 40, heading = "%nOptimizer:%n")
    OptimizerOptions optimizer;

    @ArgGroup(exclusive = false, order = 50, heading = "%nTraining:%n")
    TrainingOptions training;

    @ArgGroup(exclusive = false, order = 60, heading = "%nAnalysis:%n")
    AnalysisOptions analysis;

    /** The flags at the defaults. */
    public RunOptions() {
        this(ExperimentConfig.defaults());
    }

    /** The flags at the settings of c (a preset's base); the teacher model, a file, is not among them. */
    RunOptions(ExperimentConfig c) {
        seed = c.seed();
        teacher = new TeacherOptions(c.teacher());
        student = new StudentOptions(c.student());
        data = new DataOptions(c.data());
        optimizer = new OptimizerOptions(c.optimizer());
        training = new TrainingOptions(c.training());
        analysis = new AnalysisOptions(c.analysis());
    }

    /**
     * The validated configuration of {@code teach run ARGS}-style flags (only the flags {@link #flags()} lists),
     * e.g. {@code parse(List.of("--order", "3", "--seed", "7"))}; a {@code --preset} applies before the other
     * flags, whatever their order.
     *
     * @throws IllegalArgumentException on an unknown flag, a malformed or invalid value, with one line naming the flag
     * @throws UncheckedIOException     when {@code --teacher-model}'s file cannot be read
     */
    public static ExperimentConfig parse(List<String> args) {
        return parse(args, Preset.BUILT_IN);
    }

    static ExperimentConfig parse(List<String> args, Map<String, Preset> presets) {
        RunOptions o = new RunOptions();
        ParseResult pr;
        try {
            pr = commandLine(o).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            String repeated = e instanceof CommandLine.MaxValuesExceededException ? repeatedFlag(args.toArray(String[]::new)) : null;
            throw new IllegalArgumentException(repeated != null ? repeated : Teach.oneLine(e.getMessage()), e);
        }
        try {
            return o.config(pr, presets);
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A run flag: its name, the help group it is listed under ("" for none), and its value type. */
    public record Flag(String name, String group, Class<?> type) {
        /** True when the flag stands alone (a boolean: {@code --real-poles}, {@code --no-real-poles}). */
        public boolean isSwitch() {
            return type == boolean.class || type == Boolean.class;
        }
    }

    /** Every flag {@link #parse(List)} takes, in help order, {@code --preset} included. */
    public static List<Flag> flags() {
        List<Flag> flags = new ArrayList<>();
        for (OptionSpec o : commandLine(new RunOptions()).getCommandSpec().options()) {
            String group = o.group() == null ? "" : o.group().heading().replace("%n", "").replace(":", "").strip();
            flags.add(new Flag(o.longestName(), group, o.type()));
        }
        return List.copyOf(flags);
    }

    /**
     * "option '--washout' should be specified only once" when a flag of a group is given twice, else null.
     * Inside an {@code @ArgGroup} picocli reads a repeated option as a second occurrence of the whole group and
     * reports "expected only one match" with both groups spelled out; this says it as for any other option.
     */
    static String repeatedFlag(String[] args) {
        Set<String> names = new HashSet<>();
        for (Flag f : flags()) {
            names.add(f.name());
        }
        Set<String> seen = new HashSet<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (name.startsWith("--no-") && names.contains("--" + name.substring(5))) {
                name = "--" + name.substring(5);
            }
            if (names.contains(name) && !seen.add(name)) {
                return "option '" + name + "' should be specified only once";
            }
        }
        return null;
    }

    static CommandLine commandLine(RunOptions o) {
        return Converters.register(new CommandLine(o));
    }

    /**
     * The validated configuration of the flags of pr (this object's parse result, or the parse result of a
     * command that mixes these flags in).
     */
    ExperimentConfig config(ParseResult pr, Map<String, Preset> presets) {
        boolean teacherGiven = pr.hasMatchedOption("--teacher");
        if (preset == null) {
            return build(teacherGiven);
        }
        Preset p = presets.get(preset.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new BadInputException("unknown preset '" + preset + "'; "
                    + (presets.isEmpty() ? "no presets are defined" : "known: " + String.join(", ", presets.keySet())));
        }
        // The preset's settings become the values of every flag not given, then the given flags are copied over.
        RunOptions merged = new RunOptions(p.applyTo(ExperimentConfig.defaults()));
        for (OptionSpec o : pr.matchedOptions()) {
            if (o.userObject() instanceof Field f && merged.owner(f) != null) {
                try {
                    f.setAccessible(true);
                    f.set(merged.owner(f), o.getValue());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return merged.build(teacherGiven);
    }

    /** The object of this whose class declares f (this, or one of the groups), or null. */
    private Object owner(Field f) {
        for (Object o : new Object[] {this, teacher, student, data, optimizer, training, analysis}) {
            if (f.getDeclaringClass() == o.getClass()) {
                return o;
            }
        }
        return null;
    }

    private ExperimentConfig build(boolean teacherGiven) {
        try {
            return new ExperimentConfig(seed, teacher.config(teacherGiven), student.config(), data.config(),
                    optimizer.config(), training.config(), analysis.config());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** A run name from the key settings and the seed, e.g. {@code iir5-linear-h5-linear-adam-lr0.01-e3000-seed1}. */
    static String defaultName(ExperimentConfig c) {
        StringBuilder sb = new StringBuilder();
        TeacherConfig t = c.teacher();
        sb.append(t.kind().key());
        if (t.kind() != TeacherKind.MODEL) {
            sb.append(t.order()).append('-').append(t.activation().key());
        }
        StudentConfig s = c.student();
        sb.append("-h").append(s.hidden()).append('-').append(s.activation().key());
        if (s.hiddenBias() || s.outputBias()) {
            sb.append("-bias");
        }
        sb.append('-').append(c.optimizer().kind().key()).append("-lr").append(number(c.optimizer().lr()));
        if (c.training().truncation() > 0) {
            sb.append("-k").append(c.training().truncation());
        }
        sb.append("-e").append(c.training().epochs()).append("-seed").append(c.seed());
        return sb.toString();
    }

    private static String number(double v) {
        String s = Double.toString(v);
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The names of the built-in presets, for {@code --help}. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Preset.BUILT_IN.isEmpty() ? List.of("none yet").iterator() : Preset.BUILT_IN.keySet().iterator();
        }
    }

    // ------------------------------------------------------------------ one group per record

    /** {@link TeacherConfig}'s flags; {@code model} is the file the teacher model is read from. */
    static final class TeacherOptions {
        @Option(names = "--teacher", order = 10, paramLabel = "KIND",
                description = "Teacher: iir (IIR filter in companion form), random (random RNN) or model (--teacher-model) (default: ${DEFAULT-VALUE}).")
        TeacherKind kind;

        @Option(names = "--teacher-model", order = 11, paramLabel = "FILE", description = "Teacher RNN in the model exchange format (implies --teacher model).")
        Path model;

        @Option(names = "--order", paramLabel = "N", order = 12, description = "Teacher order: poles of the IIR filter, or hidden size of a random teacher (default: ${DEFAULT-VALUE}).")
        int order;

        @Option(names = "--real-poles", order = 13, negatable = true, fallbackValue = "true",
                description = "IIR teacher: real poles only instead of complex-conjugate pairs (default: ${DEFAULT-VALUE}).")
        boolean realPolesOnly;

        @Option(names = "--max-radius", paramLabel = "X", order = 14, description = "IIR teacher: poles drawn in the disk of this radius (default: ${DEFAULT-VALUE}).")
        double maxRadius;

        @Option(names = "--teacher-activation", order = 15, paramLabel = "F", description = "Teacher activation: linear, tanh or relu (default: ${DEFAULT-VALUE}).")
        Activation activation;

        @Option(names = "--teacher-spectral-radius", paramLabel = "X", order = 16, description = "Random teacher: spectral radius of W_hh (default: ${DEFAULT-VALUE}).")
        double spectralRadius;

        TeacherOptions() {
            this(TeacherConfig.DEFAULTS);
        }

        TeacherOptions(TeacherConfig c) {
            kind = c.kind();
            order = c.order();
            realPolesOnly = c.realPolesOnly();
            maxRadius = c.maxRadius();
            activation = c.activation();
            spectralRadius = c.spectralRadius();
        }

        TeacherConfig config(boolean kindGiven) {
            RnnModel teacherModel = model == null ? null : read(model);
            // --teacher-model alone means --teacher model; with another explicit --teacher the record says why not.
            TeacherKind k = teacherModel != null && !kindGiven ? TeacherKind.MODEL : kind;
            return TeacherConfig.DEFAULTS.with(b -> b.kind(k).order(order).realPolesOnly(realPolesOnly).maxRadius(maxRadius)
                    .activation(activation).spectralRadius(spectralRadius).model(teacherModel));
        }

        /** The model in --teacher-model's file; an unreadable file is bad input (Teach unwraps the I/O error). */
        private static RnnModel read(Path file) {
            try {
                return ModelFile.read(file, ModelFile.Data.IGNORED).model();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@link StudentConfig}'s flags. */
    static final class StudentOptions {
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

        StudentOptions() {
            this(StudentConfig.DEFAULTS);
        }

        StudentOptions(StudentConfig c) {
            hidden = c.hidden();
            activation = c.activation();
            hiddenBias = c.hiddenBias();
            outputBias = c.outputBias();
            init = c.init();
            initGain = c.initGain();
        }

        StudentConfig config() {
            return StudentConfig.DEFAULTS.with(b -> b.hidden(hidden).activation(activation).hiddenBias(hiddenBias)
                    .outputBias(outputBias).init(init).initGain(initGain));
        }
    }

    /** {@link DataConfig}'s flags. */
    static final class DataOptions {
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

        DataOptions() {
            this(DataConfig.DEFAULTS);
        }

        DataOptions(DataConfig c) {
            sequences = c.sequences();
            length = c.length();
            trainFraction = c.trainFraction();
            washout = c.washout();
            inputStd = c.inputStd();
        }

        DataConfig config() {
            return DataConfig.DEFAULTS.with(b -> b.sequences(sequences).length(length).trainFraction(trainFraction)
                    .washout(washout).inputStd(inputStd));
        }
    }

    /** {@link OptimizerConfig}'s flags. */
    static final class OptimizerOptions {
        @Option(names = "--optimizer", order = 30, paramLabel = "NAME", description = "adam, sgd or lbfgs (full batch, one step(closure) per epoch), with torch.optim's update rules (default: ${DEFAULT-VALUE}).")
        OptimizerKind kind;

        @Option(names = "--lr", paramLabel = "X", order = 31, description = "Learning rate (default: ${DEFAULT-VALUE}).")
        double lr;

        @Option(names = "--beta1", paramLabel = "X", order = 32, description = "Adam beta1 (default: ${DEFAULT-VALUE}).")
        double beta1;

        @Option(names = "--beta2", paramLabel = "X", order = 33, description = "Adam beta2 (default: ${DEFAULT-VALUE}).")
        double beta2;

        @Option(names = "--adam-eps", paramLabel = "X", order = 34, description = "Adam epsilon (default: ${DEFAULT-VALUE}).")
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

        @Option(names = "--schedule", order = 300, paramLabel = "KIND", description = "Learning-rate schedule, torch.optim.lr_scheduler's: constant (or none), step, exponential, cosine or plateau (ReduceLROnPlateau on the training loss) (default: ${DEFAULT-VALUE}).")
        ScheduleKind schedule;

        @Option(names = "--step-size", order = 301, paramLabel = "N", description = "Schedule step: StepLR step_size in epochs (default: ${DEFAULT-VALUE}).")
        int stepSize;

        @Option(names = "--gamma", order = 302, paramLabel = "X", description = "Schedule step and exponential: gamma (default: ${DEFAULT-VALUE}).")
        double gamma;

        @Option(names = "--t-max", order = 303, paramLabel = "N", description = "Schedule cosine: T_max in epochs; 0 = the epochs after the warm-up (default: ${DEFAULT-VALUE}).")
        int tMax;

        @Option(names = "--eta-min", order = 304, paramLabel = "X", description = "Schedule cosine: eta_min (default: ${DEFAULT-VALUE}).")
        double etaMin;

        @Option(names = "--plateau-factor", order = 305, paramLabel = "X", description = "Schedule plateau: factor (default: ${DEFAULT-VALUE}).")
        double plateauFactor;

        @Option(names = "--plateau-patience", order = 306, paramLabel = "N", description = "Schedule plateau: patience in epochs (default: ${DEFAULT-VALUE}).")
        int plateauPatience;

        @Option(names = "--plateau-threshold", order = 307, paramLabel = "X", description = "Schedule plateau: threshold, relative (default: ${DEFAULT-VALUE}).")
        double plateauThreshold;

        @Option(names = "--plateau-cooldown", order = 308, paramLabel = "N", description = "Schedule plateau: cooldown in epochs (default: ${DEFAULT-VALUE}).")
        int plateauCooldown;

        @Option(names = "--min-lr", order = 309, paramLabel = "X", description = "Schedule plateau: min_lr (default: ${DEFAULT-VALUE}).")
        double minLr;

        @Option(names = "--warmup", order = 310, paramLabel = "N", description = "Linear warm-up epochs before the schedule (LinearLR), 0 = none (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--warmup-start-factor", order = 311, paramLabel = "X", description = "The warm-up's LinearLR start_factor (default: ${DEFAULT-VALUE}).")
        double warmupStartFactor;

        @Option(names = "--then-lbfgs", order = 312, paramLabel = "N", description = "After the epochs, N more full-batch L-BFGS steps; 0 = none (default: ${DEFAULT-VALUE}).")
        int thenLbfgs;

        @Option(names = "--lbfgs-lr", order = 313, paramLabel = "X", description = "L-BFGS lr (default: ${DEFAULT-VALUE}).")
        double lbfgsLr;

        @Option(names = "--lbfgs-history", order = 314, paramLabel = "N", description = "L-BFGS history_size (default: ${DEFAULT-VALUE}).")
        int lbfgsHistory;

        @Option(names = "--lbfgs-max-iter", order = 315, paramLabel = "N", description = "L-BFGS max_iter per step; max_eval is max_iter * 5 / 4 (default: ${DEFAULT-VALUE}).")
        int lbfgsMaxIter;

        @Option(names = "--tolerance-grad", order = 316, paramLabel = "X", description = "L-BFGS tolerance_grad (default: ${DEFAULT-VALUE}).")
        double toleranceGrad;

        @Option(names = "--tolerance-change", order = 317, paramLabel = "X", description = "L-BFGS tolerance_change (default: ${DEFAULT-VALUE}).")
        double toleranceChange;

        @Option(names = "--line-search", order = 318, paramLabel = "KIND", description = "L-BFGS line search: strong_wolfe or none (default: ${DEFAULT-VALUE}).")
        Lbfgs.LineSearch lineSearch;

        OptimizerOptions() {
            this(OptimizerConfig.DEFAULTS);
        }

        OptimizerOptions(OptimizerConfig c) {
            kind = c.kind();
            lr = c.lr();
            beta1 = c.beta1();
            beta2 = c.beta2();
            eps = c.eps();
            weightDecay = c.weightDecay();
            amsgrad = c.amsgrad();
            momentum = c.momentum();
            dampening = c.dampening();
            nesterov = c.nesterov();
            schedule = c.schedule();
            stepSize = c.stepSize();
            gamma = c.gamma();
            tMax = c.tMax();
            etaMin = c.etaMin();
            plateauFactor = c.plateauFactor();
            plateauPatience = c.plateauPatience();
            plateauThreshold = c.plateauThreshold();
            plateauCooldown = c.plateauCooldown();
            minLr = c.minLr();
            warmup = c.warmup();
            warmupStartFactor = c.warmupStartFactor();
            thenLbfgs = c.thenLbfgs();
            lbfgsLr = c.lbfgsLr();
            lbfgsHistory = c.lbfgsHistory();
            lbfgsMaxIter = c.lbfgsMaxIter();
            toleranceGrad = c.toleranceGrad();
            toleranceChange = c.toleranceChange();
            lineSearch = c.lineSearch();
        }

        OptimizerConfig config() {
            return OptimizerConfig.DEFAULTS.with(b -> b.kind(kind).lr(lr).beta1(beta1).beta2(beta2).eps(eps)
                    .weightDecay(weightDecay).amsgrad(amsgrad).momentum(momentum).dampening(dampening).nesterov(nesterov)
                    .schedule(schedule).stepSize(stepSize).gamma(gamma).tMax(tMax)
                    .etaMin(etaMin).plateauFactor(plateauFactor).plateauPatience(plateauPatience)
                    .plateauThreshold(plateauThreshold).plateauCooldown(plateauCooldown).minLr(minLr).warmup(warmup)
                    .warmupStartFactor(warmupStartFactor).thenLbfgs(thenLbfgs).lbfgsLr(lbfgsLr)
                    .lbfgsHistory(lbfgsHistory).lbfgsMaxIter(lbfgsMaxIter).toleranceGrad(toleranceGrad)
                    .toleranceChange(toleranceChange).lineSearch(lineSearch));
        }
    }

    /** {@link TrainingConfig}'s flags. */
    static final class TrainingOptions {
        @Option(names = "--epochs", paramLabel = "N", order = 41, description = "Full-batch training epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--truncation", order = 42, paramLabel = "K", description = "Truncated BPTT in steps; 0 = full BPTT (default: ${DEFAULT-VALUE}).")
        int truncation;

        @Option(names = "--clip", paramLabel = "X", order = 43, description = "Clip the global gradient norm to this; 0 = off (default: ${DEFAULT-VALUE}).")
        double clipNorm;

        @Option(names = "--test-every", paramLabel = "N", order = 44, description = "Record the test loss every this many epochs (default: ${DEFAULT-VALUE}).")
        int testEvery;

        @Option(names = "--keep-best", order = 45, negatable = true, fallbackValue = "true", description = "Keep the student of the lowest training loss, not the last; results.json then has `best` and `final` blocks (default: ${DEFAULT-VALUE}).")
        boolean keepBest;

        @Option(names = "--target-nmse", order = 46, paramLabel = "X", description = "Stop once the training NMSE (loss over the variance of the kept training targets) is at or below X; 0 = off (default: ${DEFAULT-VALUE}).")
        double targetNmse;

        @Option(names = "--patience", order = 47, paramLabel = "N", description = "Stop after N epochs without a new lowest training loss; 0 = off (default: ${DEFAULT-VALUE}).")
        int patience;

        @Option(names = "--converged-nmse", order = 48, paramLabel = "X", description = "Label the run converged when the kept student's test NMSE is at or below X (default: ${DEFAULT-VALUE}).")
        double convergedNmse;

        @Option(names = "--dtype", order = 49, paramLabel = "TYPE", description = "Training precision: float64, or float32 (data, weights and BPTT in float, as PyTorch's default; losses and analysis in double on the trained weights) (default: ${DEFAULT-VALUE}).")
        Dtype dtype;

        TrainingOptions() {
            this(TrainingConfig.DEFAULTS);
        }

        TrainingOptions(TrainingConfig c) {
            epochs = c.epochs();
            truncation = c.truncation();
            clipNorm = c.clipNorm();
            testEvery = c.testEvery();
            keepBest = c.keepBest();
            targetNmse = c.targetNmse();
            patience = c.patience();
            convergedNmse = c.convergedNmse();
            dtype = c.dtype();
        }

        TrainingConfig config() {
            return TrainingConfig.DEFAULTS.with(b -> b.epochs(epochs).truncation(truncation).clipNorm(clipNorm)
                    .testEvery(testEvery).keepBest(keepBest).targetNmse(targetNmse).patience(patience)
                    .convergedNmse(convergedNmse).dtype(dtype));
        }
    }

    /** {@link AnalysisConfig}'s flags. */
    static final class AnalysisOptions {
        @Option(names = "--threshold", paramLabel = "X", order = 60,
                description = "A pole and a student eigenvalue closer than this are aligned (default: ${DEFAULT-VALUE}).")
        double matchThreshold;

        @Option(names = "--track-every", paramLabel = "N", order = 61,
                description = "Record the eigenvalues of W_hh every N epochs, and at epoch 0 and the last; 0 = about 300 records per run, ceil(epochs / 300) (default: ${DEFAULT-VALUE}).")
        int trackEvery;

        AnalysisOptions() {
            this(AnalysisConfig.DEFAULTS);
        }

        AnalysisOptions(AnalysisConfig c) {
            matchThreshold = c.matchThreshold();
            trackEvery = c.trackEvery();
        }

        AnalysisConfig config() {
            return AnalysisConfig.DEFAULTS.with(b -> b.matchThreshold(matchThreshold).trackEvery(trackEvery));
        }
    }
}
