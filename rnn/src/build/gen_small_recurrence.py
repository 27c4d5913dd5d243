#!/usr/bin/env python3
"""Generates rnn/src/main/java/org/teachingrnns/rnn/bptt/SmallRecurrence.java.

For hidden sizes 1..MAX_H the hidden state of two vector strips of the batch stays in registers for the whole
sequence (strip-outer, time-inner), so the per-step work is H*H broadcast-FMAs per strip with no loads of the
state. Run from the repository root:  python3 rnn/src/build/gen_small_recurrence.py
"""
import os

MAX_H = 6
W = 2  # strips interleaved (2 x H state vectors + 2 x H new vectors must fit the 32 vector registers)


def off(q):
    return "" if q == 0 else (" + l" if q == 1 else f" + {q} * l")


def forward(h, w):
    L = []
    P = " " * 12
    for q in range(w):
        for i in range(h):
            L.append(f"{P}DoubleVector h{i}_{q} = DoubleVector.fromArray(S, hs, {i} * ldh + t0 * batch + j{off(q)});")
    L.append(f"{P}for (int t = t0; t < t1; t++) {{")
    Q = P + "    "
    L.append(f"{Q}int col = t * batch + j;")
    for i in range(h):
        for q in range(w):
            L.append(f"{Q}DoubleVector n{i}_{q} = bias == null ? DoubleVector.zero(S) : DoubleVector.broadcast(S, bias[biasOff + {i}]);")
        # One input (the experiments) without a loop: a loop of one trip still takes a back-edge per step, which makes
        # HotSpot compile the kernel by OSR (once per loop) instead of normally.
        L.append(f"{Q}if (in == 1) {{")
        L.append(f"{Q}    DoubleVector wu = DoubleVector.broadcast(S, p[oIh + {i}]);")
        for q in range(w):
            L.append(f"{Q}    n{i}_{q} = DoubleVector.fromArray(S, x, col{off(q)}).fma(wu, n{i}_{q});")
        L.append(f"{Q}}} else {{")
        L.append(f"{Q}    for (int u = 0; u < in; u++) {{")
        L.append(f"{Q}        DoubleVector wu = DoubleVector.broadcast(S, p[oIh + {i} * in + u]);")
        for q in range(w):
            L.append(f"{Q}        n{i}_{q} = DoubleVector.fromArray(S, x, u * tb + col{off(q)}).fma(wu, n{i}_{q});")
        L.append(f"{Q}    }}")
        L.append(f"{Q}}}")
        for pp in range(h):
            L.append(f"{Q}DoubleVector w{i}{pp} = DoubleVector.broadcast(S, p[oHh + {i * h + pp}]);")
            for q in range(w):
                L.append(f"{Q}n{i}_{q} = h{pp}_{q}.fma(w{i}{pp}, n{i}_{q});")
        for q in range(w):
            L.append(f"{Q}if (relu) {{")
            L.append(f"{Q}    n{i}_{q} = n{i}_{q}.lanewise(VectorOperators.MAX, 0.0);")
            L.append(f"{Q}}}")
    for i in range(h):
        for q in range(w):
            L.append(f"{Q}n{i}_{q}.intoArray(hs, {i} * ldh + col + batch{off(q)});")
            L.append(f"{Q}h{i}_{q} = n{i}_{q};")
    L.append(f"{P}}}")
    return "\n".join(L)


