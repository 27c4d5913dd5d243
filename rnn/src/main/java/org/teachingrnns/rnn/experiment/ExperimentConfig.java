package org.teachingrnns.rnn.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.teachingrnns.rnn.teacher.TeacherKind;

/**
 * Every setting of one teacher-student experiment: the seed and one record per part, each validated on
 * construction with messages that name the command-line flag ({@code teach} prints them as they are).
 * {@link #defaults()} are the reference notebook's settings (docs/DESIGN.md): IIR teacher of order 5 with poles in
 * the unit disk, student hidden 5, linear, no biases, PyTorch init, Adam lr 0.01, 3000 full-batch epochs, 100
 * sequences of 150 steps of N(0, 1) input, 80/20 split, washout 50.
 *
 * <p>Each default is written once, as a field initialiser of its record's {@code Builder}; each check once, in
 * its record's constructor, and the checks that span records (array sizes) here. Change settings by name:
 * {@code defaults().withTraining(t -> t.epochs(200)).withData(d -> d.sequences(20))}, or by snake_case key with
 * {@link #with(Map)}; {@link #toMap()} and {@link #fromMap(Map)} are inverse.
 *
 * <p>A new setting is a component of the record of its part, with its default in that record's builder, its
 * check in its constructor, its key in {@code putInto}/{@code from}, and its flag in the command line's
 * options of that part; tests check that every component has a flag with a default and a help line, and a
 * key that survives the round trip. Where the settings announced in docs/DESIGN.md belong: learning-rate
 * schedules and L-BFGS in {@link OptimizerConfig}; keep-best, stopping rules ({@code --target-nmse},
 * {@code --patience}), {@code --converged-nmse} and {@code --dtype} in {@link TrainingConfig};
 * {@code --track-every} in {@link AnalysisConfig}. Named presets are {@link Preset}s (settings by key).
 *
 * @param seed     {@code --seed}: every random draw (teacher, data, initialisation) comes from this seed (default 1)
 * @param teacher  the teacher that produces the data
 * @param student  the student RNN
 * @param data     the input sequences and the train/test split
 * @param optimizer the optimiser and its hyperparameters
 * @param training the training loop (epochs, truncation, clipping, test-loss cadence)
 * @param analysis the comparison of the student's spectrum with the teacher's
 */
