package org.teachingrnns.rnn.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.bptt.BpttWorkspace;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.train.Adam;
import org.teachingrnns.rnn.train.Trainer;

/**
 * Trains in Java from initial conditions written by {@code bench/scripts/torch_reference.py export-seeds} (the
 * notebook's NumPy teachers and data and torch's default initialisation), or by {@link ExportInitialConditions}:
 * the same Trainer and Adam as {@link Experiment#run}. Prints one line per file and appends one JSON line per
 * file to OUT.jsonl ({@code seed, source, test_mse, final_train_mse, aligned, train_loss} at epochs 1, 10, 100,
 * 1000, 3000), so Java's distribution over torch's own draws can be set beside torch's. Not a test: run by hand,
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp rnn/target/test-classes:rnn/target/rnn-0.1.0-SNAPSHOT-cli.jar \
 *        org.teachingrnns.rnn.experiment.TrainFromInitialConditions OUT.jsonl IC.json...
 * </pre>
 */
public final class TrainFromInitialConditions {

    private static final int[] CHECK_EPOCHS = {1, 10, 100, 1000, 3000};

    private TrainFromInitialConditions() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TrainFromInitialConditions OUT.jsonl IC.json...");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        try (PrintWriter out = new PrintWriter(new FileWriter(args[0], true))) {
            for (int i = 1; i < args.length; i++) {
                Map<String, Object> row = train(json.readTree(new File(args[i])));
                System.out.printf(Locale.ROOT, "seed %s: java test %.3e train %.3e aligned %s (%s)%n", row.get("seed"),
                        (double) row.get("test_mse"), (double) row.get("final_train_mse"), row.get("aligned"), args[i]);
                out.println(json.writeValueAsString(row));
                out.flush();
            }
        }
    }

    static Map<String, Object> train(JsonNode ic) {
        JsonNode st = ic.get("student");
        RnnModel student = RnnModel.of(Activation.parse(st.get("activation").asText()), matrix(st.get("W_ih")),
                matrix(st.get("W_hh")), matrix(st.get("W_ho")), vector(st.get("b_h")), vector(st.get("b_o")));
        Sequences train = Sequences.of(tensor(ic.get("train").get("inputs")), tensor(ic.get("train").get("targets")));
        Sequences test = Sequences.of(tensor(ic.get("test").get("inputs")), tensor(ic.get("test").get("targets")));
        int washout = ic.get("washout").asInt();
        int epochs = ic.get("epochs").asInt();
        double lr = ic.get("lr").asDouble();
        Adam adam = new Adam(student.parameterCount(), lr, ic.get("betas").get(0).asDouble(),
                ic.get("betas").get(1).asDouble(), ic.get("eps").asDouble(), 0.0, false);
        Trainer.Result tr = Trainer.train(student, train, test, adam, new Trainer.Settings(epochs, washout, 0, 0, 10),
                null);
        double[] w = student.parameterArray();
        JsonNode p = ic.get("poles");
        double[] re = new double[p.size()];
        double[] im = new double[p.size()];
        for (int k = 0; k < p.size(); k++) {
            re[k] = p.get(k).get(0).asDouble();
            im[k] = p.get(k).get(1).asDouble();
        }
        ComplexArray eig = Spectra.eigenvalues(student);
        double threshold = ic.has("match_threshold") ? ic.get("match_threshold").asDouble() : 0.05;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seed", ic.get("seed").asLong());
        row.put("source", "java-from-" + (ic.has("source") ? ic.get("source").asText() : "ic"));
        row.put("test_mse", BpttWorkspace.of(student, test, washout, 0).loss(w, null));
        row.put("final_train_mse", BpttWorkspace.of(student, train, washout, 0).loss(w, null));
        row.put("aligned", PoleMatching.greedy(ComplexArray.of(re, im), eig, threshold).aligned());
        Map<String, Object> losses = new LinkedHashMap<>();
        for (int e : CHECK_EPOCHS) {
            if (e <= tr.trainLoss().length) {
                losses.put(Integer.toString(e), tr.trainLoss()[e - 1]);
            }
        }
        row.put("train_loss", losses);
        row.put("ms_per_epoch", tr.epochsRun() > 0 ? 1000.0 * tr.seconds() / tr.epochsRun() : 0.0);
        row.put("diverged", tr.divergedAt() > 0);
        return row;
    }

    private static double[][][] tensor(JsonNode n) {
        double[][][] a = new double[n.size()][][];
        for (int b = 0; b < a.length; b++) {
            a[b] = matrix(n.get(b));
        }
        return a;
    }

    private static double[][] matrix(JsonNode n) {
        double[][] a = new double[n.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = vector(n.get(i));
        }
        return a;
    }

    private static double[] vector(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }
}