def backward(h, w):
    L = []
    P = " " * 12
    for q in range(w):
        for i in range(h):
            L.append(f"{P}DoubleVector d{i}_{q} = t1 < time ? DoubleVector.fromArray(S, delta, {i} * tb + t1 * batch + j{off(q)})"
                     f" : DoubleVector.zero(S);")
    L.append(f"{P}for (int t = t1 - 1; t >= t0; t--) {{")
    Q = P + "    "
    L.append(f"{Q}int col = t * batch + j;")
    for i in range(h):
        for q in range(w):
            L.append(f"{Q}DoubleVector n{i}_{q} = DoubleVector.zero(S);")
    L.append(f"{Q}if (t >= washout) {{")
    L.append(f"{Q}    int ycol = (t - washout) * batch + j;")
    # one output without a loop, as the input in forward
    L.append(f"{Q}    if (out == 1) {{")
    for q in range(w):
        L.append(f"{Q}        DoubleVector dy{q} = DoubleVector.fromArray(S, dy, ycol{off(q)});")
    for i in range(h):
        L.append(f"{Q}        DoubleVector v{i} = DoubleVector.broadcast(S, p[oHo + {i}]);")
        for q in range(w):
            L.append(f"{Q}        n{i}_{q} = dy{q}.fma(v{i}, n{i}_{q});")
    L.append(f"{Q}    }} else {{")
    L.append(f"{Q}        for (int o = 0; o < out; o++) {{")
    for q in range(w):
        L.append(f"{Q}            DoubleVector dy{q} = DoubleVector.fromArray(S, dy, o * kept + ycol{off(q)});")
    for i in range(h):
        L.append(f"{Q}            DoubleVector v{i} = DoubleVector.broadcast(S, p[oHo + o * {h} + {i}]);")
        for q in range(w):
            L.append(f"{Q}            n{i}_{q} = dy{q}.fma(v{i}, n{i}_{q});")
    L.append(f"{Q}        }}")
    L.append(f"{Q}    }}")
    L.append(f"{Q}}}")
    L.append(f"{Q}if (t < time - 1) {{")
    for i in range(h):
        for pp in range(h):
            # dZ_t[i] += W_hh[pp][i] * dZ_{t+1}[pp]
            L.append(f"{Q}    DoubleVector w{i}{pp} = DoubleVector.broadcast(S, p[oHh + {pp * h + i}]);")
            for q in range(w):
                L.append(f"{Q}    n{i}_{q} = d{pp}_{q}.fma(w{i}{pp}, n{i}_{q});")
    L.append(f"{Q}}}")
    for i in range(h):
        for q in range(w):
            L.append(f"{Q}if (relu) {{")
            L.append(f"{Q}    VectorMask<Double> on = DoubleVector.fromArray(S, hs, {i} * ldh + col + batch{off(q)}).compare(VectorOperators.GT, 0.0);")
            L.append(f"{Q}    n{i}_{q} = DoubleVector.zero(S).blend(n{i}_{q}, on);")
            L.append(f"{Q}}}")
            L.append(f"{Q}n{i}_{q}.intoArray(delta, {i} * tb + col{off(q)});")
    for i in range(h):
        for q in range(w):
            L.append(f"{Q}d{i}_{q} = n{i}_{q};")
    L.append(f"{P}}}")
    return "\n".join(L)


def method_fwd(h):
    s = [f"    private static void forward{h}(int in, int batch, int time, double[] p, int oIh, int oHh, double[] bias, int biasOff,",
         "                                 boolean relu, double[] x, int tb, double[] hs, int ldh, int j0, int j1) {",
         "        int l = S.length();",
         "        int j = j0;",
         f"        for (; j + {W} * l <= j1; j += {W} * l) {{",
         "            for (int t0 = 0; t0 < time; t0 += CHUNK) {",
         f"                forward{h}x{W}(in, batch, p, oIh, oHh, bias, biasOff, relu, x, tb, hs, ldh, j, t0, Math.min(time, t0 + CHUNK));",
         "            }",
         "        }",
         "        for (; j + l <= j1; j += l) {",
         "            for (int t0 = 0; t0 < time; t0 += CHUNK) {",
         f"                forward{h}x1(in, batch, p, oIh, oHh, bias, biasOff, relu, x, tb, hs, ldh, j, t0, Math.min(time, t0 + CHUNK));",
         "            }",
         "        }",
         "    }"]
    for w in (W, 1):
        s.append("")
        s.append(f"    private static void forward{h}x{w}(int in, int batch, double[] p, int oIh, int oHh, double[] bias, int biasOff,")
        s.append("                                   boolean relu, double[] x, int tb, double[] hs, int ldh, int j, int t0, int t1) {")
        s.append("        int l = S.length();")
        s.append(forward(h, w).replace(chr(10) + "    ", chr(10))[4:])
        s.append("    }")
    return "\n".join(s)


