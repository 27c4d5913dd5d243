package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.compute.Dtype;
import org.teachingrnns.rnn.bptt.FloatGradientCheck;
import org.teachingrnns.rnn.bptt.GradientCheck;
import org.teachingrnns.rnn.bptt.GradientCheckReport;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code teach gradcheck}: BPTT gradients against central finite differences on random small models, for every
 * activation, with and without biases, full and truncated BPTT; status 1 if any check fails.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Finite-difference check of the BPTT gradients on random small models; status 1 if any fails.",
                "",
                "Central differences in double on every element of every parameter and of h0, relative error "
                        + "|a-n|/(|a|+|n|) with an absolute floor, on seeded random models over activation x biases x "
                        + "full/truncated BPTT; a table per case.",
                "",
                "With --dtype float32 each case has two tables: the float64 gradient against finite differences at the "
                        + "point rounded to float, then the float32 gradient against that float64 gradient, normwise per "
                        + "parameter, passing within the rounding bound gamma_n A (n: the longest chain of float roundings "
                        + "that reaches a gradient element, A: the growth of an error through W_hh over the steps).",
                ""})
final class GradcheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random models and data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hidden", defaultValue = "3", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--input-size", defaultValue = "2", description = "Input features (default: ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--output-size", defaultValue = "2", description = "Outputs (default: ${DEFAULT-VALUE}).")
    int outputSize;

    @Option(names = "--sequences", defaultValue = "3", description = "Sequences in the batch (default: ${DEFAULT-VALUE}).")
    int sequences;

    @Option(names = "--length", defaultValue = "6", description = "Time steps per sequence (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--washout", defaultValue = "2", description = "First step in the loss (default: ${DEFAULT-VALUE}).")
    int washout;

    @Option(names = "--truncation", defaultValue = "3",
            description = "Truncation K of the truncated cases, each case also runs full BPTT (default: ${DEFAULT-VALUE}).")
    int truncation;

    @Option(names = "--activation", split = ",", paramLabel = "NAME",
            description = "Activations to check: linear, tanh, relu (default: all).")
    List<String> activations;

    @Option(names = "--eps", defaultValue = "1e-5", description = "Central-difference step (default: ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--threshold", defaultValue = "1e-6", description = "Largest relative error that passes (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float64",
            description = "float64, or float32: also check the float32 BPTT against float64 (default: ${DEFAULT-VALUE}).")
    Dtype dtype;

    @Option(names = "--scale", defaultValue = "0.6", description = "Standard deviation of the random weights (default: ${DEFAULT-VALUE}).")
    double scale;

    @Override
    public Integer call() {
        Check.positive("--hidden", hidden);
        Check.positive("--input-size", inputSize);
        Check.positive("--output-size", outputSize);
        Check.positive("--sequences", sequences);
        Check.atLeast("--length", length, 2, "so the recurrent path is exercised");
        Check.range("--washout", washout, 0, length - 1, "must be less than --length " + length);
        Check.positive("--truncation", truncation);
        Check.positiveFinite("--eps", eps);
        Check.positiveFinite("--threshold", threshold);
        Check.positiveFinite("--scale", scale);
        List<Activation> fs = new ArrayList<>();
        if (activations == null) {
            fs.addAll(List.of(Activation.values()));
        } else {
            for (String a : activations) {
                fs.add(Activation.parse(a));
            }
        }
        Compute compute = backendOption.compute(spec.commandLine().getErr());
        String backend = backendOption.choice();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "gradcheck: seed %d, input %d, hidden %d, output %d, %d sequences x %d steps, washout %d, eps %.1e, threshold %.1e, backend %s, dtype %s%n",
                seed, inputSize, hidden, outputSize, sequences, length, washout, eps, threshold, backend, dtype);
        int cases = 0;
        int failed = 0;
        for (Activation f : fs) {
            for (boolean bias : new boolean[] {false, true}) {
                for (int k : new int[] {0, truncation}) {
                    // One seed per case, derived from --seed, so a failing case can be rerun alone.
                    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + f.ordinal() * 100L + (bias ? 10 : 0) + k);
                    RnnModel m = randomModel(rng, f, bias);
                    Sequences d = randomData(rng);
                    if (dtype == Dtype.FLOAT32) {
                        // Both dtypes differentiate the same function: the float-representable point.
                        m = FloatGradientCheck.rounded(m);
                        d = FloatGradientCheck.rounded(d);
                    }
                    double[][] h0 = new double[sequences][hidden];
                    for (double[] row : h0) {
                        for (int j = 0; j < hidden; j++) {
                            row[j] = 0.5 * rng.nextGaussian();
                        }
                    }
                    if (dtype == Dtype.FLOAT32) {
                        h0 = FloatGradientCheck.rounded(h0);
                    }
                    GradientCheckReport r = GradientCheck.check(m, d, washout, k, h0, eps, threshold,
                            GradientCheck.DEFAULT_ABSOLUTE_FLOOR, compute);
                    GradientCheckReport r32 = dtype == Dtype.FLOAT32
                            ? FloatGradientCheck.againstFloat64(m, d, washout, k, h0, compute) : null;
                    boolean passed = r.passed() && (r32 == null || r32.passed());
                    cases++;
                    if (!passed) {
                        failed++;
                    }
                    out.printf(Locale.ROOT, "%n%s, %s, %s: %s (loss %.6g)%n", f.key(), bias ? "biases" : "no biases",
                            k == 0 ? "full BPTT" : "truncated k=" + k, passed ? "pass" : "FAIL", r.loss());
                    out.print(r.format());
                    if (r32 != null) {
                        out.printf(Locale.ROOT, "float32 against float64 (normwise relative error, tolerance %.3e; loss %.6g):%n",
                                r32.threshold(), r32.loss());
                        out.print(r32.format());
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "%n%d of %d cases passed%n", cases - failed, cases);
        out.flush();
        return failed == 0 ? Teach.OK : Teach.FAILED;
    }

    private RnnModel randomModel(SplittableRandom rng, Activation f, boolean bias) {
        RnnModel m = RnnModel.zeros(f, inputSize, hidden, outputSize, bias, bias);
        double[] p = m.parameterArray();
        for (int i = 0; i < p.length; i++) {
            p[i] = scale * rng.nextGaussian();
        }
        return m;
    }

    private Sequences randomData(SplittableRandom rng) {
        double[][][] x = new double[sequences][length][inputSize];
        double[][][] y = new double[sequences][length][outputSize];
        for (int b = 0; b < sequences; b++) {
            for (int t = 0; t < length; t++) {
                for (int i = 0; i < inputSize; i++) {
                    x[b][t][i] = rng.nextGaussian();
                }
                for (int o = 0; o < outputSize; o++) {
                    y[b][t][o] = rng.nextGaussian();
                }
            }
        }
        return Sequences.of(x, y);
    }
}
