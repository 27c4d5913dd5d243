package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * {@code teach run --export-init DIR}: the exact starting point of a run, for PyTorch or any other code, drawn as
 * {@link Experiment#prepare} draws it (so as the run itself):
 * <ul>
 *   <li>{@code initial.json}: {@code seed}, {@code config} (as results.json's), {@code washout}, Adam's {@code lr},
 *       {@code betas}, {@code eps}, {@code epochs}, {@code match_threshold}, the teacher's {@code poles}, the
 *       {@code teacher} and the untrained {@code student} (model exchange format), and the {@code train} and
 *       {@code test} data ({@code inputs} [batch][time][input], {@code targets} [batch][time][output]): the input of
 *       {@code bench/scripts/torch_reference.py train};</li>
 *   <li>{@code student.json} and {@code teacher.json}: each model in the model exchange format with the training
 *       data and the washout, the input of {@code teach grad --input} (and {@code --teacher-model});</li>
 *   <li>{@code test.json}: the untrained student with the test data.</li>
 * </ul>
 * Doubles are written with all their digits (Jackson's shortest round-trip form), so the files read back to the
 * same bits. Each file is written to a temporary name and renamed.
 */
final class InitialConditionsExport {

    /** The file names, in DIR. */
    static final String INITIAL = "initial.json";
    static final String STUDENT = "student.json";
    static final String TEACHER = "teacher.json";
    static final String TEST = "test.json";

    private InitialConditionsExport() {
    }

    /** Writes the four files into dir (created if needed); returns their paths. */
    static List<Path> write(Path dir, ExperimentConfig c) throws IOException {
        Experiment.InitialConditions ic = Experiment.prepare(c);
        Files.createDirectories(dir);
        int washout = c.data().washout();
        Path initial = dir.resolve(INITIAL);
        Path student = dir.resolve(STUDENT);
        Path teacher = dir.resolve(TEACHER);
        Path test = dir.resolve(TEST);
        AtomicFiles.writeString(initial, Json.MAPPER.writeValueAsString(initialMap(c, ic)));
        AtomicFiles.writeString(student, Json.MAPPER.writeValueAsString(modelWithData(ic.student(), ic.train(), washout)));
        AtomicFiles.writeString(teacher, Json.MAPPER.writeValueAsString(
                modelWithData(ic.teacher().model(), ic.train(), washout)));
        AtomicFiles.writeString(test, Json.MAPPER.writeValueAsString(modelWithData(ic.student(), ic.test(), washout)));
        return List.of(initial, student, teacher, test);
    }

    /** initial.json as a map (the keys torch_reference.py's {@code train} reads, and the whole config). */
    static Map<String, Object> initialMap(ExperimentConfig c, Experiment.InitialConditions ic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", c.seed());
        m.put("config", c.toMap());
        m.put("washout", c.data().washout());
        m.put("lr", c.optimizer().lr());
        m.put("betas", List.of(c.optimizer().beta1(), c.optimizer().beta2()));
        m.put("eps", c.optimizer().eps());
        m.put("epochs", c.training().epochs());
        m.put("match_threshold", c.analysis().matchThreshold());
        m.put("poles", ic.teacher().poles().toPairs());
        m.put("teacher", ic.teacher().model().toMap());
        m.put("student", ic.student().toMap());
        m.put("train", data(ic.train()));
        m.put("test", data(ic.test()));
        return m;
    }

    private static Map<String, Object> modelWithData(RnnModel model, Sequences data, int washout) {
        Map<String, Object> m = new LinkedHashMap<>(model.toMap());
        m.put("washout", washout);
        m.putAll(data(data));
        return m;
    }

    private static Map<String, Object> data(Sequences s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", s.inputs());
        m.put("targets", s.targets());
        return m;
    }
}
