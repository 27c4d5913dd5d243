package org.teachingrnns.rnn.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * Writes the exact initial conditions of the default experiment for one seed (teacher poles and model, the
 * train and test data, the untrained student, the optimiser settings) as JSON, the input of
 * {@code bench/scripts/torch_reference.py train}; with {@code --train} it also trains in Java and adds what
 * Java got under {@code "java"} (the per-epoch train loss, final train/test MSE, eigenvalues, aligned poles),
 * so both trajectories can be compared from the same starting point. Not a test: run it by hand,
 * <pre>
 *   mvn -q -pl rnn -am test-compile
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *        -cp rnn/target/classes:rnn/target/test-classes:numeric/target/classes:native-bindings/target/classes:$(cat cp.txt) \
 *        org.teachingrnns.rnn.experiment.ExportInitialConditions SEED OUT.json [--train] [--epochs N]
 * </pre>
 * (cp.txt from {@code mvn -q -pl rnn dependency:build-classpath -Dmdep.outputFile=cp.txt}, for Jackson).
 */
public final class ExportInitialConditions {

    private ExportInitialConditions() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ExportInitialConditions SEED OUT.json [--train] [--epochs N]");
            System.exit(2);
        }
        long seed = Long.parseLong(args[0]);
        File out = new File(args[1]);
        boolean train = false;
        ExperimentConfig.Builder b = ExperimentConfig.defaults().toBuilder().seed(seed);
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--train" -> train = true;
                case "--epochs" -> b.epochs(Integer.parseInt(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ExperimentConfig c = b.build();
        new ObjectMapper().writeValue(out, export(c, train));
    }

    /** The initial conditions of c as a JSON-ready map; with train, also Java's training run from them. */
    static Map<String, Object> export(ExperimentConfig c, boolean train) {
        Experiment.InitialConditions ic = Experiment.prepare(c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", c.seed());
        m.put("config", c.toMap());
        m.put("washout", c.washout());
        m.put("lr", c.lr());
        m.put("betas", List.of(c.beta1(), c.beta2()));
        m.put("eps", c.eps());
        m.put("epochs", c.epochs());
        m.put("match_threshold", c.matchThreshold());
        m.put("poles", complexList(ic.teacher().poles()));
        m.put("teacher", model(ic.teacher().model()));
        m.put("student", model(ic.student()));
        m.put("train", data(ic.train()));
        m.put("test", data(ic.test()));
        if (train) {
            ExperimentResult r = Experiment.run(c, null);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("backend", Blas.get().name());
            j.put("train_loss", r.lossHistory().train());
            j.put("final_train_mse", r.trainLoss());
            j.put("final_test_mse", r.testLoss());
            j.put("eigenvalues", complexList(r.eigenvalues()));
            j.put("aligned_greedy", r.matching().greedy().aligned());
            j.put("aligned_optimal", r.matching().optimal().aligned());
            j.put("ms_per_epoch", r.timing().msPerEpoch());
            j.put("diverged", r.divergence().diverged());
            m.put("java", j);
        }
        return m;
    }

    private static Map<String, Object> model(RnnModel r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activation", r.activation().name().toLowerCase(java.util.Locale.ROOT));
        m.put("W_ih", r.matrix(Parameter.W_IH));
        m.put("W_hh", r.matrix(Parameter.W_HH));
        m.put("W_ho", r.matrix(Parameter.W_HO));
        if (r.hasHiddenBias()) {
            m.put("b_h", r.vector(Parameter.B_H));
        }
        if (r.hasOutputBias()) {
            m.put("b_o", r.vector(Parameter.B_O));
        }
        return m;
    }

    private static Map<String, Object> data(Sequences s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", s.inputs());
        m.put("targets", s.targets());
        return m;
    }

    private static List<double[]> complexList(ComplexArray z) {
        List<double[]> l = new ArrayList<>();
        for (int i = 0; i < z.length(); i++) {
            l.add(new double[] {z.re(i), z.im(i)});
        }
        return l;
    }
}
