package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.rnn.experiment.AnalysisConfig;
import org.teachingrnns.rnn.experiment.DataConfig;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.OptimizerConfig;
import org.teachingrnns.rnn.experiment.Preset;
import org.teachingrnns.rnn.experiment.RandomConfigs;
import org.teachingrnns.rnn.experiment.StudentConfig;
import org.teachingrnns.rnn.experiment.TeacherConfig;
import org.teachingrnns.rnn.experiment.TrainingConfig;
import org.teachingrnns.rnn.teacher.TeacherKind;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class RunOptionsTest {

    @TempDir
    Path dir;

    /** Which record each class of flags fills. */
    private static final Map<Class<?>, Class<? extends Record>> RECORD_OF = Map.of(
            RunOptions.class, ExperimentConfig.class,
            RunOptions.TeacherOptions.class, TeacherConfig.class,
            RunOptions.StudentOptions.class, StudentConfig.class,
            RunOptions.DataOptions.class, DataConfig.class,
            RunOptions.OptimizerOptions.class, OptimizerConfig.class,
            RunOptions.TrainingOptions.class, TrainingConfig.class,
            RunOptions.AnalysisOptions.class, AnalysisConfig.class);

    /** The records of the groups; ExperimentConfig's own components other than the seed are these records. */
    private static final Set<Class<?>> GROUP_RECORDS = Set.of(TeacherConfig.class, StudentConfig.class, DataConfig.class,
            OptimizerConfig.class, TrainingConfig.class, AnalysisConfig.class);

    /** The flags without a default value, and why: a file to read, and no preset. */
    private static final Set<String> NO_DEFAULT = Set.of("--teacher-model", "--preset");

    private static CommandSpec runSpec() {
        return Teach.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getSubcommands().get("run").getCommandSpec();
    }

    private static Field field(OptionSpec o) {
        return o.userObject() instanceof Field f ? f : null;
    }

    /** The config value of a flag's setting, through the record component of the flag's field name. */
    private static Object settingOf(ExperimentConfig c, Field f) throws ReflectiveOperationException {
        Object owner = RECORD_OF.get(f.getDeclaringClass()) == ExperimentConfig.class ? c
                : ExperimentConfig.class.getMethod(groupAccessor(f.getDeclaringClass())).invoke(c);
        return owner.getClass().getMethod(f.getName()).invoke(owner);
    }

    private static String groupAccessor(Class<?> options) {
        for (RecordComponent rc : ExperimentConfig.class.getRecordComponents()) {
            if (rc.getType() == RECORD_OF.get(options)) {
                return rc.getName();
            }
        }
        throw new AssertionError(options);
    }

    @Test
    void everyRunFlagHasADefaultAHelpLineAndAConfigFieldAndEveryFieldAFlag() throws ReflectiveOperationException {
        CommandSpec run = runSpec();
        Set<String> runFlags = new HashSet<>();
        for (OptionSpec o : run.options()) {
            runFlags.add(o.longestName());
        }
        Set<String> covered = new TreeSet<>();
        int settings = 0;
        for (OptionSpec o : RunOptions.commandLine(new RunOptions()).getCommandSpec().options()) {
            String flag = o.longestName();
            assertTrue(runFlags.contains(flag), flag + " is a flag of teach run");
            assertTrue(o.description().length == 1 && o.description()[0].length() > 10, flag + " has a help line");
            if (flag.equals("--preset")) {
                continue;
            }
            Field f = field(o);
            assertNotNull(f, flag + " is bound to a field");
            Class<? extends Record> record = RECORD_OF.get(f.getDeclaringClass());
            assertNotNull(record, flag + " is declared in a class of flags");
            RecordComponent component = null;
            for (RecordComponent rc : record.getRecordComponents()) {
                if (rc.getName().equals(f.getName())) {
                    component = rc;
                }
            }
            assertNotNull(component, flag + ": " + record.getSimpleName() + " has no component " + f.getName());
            assertTrue(covered.add(record.getSimpleName() + "." + f.getName()), "two flags for " + f.getName());
            settings++;
            if (NO_DEFAULT.contains(flag)) {
                assertFalse(o.description()[0].contains("(default"), flag);
                continue;
            }
            // The default shown is the record's default, whatever the field's type.
            String shown = String.valueOf(settingOf(ExperimentConfig.defaults(), f));
            assertEquals(shown, String.valueOf(o.initialValue()), flag + " default");
            assertTrue(o.description()[0].endsWith("(default: " + shown + ")."), flag + " shows its default: " + o.description()[0]);
            assertEquals(component.getType(), f.getType(), flag + " has the setting's type");
        }
        // Every component of every record has its flag (the teacher model's is a file, the model read from it).
        Set<String> components = new TreeSet<>();
        for (Class<? extends Record> r : RECORD_OF.values()) {
            for (RecordComponent rc : r.getRecordComponents()) {
                if (!GROUP_RECORDS.contains(rc.getType())) {
                    components.add(r.getSimpleName() + "." + rc.getName());
                }
            }
        }
        assertEquals(components, covered);
        assertEquals(ExperimentConfig.defaults().toMap().size(), settings, "one flag per results.json config key");
    }

    @Test
    void helpListsTheFlagsByGroupWithTheirDefaults() {
        Cli r = Cli.run("run", "--help");
        assertEquals(0, r.code(), r.err());
        String help = r.out();
        int at = 0;
        for (String heading : List.of("Teacher:", "Student:", "Data:", "Optimizer:", "Training:", "Analysis:")) {
            int h = help.indexOf("\n" + heading + "\n");
            assertTrue(h > at, heading + " after the previous group:\n" + help);
            at = h;
        }
        for (RunOptions.Flag f : RunOptions.flags()) {
            int pos = help.indexOf(f.isSwitch() ? "--[no-]" + f.name().substring(2) : f.name() + "=");
            assertTrue(pos > 0, f.name());
            if (!f.group().isEmpty()) {
                int heading = help.indexOf("\n" + f.group() + ":\n");
                int next = help.indexOf(":\n", heading + f.group().length() + 3);
                assertTrue(pos > heading && (next < 0 || pos < next || help.lastIndexOf('\n', next) < pos),
                        f.name() + " under " + f.group());
            }
        }
        String flat = help.replaceAll("\\s+", " ");
        assertTrue(flat.contains("--beta2=X Adam beta2 (default: 0.999)"), flat);
        assertTrue(flat.contains("--hidden=N Student hidden units (default: 5)"), flat);
    }

    @Test
    void flagsListsEveryFlagOnceWithItsGroup() {
        List<RunOptions.Flag> flags = RunOptions.flags();
        Set<String> names = new LinkedHashSet<>();
        for (RunOptions.Flag f : flags) {
            assertTrue(names.add(f.name()), "twice: " + f.name());
        }
        assertEquals(ExperimentConfig.defaults().toMap().size() + 1, flags.size(), "every setting and --preset");
        Map<String, String> some = Map.of("--seed", "", "--preset", "", "--order", "Teacher", "--hidden", "Student",
                "--washout", "Data", "--beta1", "Optimizer", "--epochs", "Training", "--threshold", "Analysis");
        for (RunOptions.Flag f : flags) {
            if (some.containsKey(f.name())) {
                assertEquals(some.get(f.name()), f.group(), f.name());
            }
        }
        assertTrue(flags.stream().filter(RunOptions.Flag::isSwitch).map(RunOptions.Flag::name).toList()
                .containsAll(List.of("--real-poles", "--hidden-bias", "--output-bias", "--amsgrad", "--nesterov", "--keep-best")));
        assertEquals(6, flags.stream().filter(RunOptions.Flag::isSwitch).count());
    }

    /** The flags that say c: every setting, booleans as --x / --no-x, the teacher model through a file. */
    private List<String> flagsOf(ExperimentConfig c) throws ReflectiveOperationException, IOException {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : RunOptions.commandLine(new RunOptions()).getCommandSpec().options()) {
            Field f = field(o);
            if (f == null || o.longestName().equals("--preset")) {
                continue;
            }
            if (o.longestName().equals("--teacher-model")) {
                if (c.teacher().model() != null) {
                    Path file = dir.resolve("teacher-" + args.size() + "-" + System.nanoTime() + ".json");
                    Json.MAPPER.writeValue(file.toFile(), c.teacher().model().toMap());
                    args.add("--teacher-model=" + file);
                }
                continue;
            }
            Object v = settingOf(c, f);
            if (v instanceof Boolean b) {
                args.add(b ? o.longestName() : "--no-" + o.longestName().substring(2));
            } else {
                args.add(o.longestName() + "=" + v);
            }
        }
        return args;
    }

    @Test
    void parseOfTheFlagsOfARandomConfigGivesThatConfig() throws Exception {
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < 300; i++) {
            ExperimentConfig c = RandomConfigs.draw(rng);
            List<String> args = flagsOf(c);
            assertEquals(c, RunOptions.parse(args), () -> String.join(" ", args));
            // The order of the flags does not matter.
            List<String> shuffled = new ArrayList<>(args);
            java.util.Collections.shuffle(shuffled, new java.util.Random(i));
            assertEquals(c, RunOptions.parse(shuffled));
        }
        assertEquals(ExperimentConfig.defaults(), RunOptions.parse(List.of()));
    }

    @Test
    void resultsJsonConfigReadBackIsTheSameConfig() throws Exception {
        // What a sweep does to resume: results.json's config (through JSON) back to a config, compared with equals.
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            ExperimentConfig c = RandomConfigs.draw(rng);
            String json = Json.MAPPER.writeValueAsString(c.toMap());
            Map<String, Object> read = Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
            });
            assertEquals(c, ExperimentConfig.fromMap(read), json);
        }
    }

    @Test
    void aModelTeacherFileImpliesTeacherModel() throws Exception {
        ExperimentConfig c = ExperimentConfig.defaults().withTeacher(t -> t.kind(TeacherKind.MODEL)
                .model(RandomConfigs.model(new SplittableRandom(1))));
        Path file = dir.resolve("m.json");
        Json.MAPPER.writeValue(file.toFile(), c.teacher().model().toMap());
        assertEquals(c, RunOptions.parse(List.of("--teacher-model", file.toString())));
        assertEquals(c, RunOptions.parse(List.of("--teacher", "model", "--teacher-model", file.toString())));
        assertMessage("--teacher-model needs --teacher model (or no --teacher), not --teacher iir",
                List.of("--teacher", "iir", "--teacher-model", file.toString()));
        assertMessage("--teacher model needs --teacher-model FILE", List.of("--teacher", "model"));
    }

    @Test
    void badFlagsAreOneLineNamingTheFlag() {
        assertMessage("Unknown option", List.of("--lrr", "0.1"));
        assertMessage("option '--washout' should be specified only once", List.of("--washout", "5", "--length", "40", "--washout", "4"));
        assertMessage("option '--hidden-bias' should be specified only once", List.of("--hidden-bias", "--no-hidden-bias"));
        assertMessage("option '--seed' (N) should be specified only once", List.of("--seed", "1", "--seed=2"));
        Cli twice = Cli.run("run", "--lr", "0.1", "--out", dir.resolve("never").toString(), "--lr=0.2").assertBadInput();
        assertTrue(twice.err().startsWith("teach: option '--lr' should be specified only once"), twice.err());
        assertMessage("--lr", List.of("--lr", "fast"));
        assertMessage("--beta1 must be in [0.0, 1.0), got 1.0", List.of("--beta1", "1"));
        assertMessage("unknown activation 'sigmoid'", List.of("--activation", "sigmoid"));
        assertMessage("reduce --hidden", List.of("--hidden", "50000"));
        Cli r = Cli.run("run", "--beta2", "1.5", "--out", dir.resolve("never").toString()).assertBadInput();
        assertEquals("teach: --beta2 must be in [0.0, 1.0), got 1.5", r.errWithoutJvmNoise().strip());
        Cli big = Cli.run("run", "--hidden", "60000", "--out", dir.resolve("never").toString()).assertBadInput();
        assertTrue(big.err().contains("the student's parameters") && big.err().contains("reduce --hidden"), big.err());
        assertFalse(dir.resolve("never").toFile().exists());
    }

    private static void assertMessage(String expected, List<String> args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    // ------------------------------------------------------------------ --preset

    /**
     * A preset registered only here, so the mechanism is tested independently of the built-in presets (whose values
     * follow measurements and may change).
     */
    private static final Map<String, Preset> TEST_PRESETS = Preset.registry(new Preset("tiny", "a tiny, fast run",
            Map.of("order", 2, "hidden", 2, "hidden_bias", true, "epochs", 30, "lr", 0.02, "sequences", 10, "length", 40,
                    "washout", 5)));

    private static ExperimentConfig withPreset(String... args) {
        return RunOptions.parse(List.of(args), TEST_PRESETS);
    }

    @Test
    void aPresetSetsItsSettingsAndExplicitFlagsOverrideItInAnyOrder() {
        ExperimentConfig tiny = TEST_PRESETS.get("tiny").applyTo(ExperimentConfig.defaults());
        assertEquals(tiny, withPreset("--preset", "tiny"));
        assertEquals(2, tiny.student().hidden());
        assertEquals(30, tiny.training().epochs());
        // After or before --preset, a flag wins; also when its value is the default the preset changes.
        ExperimentConfig expected = tiny.withOptimizer(o -> o.lr(0.05)).withStudent(s -> s.hidden(5).hiddenBias(false))
                .withSeed(3);
        assertEquals(expected, withPreset("--preset", "tiny", "--lr", "0.05", "--hidden", "5", "--no-hidden-bias", "--seed", "3"));
        assertEquals(expected, withPreset("--lr=0.05", "--hidden", "5", "--no-hidden-bias", "--seed", "3", "--preset=tiny"));
        // Settings the preset does not name keep their defaults; settings it names but no flag gives keep its values.
        ExperimentConfig mixed = withPreset("--epochs", "7", "--preset", "TINY", "--teacher", "random");
        assertEquals(tiny.withTraining(t -> t.epochs(7)).withTeacher(t -> t.kind(TeacherKind.RANDOM)), mixed);
        assertEquals(ExperimentConfig.defaults(), RunOptions.parse(List.of(), TEST_PRESETS), "no --preset, no preset");
    }

    @Test
    void anUnknownPresetListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withPreset("--preset", "fast"));
        assertEquals("unknown preset 'fast'; known: tiny", e.getMessage());
        assertTrue(Preset.BUILT_IN.isEmpty() || !Preset.BUILT_IN.containsKey("fast"));
        Cli r = Cli.run("run", "--preset", "fast", "--out", dir.resolve("never").toString()).assertBadInput();
        assertTrue(r.err().contains("unknown preset 'fast'"), r.err());
    }

    @Test
    void theRunCommandAppliesAPresetThroughTheSameParse() {
        // teach run's flags are RunOptions mixed into the command: the same parse result goes to the same config().
        RunCommand cmd = new RunCommand();
        picocli.CommandLine cl = Converters.register(new picocli.CommandLine(cmd));
        picocli.CommandLine.ParseResult pr = cl.parseArgs("--preset", "tiny", "--hidden", "3", "--out", "x", "--quiet");
        assertEquals(TEST_PRESETS.get("tiny").applyTo(ExperimentConfig.defaults()).withStudent(s -> s.hidden(3)),
                cmd.experiment.config(pr, TEST_PRESETS));
    }
}
