package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.Teacher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code teach analyze}: eigenvalues and spectral radius of a model's W_hh, and matching against poles. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = ConfigDefaults.class,
        description = {"Eigenvalues and spectral radius of a model's W_hh; matching against poles or a teacher.",
                "",
                "Reads a model in the exchange format (data keys are ignored), computes the eigenvalues of W_hh "
                        + "(Hessenberg reduction + Francis QR) and the spectral radius, and with --poles or --teacher-model "
                        + "the greedy and optimal (Hungarian) matching of the poles to the eigenvalues, as in results.json. "
                        + "--json keys: eigenvalues [[re, im], ...], spectral_radius, and poles and matching {greedy, optimal} "
                        + "when matching.",
                ""})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backendOption;

    @Option(names = {"--model", "-m"}, required = true, paramLabel = "FILE", description = "The model (exchange format; data keys are ignored).")
    Path model;

    @Option(names = "--poles", paramLabel = "RE,IM;...", description = "Poles to match, e.g. \"0.5,0.3;0.5,-0.3;-0.9\".")
    String poles;

    @Option(names = "--teacher-model", paramLabel = "FILE", description = "Match against this model's eigenvalues (its poles).")
    Path teacherModel;

    @Option(names = "--threshold", descriptionKey = "match_threshold",
            description = "A pole and an eigenvalue within this distance are aligned (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (poles != null && teacherModel != null) {
            throw new BadInputException("give --poles or --teacher-model, not both");
        }
        Check.nonNegativeFinite("--threshold", threshold);
        ComplexArray targets = poles != null ? PoleList.parse(poles) : null;
        RnnModel m = ModelFile.read(model, ModelFile.Data.IGNORED).model();
        if (teacherModel != null) {
            targets = Teacher.ofModel(ModelFile.read(teacherModel, ModelFile.Data.IGNORED).model()).poles();
        }
        // Validates --backend (a bad name is status 2 like everywhere); the eigenvalues run in numeric's linalg.
        backendOption.compute(spec.commandLine().getErr());
        ComplexArray eig = Spectra.eigenvalues(m);
        double radius = Spectra.spectralRadius(eig);
        PoleMatching.Result greedy = targets == null ? null : PoleMatching.greedy(targets, eig, threshold);
        PoleMatching.Result optimal = targets == null ? null : PoleMatching.optimal(targets, eig, threshold);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("eigenvalues", eig.toPairs());
            o.put("spectral_radius", radius);
            if (targets != null) {
                o.put("poles", targets.toPairs());
                Map<String, Object> match = new LinkedHashMap<>();
                match.put("greedy", greedy.toMap());
                match.put("optimal", optimal.toMap());
                o.put("matching", match);
            }
            Json j = new Json();
            out.print(Json.pretty(j.value(o)));
        } else {
            out.printf(Locale.ROOT, "model              %s (%s, input %d, hidden %d, output %d)%n", model, m.activation().key(),
                    m.inputSize(), m.hiddenSize(), m.outputSize());
            out.printf(Locale.ROOT, "spectral radius    %s%n", Summary.g(radius));
            out.println("eigenvalues of W_hh (largest modulus first)");
            Integer[] order = new Integer[eig.length()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(eig.abs(b), eig.abs(a)));
            for (int i : order) {
                out.printf(Locale.ROOT, "  %-24s |.| %s%n", ReportHtml.complex(eig.re(i), eig.im(i)), Summary.g(eig.abs(i)));
            }
            if (targets != null) {
                out.println();
                out.print(Summary.pairTable(targets, eig, optimal, greedy));
            }
        }
        out.flush();
        return Teach.OK;
    }
}
