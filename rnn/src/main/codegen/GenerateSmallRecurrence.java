import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes org/teachingrnns/rnn/bptt/SmallRecurrence.java: the full-BPTT recurrences of hidden sizes 1..MAX_H with
 * the hidden state of W vector strips of the batch in registers for the whole sequence (strip-outer, time-inner),
 * so the per-step work is H*H broadcast-FMAs per strip with no loads of the state. The unrolling is what is
 * generated; the activation's vector form is not (it is written once, in rnn.model.VectorActivation next to Activation).
 * Writes FloatSmallRecurrence.java beside it, the same kernels in float for the float32 path (FloatVector: twice the
 * lanes per register), from the same text ({@link Kind#translate}), so the two cannot drift apart.
 *
 * <p>Run by the Maven build (exec-maven-plugin, generate-sources) in single-file source mode:
 * {@code java rnn/src/main/codegen/GenerateSmallRecurrence.java <generated-sources directory>}. The file is
 * rewritten only when its text changes, so an unchanged generator does not force recompilation.
 */
public class GenerateSmallRecurrence {

    static final int MAX_H = 6;
    /** Strips interleaved: 2 x H state vectors + 2 x H new vectors must fit the 32 vector registers. */
    static final int W = 2;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java GenerateSmallRecurrence.java <generated-sources directory>");
            System.exit(2);
        }
        for (Kind k : Kind.values()) {
            writeIfChanged(Path.of(args[0], "org/teachingrnns/rnn/bptt/" + k.className + ".java"), source(k));
        }
    }

    /**
     * The element type of a generated class. The kernels are written once, in double; the float class is that text
     * with the double vocabulary replaced ({@link #translate}): FloatVector for DoubleVector (the same register holds
     * twice the lanes; the strips, the chunks and the order of every fused multiply-add are the same), float arrays,
     * accumulators and literals. What differs beyond the vocabulary (the scalar columns' f and f', the class comment)
     * is given to {@link #source} per kind.
     */
    enum Kind {
        DOUBLE("SmallRecurrence"),
        FLOAT("FloatSmallRecurrence");

        final String className;

        Kind(String className) {
            this.className = className;
        }

        /** The double text as this kind's: unchanged for DOUBLE; for FLOAT, every double type and literal in float. */
        String translate(String text) {
            if (this == DOUBLE) {
                return text;
            }
            String t = text.replace("DoubleVector", "FloatVector")
                    .replace("<Double>", "<Float>")
                    .replaceAll("\\bdouble\\b", "float")
                    .replaceAll("\\b0\\.0\\b", "0f")
                    .replaceAll("\\b1\\.0\\b", "1f");
            // A double left over would compute (or convert) in double where the float32 path must not.
            if (t.toLowerCase(java.util.Locale.ROOT).contains("double") || t.matches("(?s).*\\b\\d+\\.\\d+\\b.*")) {
                throw new IllegalStateException("the float translation left a double type or literal");
            }
            return t;
        }
    }

    static void writeIfChanged(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(text)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The offset of strip q from strip 0: "", " + l", " + 2 * l". */
    static String off(int q) {
        return q == 0 ? "" : q == 1 ? " + l" : " + " + q + " * l";
    }

    /** Lines of text with an indentation prefix. */
    static final class Lines {
        final List<String> lines = new ArrayList<>();

        void add(String indent, String line) {
            lines.add(indent + line);
        }

        @Override
        public String toString() {
            return String.join("\n", lines);
        }
    }

    /**
     * The body of one forward kernel. With {@code stored} false, f is applied in registers ({@code f.apply}, the trivial
     * bodies of linear and relu); with {@code stored} true (tanh, about thirty vector operations, which C2 would not
     * inline into a kernel this large, and a vector passed to a call it does not inline is boxed), the pre-activations
     * are stored and f applied to them by one call per step that takes arrays, then the state reloaded. Two methods
     * rather than a branch in one: the larger method ran C1 out of virtual registers, which left it in tier-2 code.
     */
    static String forward(int h, int w, boolean stored) {
        Lines s = new Lines();
        String p = " ".repeat(8);
        String q4 = p + "    ";
        for (int q = 0; q < w; q++) {
            for (int i = 0; i < h; i++) {
                s.add(p, "DoubleVector h" + i + "_" + q + " = DoubleVector.fromArray(S, hs, " + i
                        + " * ldh + t0 * batch + j" + off(q) + ");");
            }
        }
        s.add(p, "for (int t = t0; t < t1; t++) {");
        s.add(q4, "int col = t * batch + j;");
        for (int i = 0; i < h; i++) {
            for (int q = 0; q < w; q++) {
                s.add(q4, "DoubleVector n" + i + "_" + q
                        + " = bias == null ? DoubleVector.zero(S) : DoubleVector.broadcast(S, bias[biasOff + " + i + "]);");
            }
            // One input (the experiments) without a loop: a loop of one trip still takes a back-edge per step, which
            // makes HotSpot compile the kernel by OSR (once per loop) instead of normally.
            s.add(q4, "if (in == 1) {");
            s.add(q4, "    DoubleVector wu = DoubleVector.broadcast(S, p[oIh + " + i + "]);");
            for (int q = 0; q < w; q++) {
                s.add(q4, "    n" + i + "_" + q + " = DoubleVector.fromArray(S, x, col" + off(q) + ").fma(wu, n" + i + "_" + q + ");");
            }
            s.add(q4, "} else {");
            s.add(q4, "    for (int u = 0; u < in; u++) {");
            s.add(q4, "        DoubleVector wu = DoubleVector.broadcast(S, p[oIh + " + i + " * in + u]);");
            for (int q = 0; q < w; q++) {
                s.add(q4, "        n" + i + "_" + q + " = DoubleVector.fromArray(S, x, u * tb + col" + off(q) + ").fma(wu, n"
                        + i + "_" + q + ");");
            }
            s.add(q4, "    }");
            s.add(q4, "}");
            for (int pp = 0; pp < h; pp++) {
                s.add(q4, "DoubleVector w" + i + pp + " = DoubleVector.broadcast(S, p[oHh + " + (i * h + pp) + "]);");
                for (int q = 0; q < w; q++) {
                    s.add(q4, "n" + i + "_" + q + " = h" + pp + "_" + q + ".fma(w" + i + pp + ", n" + i + "_" + q + ");");
                }
            }
            if (!stored) {
                for (int q = 0; q < w; q++) {
                    s.add(q4, "n" + i + "_" + q + " = f.apply(n" + i + "_" + q + ");");
                }
            }
        }
        for (int i = 0; i < h; i++) {
            for (int q = 0; q < w; q++) {
                s.add(q4, "n" + i + "_" + q + ".intoArray(hs, " + i + " * ldh + col + batch" + off(q) + ");");
                if (!stored) {
                    s.add(q4, "h" + i + "_" + q + " = n" + i + "_" + q + ";");
                }
            }
        }
        if (stored) {
            s.add(q4, "f.applyToRows(hs, col + batch, ldh, " + h + ", " + (w == 1 ? "l" : w + " * l") + ");");
            for (int i = 0; i < h; i++) {
                for (int q = 0; q < w; q++) {
                    s.add(q4, "h" + i + "_" + q + " = DoubleVector.fromArray(S, hs, " + i + " * ldh + col + batch" + off(q) + ");");
                }
            }
        }
        s.add(p, "}");
        return s.toString();
    }

    /** The body of one backward kernel; f' in registers: a 0/1 mask, or, {@code stored} (tanh), 1 - H_t^2. */
    static String backward(int h, int w, boolean stored) {
        Lines s = new Lines();
        String p = " ".repeat(8);
        String q4 = p + "    ";
        for (int q = 0; q < w; q++) {
            for (int i = 0; i < h; i++) {
                s.add(p, "DoubleVector d" + i + "_" + q + " = t1 < time ? DoubleVector.fromArray(S, delta, " + i
                        + " * tb + t1 * batch + j" + off(q) + ") : DoubleVector.zero(S);");
            }
        }
        s.add(p, "DoubleVector zero = DoubleVector.zero(S);");
        if (stored) {
            s.add(p, "DoubleVector one = DoubleVector.broadcast(S, 1.0);");
        }
        s.add(p, "for (int t = t1 - 1; t >= t0; t--) {");
        s.add(q4, "int col = t * batch + j;");
        for (int i = 0; i < h; i++) {
            for (int q = 0; q < w; q++) {
                s.add(q4, "DoubleVector n" + i + "_" + q + " = DoubleVector.zero(S);");
            }
        }
        s.add(q4, "if (t >= washout) {");
        s.add(q4, "    int ycol = (t - washout) * batch + j;");
        // One output without a loop, as the input in forward.
        s.add(q4, "    if (out == 1) {");
        for (int q = 0; q < w; q++) {
            s.add(q4, "        DoubleVector dy" + q + " = DoubleVector.fromArray(S, dy, ycol" + off(q) + ");");
        }
        for (int i = 0; i < h; i++) {
            s.add(q4, "        DoubleVector v" + i + " = DoubleVector.broadcast(S, p[oHo + " + i + "]);");
            for (int q = 0; q < w; q++) {
                s.add(q4, "        n" + i + "_" + q + " = dy" + q + ".fma(v" + i + ", n" + i + "_" + q + ");");
            }
        }
        s.add(q4, "    } else {");
        s.add(q4, "        for (int o = 0; o < out; o++) {");
        for (int q = 0; q < w; q++) {
            s.add(q4, "            DoubleVector dy" + q + " = DoubleVector.fromArray(S, dy, o * kept + ycol" + off(q) + ");");
        }
        for (int i = 0; i < h; i++) {
            s.add(q4, "            DoubleVector v" + i + " = DoubleVector.broadcast(S, p[oHo + o * " + h + " + " + i + "]);");
            for (int q = 0; q < w; q++) {
                s.add(q4, "            n" + i + "_" + q + " = dy" + q + ".fma(v" + i + ", n" + i + "_" + q + ");");
            }
        }
        s.add(q4, "        }");
        s.add(q4, "    }");
        s.add(q4, "}");
        s.add(q4, "if (t < time - 1) {");
        for (int i = 0; i < h; i++) {
            for (int pp = 0; pp < h; pp++) {
                // dZ_t[i] += W_hh[pp][i] * dZ_{t+1}[pp]
                s.add(q4, "    DoubleVector w" + i + pp + " = DoubleVector.broadcast(S, p[oHh + " + (pp * h + i) + "]);");
                for (int q = 0; q < w; q++) {
                    s.add(q4, "    n" + i + "_" + q + " = d" + pp + "_" + q + ".fma(w" + i + pp + ", n" + i + "_" + q + ");");
                }
            }
        }
        s.add(q4, "}");
        // dZ_t = G_t * f'(H_t): f' of a piecewise-linear f is a 0/1 mask (VectorActivation.derivativeMask, null when
        // it is 1 everywhere), applied exactly by a blend with zero. The stored kernels are tanh's (the only
        // activation not applied in registers; RegisterResidentRecurrence checks it), whose f' 1 - H_t^2 is three
        // operations, written here in registers: VectorActivation.TANH.multiplyByDerivative's operations in its order
        // (grad * (1 - h*h)), so the same bits. Through a call on the stored G_t (store, call, reload every step, on
        // the chain of the recurrence) the backward pass took 0.2 of a linear epoch more.
        if (stored) {
            for (int i = 0; i < h; i++) {
                for (int q = 0; q < w; q++) {
                    String n = "n" + i + "_" + q;
                    String hv = "g" + i + "_" + q;
                    s.add(q4, "DoubleVector " + hv + " = DoubleVector.fromArray(S, hs, " + i + " * ldh + col + batch" + off(q) + ");");
                    s.add(q4, n + " = " + n + ".mul(one.sub(" + hv + ".mul(" + hv + ")));");
                    s.add(q4, n + ".intoArray(delta, " + i + " * tb + col" + off(q) + ");");
                }
            }
        } else {
            for (int i = 0; i < h; i++) {
                for (int q = 0; q < w; q++) {
                    String n = "n" + i + "_" + q;
                    String m = "m" + i + "_" + q;
                    s.add(q4, "VectorMask<Double> " + m + " = f.derivativeMask(zero, DoubleVector.fromArray(S, hs, " + i
                            + " * ldh + col + batch" + off(q) + "));");
                    s.add(q4, "if (" + m + " != null) {");
                    s.add(q4, "    " + n + " = zero.blend(" + n + ", " + m + ");");
                    s.add(q4, "}");
                    s.add(q4, n + ".intoArray(delta, " + i + " * tb + col" + off(q) + ");");
                }
            }
        }
        for (int i = 0; i < h; i++) {
            for (int q = 0; q < w; q++) {
                s.add(q4, "d" + i + "_" + q + " = n" + i + "_" + q + ";");
            }
        }
        s.add(p, "}");
        return s.toString();
    }

    static String methodForward(int h) {
        StringBuilder s = new StringBuilder();
        s.append("""
                    private static void forward$H(int in, int batch, int time, double[] p, int oIh, int oHh, double[] bias, int biasOff,
                                                 VectorActivation f, double[] x, int tb, double[] hs, int ldh, int j0, int j1) {
                        int l = S.length();
                        int j = j0;
                        boolean inRegisters = f.appliedInRegisters();
                        for (; j + $W * l <= j1; j += $W * l) {
                            for (int t0 = 0; t0 < time; t0 += CHUNK) {
                                if (inRegisters) {
                                    forward$Hx$W(in, batch, p, oIh, oHh, bias, biasOff, f, x, tb, hs, ldh, j, t0, Math.min(time, t0 + CHUNK));
                                } else {
                                    forward$Hx$WStored(in, batch, p, oIh, oHh, bias, biasOff, f, x, tb, hs, ldh, j, t0,
                                            Math.min(time, t0 + CHUNK));
                                }
                            }
                        }
                        for (; j + l <= j1; j += l) {
                            for (int t0 = 0; t0 < time; t0 += CHUNK) {
                                if (inRegisters) {
                                    forward$Hx1(in, batch, p, oIh, oHh, bias, biasOff, f, x, tb, hs, ldh, j, t0, Math.min(time, t0 + CHUNK));
                                } else {
                                    forward$Hx1Stored(in, batch, p, oIh, oHh, bias, biasOff, f, x, tb, hs, ldh, j, t0,
                                            Math.min(time, t0 + CHUNK));
                                }
                            }
                        }
                    }
                """.replace("$H", Integer.toString(h)).replace("$W", Integer.toString(W)));
        for (boolean stored : new boolean[] {false, true}) {
            for (int w : new int[] {W, 1}) {
                s.append("\n");
                s.append("""
                            private static void forward$Hx$W$S(int in, int batch, double[] p, int oIh, int oHh, double[] bias, int biasOff,
                                                           VectorActivation f, double[] x, int tb, double[] hs, int ldh, int j, int t0, int t1) {
                                int l = S.length();
                        """.replace("$H", Integer.toString(h)).replace("$W", Integer.toString(w))
                        .replace("$S", stored ? "Stored" : ""));
                s.append(forward(h, w, stored)).append("\n");
                s.append("    }\n");
            }
        }
        return s.toString();
    }

    static String methodBackward(int h) {
        StringBuilder s = new StringBuilder();
        s.append("""
                    private static void backward$H(int out, int batch, int time, int washout, double[] p, int oHo, int oHh,
                                                  VectorActivation f, double[] dy, int kept, double[] hs, int ldh, double[] delta, int tb,
                                                  int j0, int j1) {
                        int l = S.length();
                        int j = j0;
                        boolean inRegisters = f.appliedInRegisters();
                        for (; j + $W * l <= j1; j += $W * l) {
                            for (int t1 = time; t1 > 0; t1 -= CHUNK) {
                                if (inRegisters) {
                                    backward$Hx$W(out, batch, time, washout, p, oHo, oHh, f, dy, kept, hs, ldh, delta, tb, j,
                                            Math.max(0, t1 - CHUNK), t1);
                                } else {
                                    backward$Hx$WStored(out, batch, time, washout, p, oHo, oHh, f, dy, kept, hs, ldh, delta, tb, j,
                                            Math.max(0, t1 - CHUNK), t1);
                                }
                            }
                        }
                        for (; j + l <= j1; j += l) {
                            for (int t1 = time; t1 > 0; t1 -= CHUNK) {
                                if (inRegisters) {
                                    backward$Hx1(out, batch, time, washout, p, oHo, oHh, f, dy, kept, hs, ldh, delta, tb, j,
                                            Math.max(0, t1 - CHUNK), t1);
                                } else {
                                    backward$Hx1Stored(out, batch, time, washout, p, oHo, oHh, f, dy, kept, hs, ldh, delta, tb, j,
                                            Math.max(0, t1 - CHUNK), t1);
                                }
                            }
                        }
                    }
                """.replace("$H", Integer.toString(h)).replace("$W", Integer.toString(W)));
        for (boolean stored : new boolean[] {false, true}) {
            for (int w : new int[] {W, 1}) {
                s.append("\n");
                s.append("""
                            private static void backward$Hx$W$S(int out, int batch, int time, int washout, double[] p, int oHo, int oHh,
                                                            VectorActivation f, double[] dy, int kept, double[] hs, int ldh, double[] delta,
                                                            int tb, int j, int t0, int t1) {
                                int l = S.length();
                        """.replace("$H", Integer.toString(h)).replace("$W", Integer.toString(w))
                        .replace("$S", stored ? "Stored" : ""));
                s.append(backward(h, w, stored)).append("\n");
                s.append("    }\n");
            }
        }
        return s.toString();
    }

    static String methodGradient(int h) {
        int rb = Math.min(h, 3);
        List<int[]> blocks = new ArrayList<>();
        for (int r = 0; r < h; r += rb) {
            blocks.add(new int[] {r, Math.min(h, r + rb)});
        }
        List<String> parts = new ArrayList<>();
        Lines s = new Lines();
        s.add("    ", "private static void gradient" + h
                + "(double[] delta, int tb, double[] hs, int ldh, int k0, int kc, double[] c, int cOff,");
        s.add("    ", "                              double[] x, double[] cx, int cxOff, boolean accumulate, double[] laneSums) {");
        for (int[] b : blocks) {
            s.add("        ", "gradient" + h + "rows" + b[0] + "(delta, tb, hs, ldh, k0, kc, c, cOff, x, cx, cxOff, accumulate, laneSums);");
        }
        s.add("    ", "}");
        parts.add(s.toString());
        for (int[] b : blocks) {
            int r0 = b[0];
            int r1 = b[1];
            // One method per row block: a method holding every block's vectors grows past what C2 keeps in registers
            // and the vectors are then boxed.
            s = new Lines();
            String m = "        ";
            s.add("    ", "private static void gradient" + h + "rows" + r0
                    + "(double[] delta, int tb, double[] hs, int ldh, int k0, int kc, double[] c,");
            s.add("    ", "                                    int cOff, double[] x, double[] cx, int cxOff, boolean accumulate,");
            s.add("    ", "                                    double[] laneSums) {");
            s.add(m, "int l = S.length();");
            s.add(m, "boolean withInput = x != null;");
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < h; j++) {
                    s.add(m, "DoubleVector a" + i + j + " = DoubleVector.zero(S);");
                }
                s.add(m, "DoubleVector ax" + i + " = DoubleVector.zero(S);");
            }
            s.add(m, "int k = k0;");
            s.add(m, "for (int bound = k0 + kc - l; k <= bound; k += l) {");
            for (int j = 0; j < h; j++) {
                s.add(m, "    DoubleVector h" + j + " = DoubleVector.fromArray(S, hs, " + j + " * ldh + k);");
            }
            for (int i = r0; i < r1; i++) {
                s.add(m, "    DoubleVector d" + i + " = DoubleVector.fromArray(S, delta, " + i + " * tb + k);");
                for (int j = 0; j < h; j++) {
                    s.add(m, "    a" + i + j + " = d" + i + ".fma(h" + j + ", a" + i + j + ");");
                }
            }
            s.add(m, "    if (withInput) {");
            s.add(m, "        DoubleVector xv = DoubleVector.fromArray(S, x, k);");
            for (int i = r0; i < r1; i++) {
                s.add(m, "        ax" + i + " = d" + i + ".fma(xv, ax" + i + ");");
            }
            s.add(m, "    }");
            s.add(m, "}");
            // Lanes summed in lane order, inline: deterministic (a fixed order, unlike reduceLanes(ADD)), and a call
            // such as Lanes.sum taking a vector argument that C2 does not inline in these large methods boxes the vector.
            // Each accumulator is stored to the caller's scratch and its lanes added from there: the same additions in
            // the same order as lane(q) in a loop over q, but C2 compiles the float kernels (16 lanes, up to 18
            // accumulators) in 75 ms instead of 365 (JFR jdk.Compilation, the default shape).
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < h; j++) {
                    s.add(m, "double s" + i + j + " = 0.0;");
                }
                s.add(m, "double sx" + i + " = 0.0;");
            }
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < h; j++) {
                    s.add(m, "a" + i + j + ".intoArray(laneSums, 0);");
                    s.add(m, "for (int q = 0; q < l; q++) {");
                    s.add(m, "    s" + i + j + " += laneSums[q];");
                    s.add(m, "}");
                }
                s.add(m, "ax" + i + ".intoArray(laneSums, 0);");
                s.add(m, "for (int q = 0; q < l; q++) {");
                s.add(m, "    sx" + i + " += laneSums[q];");
                s.add(m, "}");
            }
            s.add(m, "for (; k < k0 + kc; k++) {");
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < h; j++) {
                    s.add(m, "    s" + i + j + " = Math.fma(delta[" + i + " * tb + k], hs[" + j + " * ldh + k], s" + i + j + ");");
                }
                s.add(m, "    if (withInput) {");
                s.add(m, "        sx" + i + " = Math.fma(delta[" + i + " * tb + k], x[k], sx" + i + ");");
                s.add(m, "    }");
            }
            s.add(m, "}");
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < h; j++) {
                    int e = i * h + j;
                    s.add(m, "c[cOff + " + e + "] = accumulate ? c[cOff + " + e + "] + s" + i + j + " : s" + i + j + ";");
                }
            }
            s.add(m, "if (withInput) {");
            for (int i = r0; i < r1; i++) {
                s.add(m, "    cx[cxOff + " + i + "] = accumulate ? cx[cxOff + " + i + "] + sx" + i + " : sx" + i + ";");
            }
            s.add(m, "}");
            s.add("    ", "}");
            parts.add(s.toString());
        }
        return String.join("\n\n", parts);
    }

    /** {@code switch (hid)} over the specialised sizes, at the indentation of the method bodies' if-blocks. */
    static String dispatch(String name, String args) {
        Lines s = new Lines();
        String i = " ".repeat(12);
        s.add(i, "switch (hid) {");
        for (int h = 1; h <= MAX_H; h++) {
            s.add(i, "    case " + h + " -> " + name + h + "(" + args + ");");
        }
        s.add(i, "    default -> throw new IllegalArgumentException(\"hidden size \" + hid + \" is not specialised\");");
        s.add(i, "}");
        return s.toString();
    }

    /** The class comment's first paragraph, up to the equations, per kind. */
    static String classComment(Kind k) {
        if (k == Kind.DOUBLE) {
            return """
                     * Full-BPTT recurrences of very small RNNs (hidden 1..$MAX_H, any activation) with the hidden state of two
                     * vector strips of the batch held in registers for the whole sequence: strip-outer, time-inner. The generic
                     * step-outer kernel ({@link Kernels#step}) reloads the state from L1 every step and runs at about a third of
                     * this speed for hidden 5 and batch 80. The columns left over (batch not a multiple of the vector length) run
                     * through the scalar loops at the end. f and f' are {@link Activation}'s, in its lane-wise form
                     * {@link VectorActivation} for the vector strips (linear and relu in registers; tanh, a large body, through the
                     * {@code Stored} kernels, which store each step's states and apply f to them with one call, and apply f' 1 - h^2
                     * in registers). Same
                     * equations and layout as {@link BpttWorkspace}:""".indent(1).stripTrailing();
        }
        return """
                 * The float32 counterpart of {@link SmallRecurrence} (hidden 1..$MAX_H, any activation), generated from the same
                 * text: the same strips (two vectors of the batch, each of twice the lanes in float), chunks and order of every
                 * fused multiply-add, with float vectors, arrays and sums, for {@link FloatBpttWorkspace} when the compute's
                 * engines are the Vector API ones. The hidden state of the strips stays in registers for the whole sequence:
                 * strip-outer, time-inner. The columns left over (batch not a multiple of the float vector length) run through
                 * the scalar loops at the end. f is {@link Activation#applyFloat}, in the float lane form of
                 * {@link VectorActivation} (linear and relu in registers; tanh through the {@code Stored} kernels, which store
                 * each step's states and apply f to them with one call); f' is {@link Activation#chainDerivativeFloat}, tanh's
                 * 1 - h^2 written in float lanes in the kernels with its operations in its order (the same bits). Same
                 * equations and layout as {@link FloatBpttWorkspace}:""".indent(1).stripTrailing();
    }

    static String source(Kind k) {
        List<String> kernels = new ArrayList<>();
        for (int h = 1; h <= MAX_H; h++) {
            kernels.add(methodForward(h) + "\n" + methodBackward(h) + "\n" + methodGradient(h) + "\n");
        }
        return """
                package org.teachingrnns.rnn.bptt;

                import jdk.incubator.vector.DoubleVector;
                import jdk.incubator.vector.VectorMask;
                import jdk.incubator.vector.VectorSpecies;
                import org.teachingrnns.rnn.model.Activation;
                import org.teachingrnns.rnn.model.VectorActivation;

                // GENERATED at build time by rnn/src/main/codegen/GenerateSmallRecurrence.java; edit the generator.

                /**
                $CLASS_COMMENT
                 * <pre>
                 *   forward:  H_t = f(W_ih x_t + b_h + W_hh H_{t-1})          (H_{-1} read from hs slot 0)
                 *   backward: dZ_t = (W_ho^T dY_t [t >= washout] + W_hh^T dZ_{t+1} [t < T-1]) * f'(H_t)
                 * </pre>
                 */
                final class $CLASS {

                    /** Largest hidden size with a specialised kernel. */
                    static final int MAX_HIDDEN = $MAX_H;

                    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

                    /**
                     * Time steps per call of a recurrence kernel; the state is reloaded from hs (delta) between calls, which gives
                     * the same bits. Why chunks: a kernel that ran the whole sequence was called once per epoch, so HotSpot compiled
                     * it only by on-stack replacement, several times (once per loop), each compile of this size taking C2 about a
                     * second on a loaded machine, and OSR code keeps vectors that enter the loop boxed. Called for each chunk of
                     * each strip, the kernel reaches C2's invocation threshold within a few epochs and is compiled once, normally.
                     */
                    static final int CHUNK = 16;

                    private $CLASS() {
                    }

                    /** Forward recursion for all columns; hs slot 0 holds h0, slots 1..T receive H_t. */
                    static void forward(int hid, int in, int batch, int time, double[] p, int oIh, int oHh, double[] bias, int biasOff,
                                        VectorActivation f, double[] x, double[] hs) {
                        int tb = time * batch;
                        int ldh = (time + 1) * batch;
                        int vec = batch - batch % S.length();
                        if (vec > 0) {
                $FORWARD_DISPATCH
                        }
                        for (int j = vec; j < batch; j++) {
                            for (int t = 0; t < time; t++) {
                                for (int i = 0; i < hid; i++) {
                                    double z = bias == null ? 0.0 : bias[biasOff + i];
                                    for (int u = 0; u < in; u++) {
                                        z = Math.fma(x[u * tb + t * batch + j], p[oIh + i * in + u], z);
                                    }
                                    for (int q = 0; q < hid; q++) {
                                        z = Math.fma(hs[q * ldh + t * batch + j], p[oHh + i * hid + q], z);
                                    }
                                    int o = i * ldh + (t + 1) * batch + j;
                                    $FORWARD_TAIL_F
                                }
                            }
                        }
                    }

                    /** Backward recursion (full BPTT) for all columns: writes dZ into delta (hidden x T*B). */
                    static void backward(int hid, int out, int batch, int time, int washout, double[] p, int oHo, int oHh,
                                         VectorActivation f, double[] dy, double[] hs, double[] delta) {
                        int tb = time * batch;
                        int ldh = (time + 1) * batch;
                        int kept = (time - washout) * batch;
                        int vec = batch - batch % S.length();
                        if (vec > 0) {
                $BACKWARD_DISPATCH
                        }
                        for (int j = vec; j < batch; j++) {
                            for (int t = time - 1; t >= 0; t--) {
                                for (int i = 0; i < hid; i++) {
                                    double g = 0.0;
                                    if (t >= washout) {
                                        for (int o = 0; o < out; o++) {
                                            g = Math.fma(dy[o * kept + (t - washout) * batch + j], p[oHo + o * hid + i], g);
                                        }
                                    }
                                    if (t < time - 1) {
                                        for (int q = 0; q < hid; q++) {
                                            g = Math.fma(delta[q * tb + (t + 1) * batch + j], p[oHh + q * hid + i], g);
                                        }
                                    }
                                    $BACKWARD_TAIL_DF
                                }
                            }
                        }
                    }

                    /** Scratch for {@link #recurrentGradient}'s lane sums: one vector's lanes, owned by one workspace. */
                    static double[] laneScratch() {
                        return new double[S.length()];
                    }

                    /**
                     * dW_hh = dZ H_prev^T (hidden x hidden, summed over all T*B columns) with every accumulator of a block of up
                     * to three rows in registers: each strip of dZ and H_prev is loaded once per row block. With a single input
                     * (x not null, one row of T*B) dW_ih = dZ x^T is formed in the same pass into cx. Column panels of
                     * {@link Kernels#NT_KC} keep the operands in L1. laneSums: {@link #laneScratch()}.
                     */
                    static void recurrentGradient(int hid, double[] delta, int tb, double[] hs, int ldh, double[] c, int cOff,
                                                  double[] x, double[] cx, int cxOff, double[] laneSums) {
                        for (int k0 = 0; k0 < tb; k0 += Kernels.NT_KC) {
                            int kc = Math.min(Kernels.NT_KC, tb - k0);
                            boolean acc = k0 > 0;
                $GRADIENT_DISPATCH
                        }
                    }

                $KERNELS}
                """
                .replace("$CLASS_COMMENT", classComment(k))
                .replace("$CLASS", k.className)
                // The scalar columns: f and f' through Activation, the one place each is written (in float for FLOAT).
                .replace("$FORWARD_TAIL_F", k == Kind.DOUBLE
                        ? "hs[o] = z;\n" + " ".repeat(20) + "f.activation().applyInPlace(hs, o, 1);"
                        : "hs[o] = f.activation().applyFloat(z);")
                .replace("$BACKWARD_TAIL_DF", k == Kind.DOUBLE
                        ? "delta[i * tb + t * batch + j] = g;\n" + " ".repeat(20) + "f.activation().multiplyByDerivative(delta, "
                                + "i * tb + t * batch + j, hs, i * ldh + (t + 1) * batch + j, 1);"
                        : "delta[i * tb + t * batch + j] = f.activation().chainDerivativeFloat(g, hs[i * ldh + (t + 1) * batch + j]);")
                .replace("$MAX_H", Integer.toString(MAX_H))
                .replace("$FORWARD_DISPATCH", dispatch("forward",
                        "in, batch, time, p, oIh, oHh, bias, biasOff, f, x, tb, hs, ldh, 0, vec"))
                .replace("$BACKWARD_DISPATCH", dispatch("backward",
                        "out, batch, time, washout, p, oHo, oHh, f, dy, kept, hs, ldh, delta, tb, 0, vec"))
                .replace("$GRADIENT_DISPATCH", dispatch("gradient",
                        "delta, tb, hs, ldh, k0, kc, c, cOff, x, cx, cxOff, acc, laneSums"))
                .replace("$KERNELS", String.join("\n", kernels))
                .transform(k::translate);
    }
}
