package org.teachingrnns.rnn.train;

import org.teachingrnns.rnn.util.Keys;

/** The learning-rate schedules, by the key the command line and results.json use. */
public enum ScheduleKind {
    CONSTANT("constant"),
    STEP("step"),
    EXPONENTIAL("exponential"),
    COSINE("cosine"),
    PLATEAU("plateau");

    private final String key;

    ScheduleKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static ScheduleKind parse(String name) {
        return Keys.parse(ScheduleKind.class, ScheduleKind::key, "schedule", name);
    }

    @Override
    public String toString() {
        return key;
    }
}
