package org.teachingrnns.rnn.experiment;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.teachingrnns.rnn.model.Activation;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.teacher.IirTeacher;
import org.teachingrnns.rnn.teacher.TeacherKind;

/**
 * The teacher that produces the data. Validated on construction; each message names the flag of the setting.
 * Defaults (the field initialisers of {@link Builder}, the one place they are written): an IIR filter of
 * order 5 with complex-conjugate pole pairs in the unit disk, linear.
 *
 * @param kind           {@code --teacher}: iir, random or model (default iir)
 * @param order          {@code --order}: poles of the IIR filter, or hidden size of a random teacher (default 5)
 * @param realPolesOnly  {@code --real-poles}: iir, real poles instead of conjugate pairs (default false)
 * @param maxRadius      {@code --max-radius}: iir, poles drawn in the disk of this radius (default 1.0)
 * @param activation     {@code --teacher-activation}: of the iir or random teacher (default linear)
 * @param spectralRadius {@code --teacher-spectral-radius}: random teacher, spectral radius of W_hh (default 0.9)
 * @param model          {@code --teacher-model}: the teacher itself when kind is model (default none); kept as a copy
 */
public record TeacherConfig(TeacherKind kind, int order, boolean realPolesOnly, double maxRadius, Activation activation,
                            double spectralRadius, RnnModel model) {

    /** The reference notebook's teacher. */
    public static final TeacherConfig DEFAULTS = new Builder().build();

    public TeacherConfig {
        Require.notNull("--teacher", kind);
        Require.notNull("--teacher-activation", activation);
        Require.positive("--order", order);
        Require.positiveFinite("--max-radius", maxRadius);
        Require.nonNegativeFinite("--teacher-spectral-radius", spectralRadius);
        Require.that(kind != TeacherKind.MODEL || model != null, "--teacher model needs --teacher-model FILE");
        Require.that(kind == TeacherKind.MODEL || model == null,
                "--teacher-model needs --teacher model (or no --teacher), not --teacher " + kind.key());
        if (kind == TeacherKind.IIR) {
            // Before the size check: an absurd order is refused for what it is (its polynomial cannot be formed).
            IirTeacher.checkOrder(order);
        }
        if (model == null) {
            // Companion form (iir) or random W_hh: order x order, plus W_ih and W_ho.
            Require.arrayLength("the teacher's parameters", "--order", order, (long) order + 2);
        }
        model = model == null ? null : model.copy();
    }

    /** The teacher model (a copy), or null. */
    @Override
    public RnnModel model() {
        return model == null ? null : model.copy();
    }

    /** Hidden size of the teacher: its model's, or the order. */
    public int hiddenSize() {
        return model != null ? model.hiddenSize() : order;
    }

    /** Inputs per step: its model's, or 1 (a single-input filter or random RNN). */
    public int inputSize() {
        return model != null ? model.inputSize() : 1;
    }

    /** Outputs per step: its model's, or 1. */
    public int outputSize() {
        return model != null ? model.outputSize() : 1;
    }

    /** This teacher with the settings the operator changes, e.g. {@code t.with(b -> b.order(3).realPolesOnly(true))}. */
    public TeacherConfig with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    void putInto(Map<String, Object> m) {
        m.put("teacher", kind.key());
        m.put("order", order);
        m.put("real_poles_only", realPolesOnly);
        m.put("max_radius", maxRadius);
        m.put("teacher_activation", activation.key());
        m.put("teacher_spectral_radius", spectralRadius);
        m.put("teacher_model", model == null ? null : model.toMap());
    }

    static TeacherConfig from(SettingsMap s, TeacherConfig base) {
        return base.with(b -> b.kind(s.get("teacher", TeacherKind::parse, base.kind))
                .order(s.integer("order", base.order))
                .realPolesOnly(s.bool("real_poles_only", base.realPolesOnly))
                .maxRadius(s.real("max_radius", base.maxRadius))
                .activation(s.get("teacher_activation", Activation::parse, base.activation))
                .spectralRadius(s.real("teacher_spectral_radius", base.spectralRadius))
                .model(s.has("teacher_model") ? modelOf(s.raw("teacher_model")) : base.model));
    }

    /** A model from its exchange-format map ({@link RnnModel#toMap()}, or the same map read back from JSON). */
    static RnnModel modelOf(Object v) {
        if (v == null || v instanceof RnnModel) {
            return (RnnModel) v;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("teacher_model must be a model in the exchange format, got " + v);
        }
        return RnnModel.of(Activation.parse(String.valueOf(m.get("activation"))), matrix(m.get("W_ih"), "W_ih"),
                matrix(m.get("W_hh"), "W_hh"), matrix(m.get("W_ho"), "W_ho"), vector(m.get("b_h"), "b_h"),
                vector(m.get("b_o"), "b_o"));
    }

    private static double[][] matrix(Object v, String key) {
        if (v instanceof double[][] a) {
            return a;
        }
        if (!(v instanceof List<?> rows)) {
            throw new IllegalArgumentException("teacher_model." + key + " must be a matrix (a list of rows), got " + v);
        }
        double[][] a = new double[rows.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = vector(rows.get(i), key);
        }
        return a;
    }

    private static double[] vector(Object v, String key) {
        if (v == null || v instanceof double[]) {
            return (double[]) v;
        }
        if (!(v instanceof List<?> xs)) {
            throw new IllegalArgumentException("teacher_model." + key + " must be a list of numbers, got " + v);
        }
        double[] a = new double[xs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = SettingsMap.toDouble("teacher_model." + key, xs.get(i));
        }
        return a;
    }

    /** Named settings; {@link #build()} validates. The field initialisers are the defaults. */
    public static final class Builder {
        private TeacherKind kind = TeacherKind.IIR;
        private int order = 5;
        private boolean realPolesOnly = false;
        private double maxRadius = 1.0;
        private Activation activation = Activation.LINEAR;
        private double spectralRadius = 0.9;
        private RnnModel model = null;

        Builder() {
        }

        Builder(TeacherConfig c) {
            kind = c.kind;
            order = c.order;
            realPolesOnly = c.realPolesOnly;
            maxRadius = c.maxRadius;
            activation = c.activation;
            spectralRadius = c.spectralRadius;
            model = c.model;
        }

        public Builder kind(TeacherKind v) { kind = v; return this; }
        public Builder order(int v) { order = v; return this; }
        public Builder realPolesOnly(boolean v) { realPolesOnly = v; return this; }
        public Builder maxRadius(double v) { maxRadius = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder spectralRadius(double v) { spectralRadius = v; return this; }
        /** The given teacher (kind model); null for none. */
        public Builder model(RnnModel v) { model = v; return this; }

        public TeacherConfig build() {
            return new TeacherConfig(kind, order, realPolesOnly, maxRadius, activation, spectralRadius, model);
        }
    }
}
