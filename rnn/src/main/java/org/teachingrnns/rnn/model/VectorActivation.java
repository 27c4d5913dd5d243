package org.teachingrnns.rnn.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane-wise (Vector API) form of an {@link Activation}'s f and f', for the Vector API BPTT engines. Every lane
 * gets exactly what {@code Activation}'s array methods give one element, bit for bit: {@link #apply} is
 * {@link Activation#applyInPlace} (relu is {@code Math.max(z, 0.0)}: -0.0 becomes 0.0 and NaN stays NaN, as
 * {@code torch.relu}; tanh is {@link Tanh#tanh}, whose operations {@link #tanh(DoubleVector)} repeats in the same
 * order) and {@link #multiplyByDerivative} is {@link Activation#multiplyByDerivative} (relu passes the gradient where
 * the output is {@code > 0}, as PyTorch's {@code threshold_backward}; a NaN or zero output stops it; tanh multiplies
 * by {@code 1 - h*h}, rounded as the scalar form rounds it). {@code VectorActivationTest} checks all of it against the
 * scalar methods.
 *
 * <p>Two ways to apply f, because of how C2 treats vectors passed to a call. linear and relu are applied per vector
 * ({@link #apply}) inside the generated register-resident kernels: their bodies are at most 6 bytes of bytecode
 * ({@code MaxTrivialSize}), and C2 inlines a method that small even into methods past its
 * {@code NodeCountInliningCutoff} (as those kernels are), where a call it did not inline would box every vector
 * argument and result. A 20-byte relu f' ({@code compare} and {@code blend} in one method) was refused there for
 * some of the twelve vectors of hidden 6 ({@code -XX:+PrintInlining}); hence f' as a mask, applied by the caller.
 * tanh is about thirty vector operations: the kernels store the pre-activations and call {@link #applyToRows},
 * whose loop C2 compiles with the tanh inlined and whose arguments are arrays ({@link #appliedInRegisters} says
 * which way). Its f' {@code 1 - h*h}, three operations, the generator writes into those kernels itself (the same
 * operations as {@link #multiplyByDerivative}, so the same bits): through {@link #multiplyByDerivativeRows} once a
 * step (store, call, reload on the recurrence's chain) the backward pass cost 0.2 of a linear epoch more. The
 * fused-step engine still calls {@link #multiplyByDerivativeRows}.
 *
 * <p>The float forms ({@link #apply(FloatVector)}, {@link #derivativeMask(FloatVector, FloatVector)},
 * {@link #multiplyByDerivative(FloatVector, FloatVector)}, {@link #applyToRows(float[], int, int, int, int)}) serve
 * the float32 register-resident kernels ({@code FloatSmallRecurrence}) in the same two ways, with
 * {@link Activation#applyFloat} and {@link Activation#chainDerivativeFloat} bit for bit.
 */
public enum VectorActivation {
    LINEAR(Activation.LINEAR) {
        @Override
        public DoubleVector apply(DoubleVector z) {
            return z;
        }

        @Override
        public VectorMask<Double> derivativeMask(DoubleVector zero, DoubleVector h) {
            return null;
        }

        @Override
        public FloatVector apply(FloatVector z) {
            return z;
        }

        @Override
        public VectorMask<Float> derivativeMask(FloatVector zero, FloatVector h) {
            return null;
        }

        // The identity needs no pass over the arrays.
        @Override
        public void applyToRows(double[] a, int off, int stride, int rows, int len) {
        }

        @Override
        public void applyToRows(float[] a, int off, int stride, int rows, int len) {
        }

        @Override
        public void multiplyByDerivativeRows(double[] grad, int gOff, int gStride, double[] h, int hOff, int hStride,
                                             int rows, int len) {
        }
    },
    TANH(Activation.TANH) {
        @Override
        public DoubleVector apply(DoubleVector z) {
            return tanh(z);
        }

        @Override
        public VectorMask<Double> derivativeMask(DoubleVector zero, DoubleVector h) {
            return null;
        }

        /** {@code grad * (1 - h*h)}, rounded as {@link Activation#chainDerivative}. */
        @Override
        public DoubleVector multiplyByDerivative(DoubleVector grad, DoubleVector h) {
            return grad.mul(DoubleVector.broadcast(h.species(), 1.0).sub(h.mul(h)));
        }

        @Override
        public FloatVector apply(FloatVector z) {
            return tanh(z);
        }

        @Override
        public VectorMask<Float> derivativeMask(FloatVector zero, FloatVector h) {
            return null;
        }

        /** {@code grad * (1 - h*h)} in float, as {@link Activation#chainDerivativeFloat}. */
        @Override
        public FloatVector multiplyByDerivative(FloatVector grad, FloatVector h) {
            return grad.mul(FloatVector.broadcast(h.species(), 1f).sub(h.mul(h)));
        }

        // As the double form: the loop calls the static tanh, so C2 sees one callee here.
        @Override
        public void applyToRows(float[] a, int off, int stride, int rows, int len) {
            int bound = F.loopBound(len);
            for (int r = 0; r < rows; r++) {
                int o = off + r * stride;
                int i = 0;
                for (; i < bound; i += F.length()) {
                    tanh(FloatVector.fromArray(F, a, o + i)).intoArray(a, o + i);
                }
                for (; i < len; i++) {
                    a[o + i] = Activation.TANH.applyFloat(a[o + i]);
                }
            }
        }

        @Override
        public boolean appliedInRegisters() {
            return false;
        }

        // The loop calls the static tanh, so whichever activations a JVM has run, C2 sees one callee here.
        @Override
        public void applyToRows(double[] a, int off, int stride, int rows, int len) {
            int bound = S.loopBound(len);
            for (int r = 0; r < rows; r++) {
                int o = off + r * stride;
                int i = 0;
                for (; i < bound; i += S.length()) {
                    tanh(DoubleVector.fromArray(S, a, o + i)).intoArray(a, o + i);
                }
                Activation.TANH.applyInPlace(a, o + i, len - i);
            }
        }

        @Override
        public void multiplyByDerivativeRows(double[] grad, int gOff, int gStride, double[] h, int hOff, int hStride,
                                             int rows, int len) {
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            int bound = S.loopBound(len);
            for (int r = 0; r < rows; r++) {
                int go = gOff + r * gStride;
                int ho = hOff + r * hStride;
                int i = 0;
                for (; i < bound; i += S.length()) {
                    DoubleVector hv = DoubleVector.fromArray(S, h, ho + i);
                    DoubleVector.fromArray(S, grad, go + i).mul(one.sub(hv.mul(hv))).intoArray(grad, go + i);
                }
                Activation.TANH.multiplyByDerivative(grad, go + i, h, ho + i, len - i);
            }
        }
    },
    RELU(Activation.RELU) {
        @Override
        public DoubleVector apply(DoubleVector z) {
            return z.max(0.0);
        }

        @Override
        public VectorMask<Double> derivativeMask(DoubleVector zero, DoubleVector h) {
            return zero.lt(h);
        }

        @Override
        public FloatVector apply(FloatVector z) {
            return z.max(0f);
        }

        @Override
        public VectorMask<Float> derivativeMask(FloatVector zero, FloatVector h) {
            return zero.lt(h);
        }
    };

    /** The species of the array loops. */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** The species of the float array loops (float32 path). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final Activation activation;

    VectorActivation(Activation activation) {
        this.activation = activation;
    }

    /** The lane-wise form of f. */
    public static VectorActivation of(Activation f) {
        if (f == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        return switch (f) {
            case LINEAR -> LINEAR;
            case TANH -> TANH;
            case RELU -> RELU;
        };
    }

    /** The scalar activation this is the lane-wise form of. */
    public Activation activation() {
        return activation;
    }

    /** f(z) in every lane of z, as {@link Activation#applyInPlace}. */
    public abstract DoubleVector apply(DoubleVector z);

    /**
     * Whether kernels that hold states in registers apply f there, through {@link #apply} (linear and relu, whose
     * bodies are trivial), or store the pre-activations and call {@link #applyToRows} (tanh only: those kernels apply
     * tanh's f' themselves).
     */
    public boolean appliedInRegisters() {
        return true;
    }

    /**
     * f' of a piecewise-linear activation is 0 or 1 in each lane: the lanes where it is 1, given the outputs
     * {@code h = f(z)} and a zero vector of their species, or {@code null} when it is 1 in every lane or f is not
     * piecewise linear. A kernel multiplies by f' exactly as {@link #multiplyByDerivative} does:
     * {@code zero.blend(grad, mask)}, which gives +0.0 where a product by 0 would give -0.0 or NaN.
     */
    public abstract VectorMask<Double> derivativeMask(DoubleVector zero, DoubleVector h);

    /** {@code grad * f'(z)} in every lane, where {@code h = f(z)}, as {@link Activation#multiplyByDerivative}. */
    public DoubleVector multiplyByDerivative(DoubleVector grad, DoubleVector h) {
        DoubleVector zero = DoubleVector.zero(grad.species());
        VectorMask<Double> passes = derivativeMask(zero, h);
        return passes == null ? grad : zero.blend(grad, passes);
    }

    /**
     * f(z) in every float lane, as {@link Activation#applyFloat}: the float32 register-resident kernels' f (the
     * trivial bodies of linear and relu are inlined into them, as {@link #apply(DoubleVector)} is).
     */
    public abstract FloatVector apply(FloatVector z);

    /** {@link #derivativeMask(DoubleVector, DoubleVector)} in float lanes, for the float32 kernels. */
    public abstract VectorMask<Float> derivativeMask(FloatVector zero, FloatVector h);

    /** {@code grad * f'(z)} in every float lane, where {@code h = f(z)}, as {@link Activation#chainDerivativeFloat}. */
    public FloatVector multiplyByDerivative(FloatVector grad, FloatVector h) {
        FloatVector zero = FloatVector.zero(grad.species());
        VectorMask<Float> passes = derivativeMask(zero, h);
        return passes == null ? grad : zero.blend(grad, passes);
    }

    /**
     * {@link #applyToRows(double[], int, int, int, int)} in float, {@link Activation#applyFloat} in every element:
     * the float32 register-resident kernels that store the states (tanh) call it once per step.
     */
    public void applyToRows(float[] a, int off, int stride, int rows, int len) {
        int bound = F.loopBound(len);
        for (int r = 0; r < rows; r++) {
            int o = off + r * stride;
            int i = 0;
            for (; i < bound; i += F.length()) {
                apply(FloatVector.fromArray(F, a, o + i)).intoArray(a, o + i);
            }
            for (; i < len; i++) {
                a[o + i] = activation.applyFloat(a[o + i]);
            }
        }
    }

    /** {@code a[i] = f(a[i])} for {@code i in [off, off+len)}: {@link Activation#applyInPlace} in lanes. */
    public final void applyInPlace(double[] a, int off, int len) {
        applyToRows(a, off, 0, 1, len);
    }

    /**
     * {@link #applyInPlace} on {@code rows} rows of {@code len} elements, {@code stride} apart from {@code off} (the
     * hidden units of some steps in the workspace's layout).
     */
    public void applyToRows(double[] a, int off, int stride, int rows, int len) {
        int bound = S.loopBound(len);
        for (int r = 0; r < rows; r++) {
            int o = off + r * stride;
            int i = 0;
            for (; i < bound; i += S.length()) {
                apply(DoubleVector.fromArray(S, a, o + i)).intoArray(a, o + i);
            }
            activation.applyInPlace(a, o + i, len - i);
        }
    }

    /**
     * {@code grad[gOff+i] *= f'(z_i)} where {@code h[hOff+i] = f(z_i)}, for {@code i < len}:
     * {@link Activation#multiplyByDerivative} in lanes.
     */
    public final void multiplyByDerivative(double[] grad, int gOff, double[] h, int hOff, int len) {
        multiplyByDerivativeRows(grad, gOff, 0, h, hOff, 0, 1, len);
    }

    /**
     * {@link #multiplyByDerivative(double[], int, double[], int, int)} on {@code rows} rows of {@code len} elements,
     * {@code gStride} apart in grad and {@code hStride} apart in h.
     */
    public void multiplyByDerivativeRows(double[] grad, int gOff, int gStride, double[] h, int hOff, int hStride,
                                         int rows, int len) {
        int bound = S.loopBound(len);
        for (int r = 0; r < rows; r++) {
            int go = gOff + r * gStride;
            int ho = hOff + r * hStride;
            int i = 0;
            for (; i < bound; i += S.length()) {
                multiplyByDerivative(DoubleVector.fromArray(S, grad, go + i), DoubleVector.fromArray(S, h, ho + i))
                        .intoArray(grad, go + i);
            }
            activation.multiplyByDerivative(grad, go + i, h, ho + i, len - i);
        }
    }

    /**
     * {@link Tanh#tanh} in every lane: the same operations in the same order (the Vector API's {@code fma} is
     * {@link Math#fma}, its {@code min} on longs {@link Math#min(long, long)}, its {@code reinterpretAs} the raw bits),
     * so the same bits; see {@link Tanh} for the method. One method of 309 bytes of bytecode, under C2's
     * {@code FreqInlineSize} (325), so that the one decision to inline it is taken where it is called, in
     * {@link #applyToRows}'s hot loop. Split in two (tanh and its polynomial), C2 sometimes compiled the outer part
     * with profiles from C1's tier 2, which collects none, judged the inner call cold ("too big") and left it a call
     * with every vector boxed: one training run in six took 0.28 instead of 0.155 ms per epoch. A whole tanh of 420
     * bytes (an earlier form) was never inlined, and ten times slower.
     */
    static DoubleVector tanh(DoubleVector x) {
        LongVector xb = x.reinterpretAsLongs();
        LongVector sx = xb.and(Tanh.SIGN);
        DoubleVector a = xb.and(Tanh.ABS).min(Tanh.SATURATION_BITS).reinterpretAsDoubles();
        DoubleVector kd = a.fma(Tanh.MINUS_2_LOG2E, Tanh.SHIFTER);
        DoubleVector k = kd.sub(Tanh.SHIFTER);
        VectorSpecies<Double> sp = x.species();
        DoubleVector s = k.fma(DoubleVector.broadcast(sp, Tanh.LN2_HALF_HI), a);
        s = k.fma(DoubleVector.broadcast(sp, Tanh.LN2_HALF_LO), s);
        // H(s) = s + s^2 q(s), q by Estrin
        DoubleVector s2 = s.mul(s);
        DoubleVector s4 = s2.mul(s2);
        DoubleVector q01 = s2.fma(s.fma(Tanh.H5, Tanh.H4), s.fma(Tanh.H3, Tanh.H2));
        DoubleVector q23 = s2.fma(s.fma(Tanh.H9, Tanh.H8), s.fma(Tanh.H7, Tanh.H6));
        DoubleVector h = s2.fma(s4.fma(s4.fma(s.fma(Tanh.H11, Tanh.H10), q23), q01), s);
        LongVector pk = kd.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52);
        DoubleVector n = pk.add(Tanh.TIMES_2).reinterpretAsDoubles()
                .fma(h, DoubleVector.broadcast(sp, 1.0).sub(pk.reinterpretAsDoubles()));
        DoubleVector d = pk.add(Tanh.TIMES_MINUS_2).reinterpretAsDoubles().fma(h, pk.reinterpretAsDoubles().add(1.0));
        DoubleVector signed = n.div(d).reinterpretAsLongs().or(sx).reinterpretAsDoubles();
        return signed.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /**
     * {@code a[off..off+n) = f(a[...])} in float, {@link Activation#applyFloat} in every element: one row of
     * {@link #applyToRows(float[], int, int, int, int)} (f in lanes, the tail in scalar form, the same bits). For the
     * float32 path's Vector API products.
     */
    public static void applyFloatToRow(Activation f, float[] a, int off, int n) {
        of(f).applyToRows(a, off, 0, 1, n);
    }

    /**
     * {@link Tanh#tanh(float)} in every lane, bit for bit (the same operations in the same order), for float32
     * kernels. One method, as {@link #tanh(DoubleVector)}: split in two, C2 may leave the second a call with boxed
     * vectors when a tier-2 profile judged it cold (seen with the double form: one run in several at twice the epoch).
     */
    public static FloatVector tanh(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        IntVector xb = x.reinterpretAsInts();
        IntVector sx = xb.and(0x8000_0000);
        FloatVector ax = xb.lanewise(VectorOperators.XOR, sx).reinterpretAsFloats();
        FloatVector a = ax.blend(Tanh.SATURATION_F, ax.compare(VectorOperators.GT, Tanh.SATURATION_F));
        FloatVector kd = a.fma(Tanh.MINUS_2_LOG2E_F, Tanh.SHIFTER_F);
        FloatVector k = kd.sub(Tanh.SHIFTER_F);
        FloatVector r = k.fma(FloatVector.broadcast(s, -Tanh.LN2_HI_F), a.mul(-2.0f));
        r = k.fma(FloatVector.broadcast(s, -Tanh.LN2_LO_F), r);
        // expm1(r) for |r| <= ln2/2, to degree 7, as Tanh.tanh(float) forms it
        FloatVector q = r.fma(1.0f / 5040, 1.0f / 720);
        q = q.fma(r, FloatVector.broadcast(s, 1.0f / 120));
        q = q.fma(r, FloatVector.broadcast(s, 1.0f / 24));
        q = q.fma(r, FloatVector.broadcast(s, 1.0f / 6));
        q = q.fma(r, FloatVector.broadcast(s, 0.5f));
        FloatVector p = r.mul(r).fma(q, r);
        FloatVector ns = kd.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(Tanh.MINUS_ONE_BITS_F)
                .reinterpretAsFloats();
        FloatVector n = ns.fma(p, ns.add(1.0f));
        FloatVector t = n.div(FloatVector.broadcast(s, 2.0f).sub(n));
        FloatVector signed = t.reinterpretAsInts().or(sx).reinterpretAsFloats();
        return signed.blend(x, x.test(VectorOperators.IS_NAN));
    }
}
