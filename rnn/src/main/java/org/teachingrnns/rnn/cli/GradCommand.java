package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.teachingrnns.rnn.bptt.Bptt;
import org.teachingrnns.rnn.bptt.FloatBpttWorkspace;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.model.Parameter;
import org.teachingrnns.rnn.model.RnnModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code teach grad}: the loss and every BPTT gradient of a model on given data, for comparison with PyTorch. */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = {"Loss and every BPTT gradient of a model on given data, as JSON, to compare with PyTorch.",
                "",
                "Reads the model exchange format and prints {\"loss\": x, \"grad\": {\"W_ih\": [[..]], \"W_hh\": .., "
                        + "\"W_ho\": .., \"b_h\": .., \"b_o\": ..}} (bias entries only when the model has them; doubles "
                        + "in shortest round-trip form). Loss: mean squared error over sequences, steps t >= washout and "
                        + "outputs (PyTorch MSELoss, reduction 'mean'); h_{-1} = 0. With --dtype float32 the model and "
                        + "data are rounded to float and BPTT runs in float, as PyTorch's default dtype (the numbers "
                        + "printed are those floats, widened).",
                ""})
final class GradCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backendOption;

    @Option(names = {"--input", "-i"}, required = true, paramLabel = "FILE",
            description = "Model and data in the model exchange format (JSON).")
    Path input;

    @Option(names = "--truncation", paramLabel = "K", defaultValue = "0",
            description = "Truncated BPTT: each loss term's error flows back at most K steps; 0 = full BPTT (default: ${DEFAULT-VALUE}).")
    int truncation;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float64",
            description = "float64 or float32 (default: ${DEFAULT-VALUE}).")
    Dtype dtype;

    @Override
    public Integer call() throws Exception {
        if (truncation < 0) {
            throw new BadInputException("--truncation must be >= 0 (0 = full BPTT), got " + truncation);
        }
        ModelFile file = ModelFile.read(input, ModelFile.Data.REQUIRED);
        Compute compute = backendOption.compute(spec.commandLine().getErr());
        Bptt.LossAndGradients lg = dtype == Dtype.FLOAT32
                ? FloatBpttWorkspace.lossAndGradients(file.model(), file.data(), file.washout(), truncation, null, compute)
                : Bptt.lossAndGradients(file.model(), file.data(), file.washout(), truncation, null, compute);
        Json j = new Json();
        ObjectNode out = j.object();
        out.set("loss", j.number(lg.loss()));
        out.set("grad", gradients(j, lg.gradient()));
        PrintWriter w = spec.commandLine().getOut();
        w.print(Json.pretty(out));
        w.flush();
        if (j.nonFinite() > 0) {
            spec.commandLine().getErr().println("teach: warning: " + j.nonFinite()
                    + " non-finite values (NaN or infinity) were written as null; the model or data overflow");
        }
        return Teach.OK;
    }

    static ObjectNode gradients(Json j, RnnModel gradient) {
        ObjectNode g = j.object();
        for (Parameter p : gradient.parameters()) {
            g.set(p.key(), p.isBias() ? j.vector(gradient.vector(p)) : j.matrix(gradient.matrix(p)));
        }
        return g;
    }
}
