package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;

/**
 * The model exchange format (docs/DESIGN.md): a JSON object with {@code activation}, {@code washout}, the
 * matrices {@code W_ih}, {@code W_hh}, {@code W_ho} as nested row lists in PyTorch shapes, optional biases
 * {@code b_h}, {@code b_o}, and optional data {@code inputs} [batch][time][input] and {@code targets}
 * [batch][time][output]. Extra keys are ignored. Every problem is a {@link BadInputException} naming the file
 * and the key.
 *
 * @param model   the RNN
 * @param washout first time step in the loss, 0 when absent
 * @param data    the sequences, or null when the data keys were ignored
 */
record ModelFile(RnnModel model, int washout, Sequences data) {

    /** What to do with the data keys {@code inputs}, {@code targets} (and the washout that goes with them). */
    enum Data {
        /** Required: {@code teach grad}. */
        REQUIRED,
        /** Not looked at: a model only, as for {@code teach analyze} and {@code --teacher-model}. */
        IGNORED
    }

    /** Reads {@code file}. */
    static ModelFile read(Path file, Data data) throws IOException {
        JsonNode root = Json.read(file);
        String where = file.toString();
        try {
            if (data == Data.IGNORED) {
                if (!root.isObject()) {
                    throw new BadInputException(where + ": expected a JSON object with W_ih, W_hh, W_ho, but the top level is "
                            + kind(root));
                }
                return new ModelFile(model(root, where), 0, null);
            }
            return parse(root, where);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + e.getMessage());
        }
    }

    /** The model with its required data. */
    static ModelFile parse(JsonNode root, String where) {
        if (!root.isObject()) {
            throw new BadInputException(where + ": expected a JSON object with W_ih, W_hh, W_ho, but the top level is "
                    + kind(root));
        }
        RnnModel model = model(root, where);
        int washout = 0;
        JsonNode w = root.get("washout");
        if (w != null && !w.isNull()) {
            if (!w.canConvertToExactIntegral() || !w.canConvertToInt()) {
                throw new BadInputException(where + ": washout must be a whole number, got " + w);
            }
            washout = w.intValue();
            if (washout < 0) {
                throw new BadInputException(where + ": washout must be >= 0, got " + washout);
            }
        }
        boolean hasInputs = present(root, "inputs");
        boolean hasTargets = present(root, "targets");
        if (!hasInputs && !hasTargets) {
            throw new BadInputException(where + ": 'inputs' and 'targets' are required ([batch][time][features] lists)");
        }
        if (hasInputs != hasTargets) {
            throw new BadInputException(where + ": '" + (hasInputs ? "targets" : "inputs") + "' is missing (inputs and targets come together)");
        }
        Sequences data = Sequences.of(tensor3(root.get("inputs"), "inputs", where), tensor3(root.get("targets"), "targets", where));
        if (data.inputSize() != model.inputSize()) {
            throw new BadInputException(where + ": inputs have " + data.inputSize() + " features per step but W_ih is "
                    + model.hiddenSize() + " x " + model.inputSize() + " (input size " + model.inputSize() + ")");
        }
        if (data.outputSize() != model.outputSize()) {
            throw new BadInputException(where + ": targets have " + data.outputSize() + " features per step but W_ho is "
                    + model.outputSize() + " x " + model.hiddenSize() + " (output size " + model.outputSize() + ")");
        }
        if (washout >= data.time()) {
            throw new BadInputException(where + ": washout " + washout + " must be less than the sequence length "
                    + data.time() + " (no step would count in the loss)");
        }
        return new ModelFile(model, washout, data);
    }

    /** The model part of the format: activation, matrices, biases when present. */
    static RnnModel model(JsonNode root, String where) {
        JsonNode act = root.get("activation");
        if (act == null || act.isNull()) {
            throw new BadInputException(where + ": 'activation' is missing (linear, tanh or relu)");
        }
        if (!act.isTextual()) {
            throw new BadInputException(where + ": 'activation' must be a string (linear, tanh or relu), got " + act);
        }
        Activation f = Activation.parse(act.textValue());
        double[][] wIh = matrix(required(root, "W_ih", where), "W_ih", where);
        double[][] wHh = matrix(required(root, "W_hh", where), "W_hh", where);
        double[][] wHo = matrix(required(root, "W_ho", where), "W_ho", where);
        double[] bH = present(root, "b_h") ? vector(root.get("b_h"), "b_h", where) : null;
        double[] bO = present(root, "b_o") ? vector(root.get("b_o"), "b_o", where) : null;
        return RnnModel.of(f, wIh, wHh, wHo, bH, bO);
    }

    private static boolean present(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n != null && !n.isNull();
    }

    private static JsonNode required(JsonNode root, String key, String where) {
        if (!present(root, key)) {
            throw new BadInputException(where + ": '" + key + "' is missing");
        }
        return root.get(key);
    }

    private static double number(JsonNode n, String path, String where) {
        if (!n.isNumber()) {
            throw new BadInputException(where + ": " + path + " must be a number, got " + kind(n));
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new BadInputException(where + ": " + path + " is out of the double range: " + n);
        }
        return v;
    }

    static double[] vector(JsonNode n, String path, String where) {
        if (!n.isArray()) {
            throw new BadInputException(where + ": " + path + " must be a list of numbers, got " + kind(n));
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(n.get(i), path + "[" + i + "]", where);
        }
        return v;
    }

    static double[][] matrix(JsonNode n, String path, String where) {
        if (!n.isArray()) {
            throw new BadInputException(where + ": " + path + " must be a list of rows (nested lists), got " + kind(n));
        }
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(n.get(i), path + "[" + i + "]", where);
        }
        return m;
    }

    static double[][][] tensor3(JsonNode n, String path, String where) {
        if (!n.isArray()) {
            throw new BadInputException(where + ": " + path + " must be a [batch][time][features] list, got " + kind(n));
        }
        double[][][] t = new double[n.size()][][];
        for (int i = 0; i < t.length; i++) {
            t[i] = matrix(n.get(i), path + "[" + i + "]", where);
        }
        return t;
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "the string " + n;
        }
        return n.toString();
    }
}