def method_bwd(h):
    s = [f"    private static void backward{h}(int out, int batch, int time, int washout, double[] p, int oHo, int oHh,",
         "                                  boolean relu, double[] dy, int kept, double[] hs, int ldh, double[] delta, int tb,",
         "                                  int j0, int j1) {",
         "        int l = S.length();",
         "        int j = j0;",
         f"        for (; j + {W} * l <= j1; j += {W} * l) {{",
         "            for (int t1 = time; t1 > 0; t1 -= CHUNK) {",
         f"                backward{h}x{W}(out, batch, time, washout, p, oHo, oHh, relu, dy, kept, hs, ldh, delta, tb, j,",
         "                        Math.max(0, t1 - CHUNK), t1);",
         "            }",
         "        }",
         "        for (; j + l <= j1; j += l) {",
         "            for (int t1 = time; t1 > 0; t1 -= CHUNK) {",
         f"                backward{h}x1(out, batch, time, washout, p, oHo, oHh, relu, dy, kept, hs, ldh, delta, tb, j,",
         "                        Math.max(0, t1 - CHUNK), t1);",
         "            }",
         "        }",
         "    }"]
    for w in (W, 1):
        s.append("")
        s.append(f"    private static void backward{h}x{w}(int out, int batch, int time, int washout, double[] p, int oHo, int oHh,")
        s.append("                                    boolean relu, double[] dy, int kept, double[] hs, int ldh, double[] delta,")
        s.append("                                    int tb, int j, int t0, int t1) {")
        s.append("        int l = S.length();")
        s.append(backward(h, w).replace(chr(10) + "    ", chr(10))[4:])
        s.append("    }")
    return "\n".join(s)


def method_grad(h):
    rb = min(h, 3)
    blocks = [(r, min(h, r + rb)) for r in range(0, h, rb)]
    out = []
    s = [f"    private static void gradient{h}(double[] delta, int tb, double[] hs, int ldh, int k0, int kc, double[] c, int cOff,",
         "                                  double[] x, double[] cx, int cxOff, boolean accumulate) {"]
    for (r0, r1) in blocks:
        s.append(f"        gradient{h}rows{r0}(delta, tb, hs, ldh, k0, kc, c, cOff, x, cx, cxOff, accumulate);")
    s.append("    }")
    out.append("\n".join(s))
    for (r0, r1) in blocks:
        # one method per row block: a method holding every block's vectors grows past what C2 keeps in registers
        # and the vectors are then boxed
        s = [f"    private static void gradient{h}rows{r0}(double[] delta, int tb, double[] hs, int ldh, int k0, int kc, double[] c,",
             "                                        int cOff, double[] x, double[] cx, int cxOff, boolean accumulate) {",
             "        int l = S.length();",
             "        boolean withInput = x != null;"]
        for i in range(r0, r1):
            for j in range(h):
                s.append(f"        DoubleVector a{i}{j} = DoubleVector.zero(S);")
            s.append(f"        DoubleVector ax{i} = DoubleVector.zero(S);")
        s.append("        int k = k0;")
        s.append("        for (int bound = k0 + kc - l; k <= bound; k += l) {")
        for j in range(h):
            s.append(f"            DoubleVector h{j} = DoubleVector.fromArray(S, hs, {j} * ldh + k);")
        for i in range(r0, r1):
            s.append(f"            DoubleVector d{i} = DoubleVector.fromArray(S, delta, {i} * tb + k);")
            for j in range(h):
                s.append(f"            a{i}{j} = d{i}.fma(h{j}, a{i}{j});")
        s.append("            if (withInput) {")
        s.append("                DoubleVector xv = DoubleVector.fromArray(S, x, k);")
        for i in range(r0, r1):
            s.append(f"                ax{i} = d{i}.fma(xv, ax{i});")
        s.append("            }")
        s.append("        }")
        # Lanes summed in lane order, inline: deterministic (a fixed order, unlike reduceLanes(ADD)), and a call
        # such as Lanes.sum taking a vector argument that C2 does not inline in these large methods boxes the vector.
        for i in range(r0, r1):
            for j in range(h):
                s.append(f"        double s{i}{j} = 0.0;")
            s.append(f"        double sx{i} = 0.0;")
        s.append("        for (int q = 0; q < l; q++) {")
        for i in range(r0, r1):
            for j in range(h):
                s.append(f"            s{i}{j} += a{i}{j}.lane(q);")
            s.append(f"            sx{i} += ax{i}.lane(q);")
        s.append("        }")
        s.append("        for (; k < k0 + kc; k++) {")
        for i in range(r0, r1):
            for j in range(h):
                s.append(f"            s{i}{j} = Math.fma(delta[{i} * tb + k], hs[{j} * ldh + k], s{i}{j});")
            s.append(f"            if (withInput) {{")
            s.append(f"                sx{i} = Math.fma(delta[{i} * tb + k], x[k], sx{i});")
            s.append(f"            }}")
        s.append("        }")
        for i in range(r0, r1):
            for j in range(h):
                s.append(f"        c[cOff + {i * h + j}] = accumulate ? c[cOff + {i * h + j}] + s{i}{j} : s{i}{j};")
        s.append("        if (withInput) {")
        for i in range(r0, r1):
            s.append(f"            cx[cxOff + {i}] = accumulate ? cx[cxOff + {i}] + sx{i} : sx{i};")
        s.append("        }")
        s.append("    }")
        out.append("\n".join(s))
    return "\n\n".join(out)


