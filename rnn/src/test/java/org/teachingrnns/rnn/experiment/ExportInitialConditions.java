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
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.train.Adam;
import org.teachingrnns.rnn.train.Trainer;

/**
 * Writes the exact initial conditions of the default experiment for one seed (teacher poles and model, the
 * train and test data, the untrained student, the optimiser settings) as JSON, the input of
 * {@code bench/scripts/torch_reference.py train}; with {@code --train} it also trains in Java and adds what
 * Java got under {@code "java"} (the per-epoch train loss, final train/test MSE, eigenvalues, aligned poles),
 * so both trajectories can be compared from the same starting point; with {@code --control EPS} also Java's run
 * from the initial weights times (1 + EPS) under {@code "java_perturbed"}, the yardstick for how soon rounding-level
 * differences grow in this training. Not a test: run it by hand,
 * <pre>
 *   mvn -q -pl rnn -am test-compile
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *        -cp rnn/target/classes:rnn/target/test-classes:numeric/target/classes:native-bindings/target/classes:$(cat cp.txt) \
 *        org.teachingrnns.rnn.experiment.ExportInitialConditions SEED OUT.json [--train] [--epochs N] [--control EPS]
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
        double control = 0;
        ExperimentConfig c = ExperimentConfig.defaults().withSeed(seed);
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--train" -> train = true;
                case "--epochs" -> {
                    int epochs = Integer.parseInt(args[++i]);
                    c = c.withTraining(t -> t.epochs(epochs));
                }
                case "--control" -> control = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Object> m = export(c, train);
        if (control != 0) {
            m.put("java_perturbed", perturbedRun(c, control));
        }
        new ObjectMapper().writeValue(out, m);
    }

    /** The initial conditions of c as a JSON-ready map; with train, also Java's training run from them. */
    static Map<String, Object> export(ExperimentConfig c, boolean train) {
        Experiment.InitialConditions ic = Experiment.prepare(c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", c.seed());
        m.put("config", c.toMap());
        m.put("washout", c.data().washout());
        m.put("lr", c.optimizer().lr());
        m.put("betas", List.of(c.optimizer().beta1(), c.optimizer().beta2()));
        m.put("eps", c.optimizer().eps());
        m.put("epochs", c.training().epochs());
        m.put("match_threshold", c.analysis().matchThreshold());
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

    /**
     * The chaos control: Java's training from the same initial conditions with every initial weight multiplied
     * by (1 + eps), through the same Trainer and Adam as {@link Experiment#run} (ExperimentTest checks that
     * this path reproduces run bit for bit when eps = 0).
     */
    static Map<String, Object> perturbedRun(ExperimentConfig c, double eps) {
        Experiment.InitialConditions ic = Experiment.prepare(c);
        RnnModel s = ic.student();
        double[] w = s.parameterArray();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 1.0 + eps;
        }
        Trainer.Result tr = Trainer.train(s, ic.train(), ic.test(),
                new Adam(s.parameterCount(), c.optimizer().lr(), c.optimizer().beta1(), c.optimizer().beta2(), c.optimizer().eps(),
                        c.optimizer().weightDecay(), c.optimizer().amsgrad()),
                new Trainer.Settings(c.training().epochs(), c.data().washout(), c.training().truncation(),
                        c.training().clipNorm(), c.training().testEvery()), null);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("relative_perturbation", eps);
        j.put("train_loss", tr.trainLoss());
        j.put("final_train_mse", BpttWorkspace.of(s, ic.train(), c.data().washout(), 0).loss(w, null));
        j.put("final_test_mse", BpttWorkspace.of(s, ic.test(), c.data().washout(), 0).loss(w, null));
        ComplexArray eig = Spectra.eigenvalues(s);
        j.put("eigenvalues", complexList(eig));
        j.put("aligned_greedy", PoleMatching.greedy(ic.teacher().poles(), eig, c.analysis().matchThreshold()).aligned());
        return j;
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