public record ExperimentConfig(long seed, TeacherConfig teacher, StudentConfig student, DataConfig data,
                               OptimizerConfig optimizer, TrainingConfig training, AnalysisConfig analysis) {

    /** The default seed. */
    public static final long DEFAULT_SEED = 1L;

    private static final ExperimentConfig DEFAULTS = new ExperimentConfig(DEFAULT_SEED, TeacherConfig.DEFAULTS,
            StudentConfig.DEFAULTS, DataConfig.DEFAULTS, OptimizerConfig.DEFAULTS, TrainingConfig.DEFAULTS, AnalysisConfig.DEFAULTS);

    public ExperimentConfig {
        Require.notNull("teacher settings", teacher);
        Require.notNull("student settings", student);
        Require.notNull("data settings", data);
        Require.notNull("optimizer settings", optimizer);
        Require.notNull("training settings", training);
        Require.notNull("analysis settings", analysis);
        checkSizes(teacher, student, data);
    }

    /**
     * The arrays an experiment allocates, sized in 64-bit arithmetic so that a size past what one Java array
     * holds is one clear message here rather than a NegativeArraySizeException in the middle of a run (issue 13).
     * The sizes are those of RnnModel (one parameter array) and BpttWorkspace (inputs, targets and hidden states
     * of a whole split, h_{-1} included, flattened; the teacher's forward pass runs over all sequences at once).
     */
    private static void checkSizes(TeacherConfig teacher, StudentConfig student, DataConfig data) {
        long in = teacher.inputSize();
        long out = teacher.outputSize();
        long hidden = student.hidden();
        long length = data.length();
        long batch = Math.max(data.trainSequences(), data.testSequences());
        Require.arrayLength("the student's parameters, --hidden x (inputs + --hidden + outputs + 2),", "--hidden",
                hidden, in + hidden + out + 2);
        Require.arrayLength("the data, --sequences x --length x (inputs + outputs),", "--sequences or --length",
                data.sequences(), length, in + out);
        Require.arrayLength("BPTT's hidden states, --hidden x (--length + 1) x sequences of a split,",
                "--hidden, --length or --sequences", hidden, length + 1, batch);
        if (teacher.kind() != TeacherKind.IIR) { // an IIR teacher responds through lfilter, an RNN teacher by a forward pass
            Require.arrayLength("the teacher's hidden states, teacher hidden size x (--length + 1) x --sequences,",
                    "--order, --length or --sequences", teacher.hiddenSize(), length + 1, data.sequences());
        }
    }

    /** The notebook's defaults. */
    public static ExperimentConfig defaults() {
        return DEFAULTS;
    }

    public ExperimentConfig withSeed(long seed) {
        return new ExperimentConfig(seed, teacher, student, data, optimizer, training, analysis);
    }

    public ExperimentConfig withTeacher(TeacherConfig teacher) {
        return new ExperimentConfig(seed, teacher, student, data, optimizer, training, analysis);
    }

    public ExperimentConfig withStudent(StudentConfig student) {
        return new ExperimentConfig(seed, teacher, student, data, optimizer, training, analysis);
    }

    public ExperimentConfig withData(DataConfig data) {
        return new ExperimentConfig(seed, teacher, student, data, optimizer, training, analysis);
    }

    public ExperimentConfig withOptimizer(OptimizerConfig optimizer) {
        return new ExperimentConfig(seed, teacher, student, data, optimizer, training, analysis);
    }

    public ExperimentConfig withTraining(TrainingConfig training) {
        return new ExperimentConfig(seed, teacher, student, data, optimizer, training, analysis);
    }

    public ExperimentConfig withAnalysis(AnalysisConfig analysis) {
        return new ExperimentConfig(seed, teacher, student, data, optimizer, training, analysis);
    }

    public ExperimentConfig withTeacher(UnaryOperator<TeacherConfig.Builder> change) {
        return withTeacher(teacher.with(change));
    }

    public ExperimentConfig withStudent(UnaryOperator<StudentConfig.Builder> change) {
        return withStudent(student.with(change));
    }

    public ExperimentConfig withData(UnaryOperator<DataConfig.Builder> change) {
        return withData(data.with(change));
    }

    public ExperimentConfig withOptimizer(UnaryOperator<OptimizerConfig.Builder> change) {
        return withOptimizer(optimizer.with(change));
    }

    public ExperimentConfig withTraining(UnaryOperator<TrainingConfig.Builder> change) {
        return withTraining(training.with(change));
    }

    public ExperimentConfig withAnalysis(UnaryOperator<AnalysisConfig.Builder> change) {
        return withAnalysis(analysis.with(change));
    }

    /**
     * Every setting under its snake_case key, in a stable order (seed, then teacher, student, optimizer,
     * training, data, analysis): results.json's {@code config}. {@code teacher_model} is the model's
     * exchange-format map, or null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        teacher.putInto(m);
        student.putInto(m);
        optimizer.putInto(m);
        training.putInto(m);
        data.putInto(m);
        analysis.putInto(m);
        return m;
    }

    /**
     * The configuration with the given settings and {@link #defaults()} for the others: the inverse of
     * {@link #toMap()} ({@code fromMap(c.toMap()).equals(c)}), and how a grid file or a results.json
     * {@code config} is read back.
     *
     * @throws IllegalArgumentException on an unknown key, a value of the wrong type, or an invalid setting
     */
    public static ExperimentConfig fromMap(Map<String, ?> settings) {
        return DEFAULTS.with(settings);
    }

    /** This configuration with the given settings (snake_case keys, as {@link #toMap()}) changed. */
    public ExperimentConfig with(Map<String, ?> settings) {
        SettingsMap s = new SettingsMap(settings);
        ExperimentConfig c = new ExperimentConfig(s.longValue("seed", seed), TeacherConfig.from(s, teacher),
                StudentConfig.from(s, student), DataConfig.from(s, data), OptimizerConfig.from(s, optimizer),
                TrainingConfig.from(s, training), AnalysisConfig.from(s, analysis));
        s.requireAllRead();
        return c;
    }
}
