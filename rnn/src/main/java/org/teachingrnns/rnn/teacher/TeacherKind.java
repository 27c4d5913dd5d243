package org.teachingrnns.rnn.teacher;

import org.teachingrnns.rnn.util.Keys;

/** Which teacher produces the data. */
public enum TeacherKind {
    /** An IIR filter with random poles in the disk, as a companion-form RNN ({@link IirTeacher}). */
    IIR("iir"),
    /** A random RNN with a given spectral radius ({@link RandomRnnTeacher}). */
    RANDOM("random"),
    /** A given {@link org.teachingrnns.rnn.model.RnnModel}. */
    MODEL("model");

    private final String key;

    TeacherKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static TeacherKind parse(String name) {
        return Keys.parse(TeacherKind.class, TeacherKind::key, "teacher", name);
    }

    @Override
    public String toString() {
        return key;
    }
}