def dispatch(name, args, n):
    s = []
    s.append(f"        switch (hid) {{")
    for h in range(1, MAX_H + 1):
        s.append(f"            case {h} -> {name}{h}({args});")
    s.append("            default -> throw new IllegalArgumentException(\"hidden size \" + hid + \" is not specialised\");")
    s.append("        }")
    return "\n".join(s)


src = f'''package org.teachingrnns.rnn.bptt;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

// GENERATED by rnn/src/build/gen_small_recurrence.py; edit the generator, not this file.

/**
 * Full-BPTT recurrences of very small RNNs (hidden 1..{MAX_H}, linear or relu) with the hidden state of two
 * vector strips of the batch held in registers for the whole sequence: strip-outer, time-inner. The generic
 * step-outer kernel ({{@link Kernels#step}}) reloads the state from L1 every step and runs at about a third of
 * this speed for hidden 5 and batch 80. The columns left over (batch not a multiple of the vector length) run
 * through the scalar loops at the end. Same equations and layout as {{@link BpttWorkspace}}:
 * <pre>
 *   forward:  H_t = f(W_ih x_t + b_h + W_hh H_{{t-1}})          (H_{{-1}} read from hs slot 0)
 *   backward: dZ_t = (W_ho^T dY_t [t >= washout] + W_hh^T dZ_{{t+1}} [t < T-1]) * f'(H_t)
 * </pre>
 */
final class SmallRecurrence {{

    /** Largest hidden size with a specialised kernel. */
    static final int MAX_HIDDEN = {MAX_H};

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /**
     * Time steps per call of a recurrence kernel; the state is reloaded from hs (delta) between calls, which gives
     * the same bits. Why chunks: a kernel that ran the whole sequence was called once per epoch, so HotSpot compiled
     * it only by on-stack replacement, several times (once per loop), each compile of this size taking C2 about a
     * second on a loaded machine, and OSR code keeps vectors that enter the loop boxed. Called for each chunk of
     * each strip, the kernel reaches C2's invocation threshold within a few epochs and is compiled once, normally.
     */
    static final int CHUNK = 16;

    private SmallRecurrence() {{
    }}

    /** Forward recursion for all columns; hs slot 0 holds h0, slots 1..T receive H_t. */
    static void forward(int hid, int in, int batch, int time, double[] p, int oIh, int oHh, double[] bias, int biasOff,
                        boolean relu, double[] x, double[] hs) {{
        int tb = time * batch;
        int ldh = (time + 1) * batch;
        int vec = batch - batch % S.length();
        if (vec > 0) {{
{dispatch("forward", "in, batch, time, p, oIh, oHh, bias, biasOff, relu, x, tb, hs, ldh, 0, vec", MAX_H).replace(chr(10) + "        ", chr(10) + "            ").replace("        switch", "            switch", 1)}
        }}
        for (int j = vec; j < batch; j++) {{
            for (int t = 0; t < time; t++) {{
                for (int i = 0; i < hid; i++) {{
                    double z = bias == null ? 0.0 : bias[biasOff + i];
                    for (int u = 0; u < in; u++) {{
                        z = Math.fma(x[u * tb + t * batch + j], p[oIh + i * in + u], z);
                    }}
                    for (int q = 0; q < hid; q++) {{
                        z = Math.fma(hs[q * ldh + t * batch + j], p[oHh + i * hid + q], z);
                    }}
                    hs[i * ldh + (t + 1) * batch + j] = relu ? Math.max(z, 0.0) : z;
                }}
            }}
        }}
    }}

    /** Backward recursion (full BPTT) for all columns: writes dZ into delta (hidden x T*B). */
    static void backward(int hid, int out, int batch, int time, int washout, double[] p, int oHo, int oHh,
                         boolean relu, double[] dy, double[] hs, double[] delta) {{
        int tb = time * batch;
        int ldh = (time + 1) * batch;
        int kept = (time - washout) * batch;
        int vec = batch - batch % S.length();
        if (vec > 0) {{
{dispatch("backward", "out, batch, time, washout, p, oHo, oHh, relu, dy, kept, hs, ldh, delta, tb, 0, vec", MAX_H).replace(chr(10) + "        ", chr(10) + "            ").replace("        switch", "            switch", 1)}
        }}
        for (int j = vec; j < batch; j++) {{
            for (int t = time - 1; t >= 0; t--) {{
                for (int i = 0; i < hid; i++) {{
                    double g = 0.0;
                    if (t >= washout) {{
                        for (int o = 0; o < out; o++) {{
                            g = Math.fma(dy[o * kept + (t - washout) * batch + j], p[oHo + o * hid + i], g);
                        }}
                    }}
                    if (t < time - 1) {{
                        for (int q = 0; q < hid; q++) {{
                            g = Math.fma(delta[q * tb + (t + 1) * batch + j], p[oHh + q * hid + i], g);
                        }}
                    }}
                    if (relu && !(hs[i * ldh + (t + 1) * batch + j] > 0.0)) {{
                        g = 0.0;
                    }}
                    delta[i * tb + t * batch + j] = g;
                }}
            }}
        }}
    }}

    /**
     * dW_hh = dZ H_prev^T (hidden x hidden, summed over all T*B columns) with every accumulator of a block of up
     * to three rows in registers: each strip of dZ and H_prev is loaded once per row block. With a single input
     * (x not null, one row of T*B) dW_ih = dZ x^T is formed in the same pass into cx. Column panels of
     * {{@link Kernels#NT_KC}} keep the operands in L1.
     */
    static void recurrentGradient(int hid, double[] delta, int tb, double[] hs, int ldh, double[] c, int cOff,
                                  double[] x, double[] cx, int cxOff) {{
        for (int k0 = 0; k0 < tb; k0 += Kernels.NT_KC) {{
            int kc = Math.min(Kernels.NT_KC, tb - k0);
            boolean acc = k0 > 0;
{dispatch("gradient", "delta, tb, hs, ldh, k0, kc, c, cOff, x, cx, cxOff, acc", MAX_H).replace(chr(10) + "        ", chr(10) + "            ").replace("        switch", "            switch", 1)}
        }}
    }}

{chr(10).join(method_fwd(h) + chr(10) + chr(10) + method_bwd(h) + chr(10) + chr(10) + method_grad(h) + chr(10) for h in range(1, MAX_H + 1))}}}
'''

here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, "..", "main", "java", "org", "teachingrnns", "rnn", "bptt", "SmallRecurrence.java")
with open(os.path.normpath(target), "w") as f:
    f.write(src)
print("wrote", os.path.normpath(target))
