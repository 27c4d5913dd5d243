package org.teachingrnns.rnn.experiment;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Settings by their snake_case keys (results.json's {@code config}, a sweep's grid file), read with the
 * types of the records: numbers may come as any {@link Number} (as a JSON reader gives them) or as text,
 * enum settings as their keys. Keys nobody read are an error, so a misspelt setting is never ignored.
 */
final class SettingsMap {

    private final Map<String, ?> map;
    private final Set<String> read = new TreeSet<>();

    SettingsMap(Map<String, ?> map) {
        if (map == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.map = map;
    }

    boolean has(String key) {
        read.add(key);
        return map.containsKey(key);
    }

    Object raw(String key) {
        read.add(key);
        return map.get(key);
    }

    <T> T get(String key, Function<String, T> parse, T otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " must be given, got null");
        }
        return parse.apply(String.valueOf(v));
    }

    int integer(String key, int otherwise) {
        long v = longValue(key, otherwise);
        if (v != (int) v) {
            throw new IllegalArgumentException(key + " must be an integer of at most 2^31 - 1, got " + v);
        }
        return (int) v;
    }

    long longValue(String key, long otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        Object v = map.get(key);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        double d = v instanceof Number n ? n.doubleValue() : parse(key, v);
        if (d != Math.rint(d) || Math.abs(d) > 0x1p62) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v);
        }
        return (long) d;
    }

    double real(String key, double otherwise) {
        return has(key) ? toDouble(key, map.get(key)) : otherwise;
    }

    boolean bool(String key, boolean otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        Object v = map.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(key + " must be true or false, got " + v);
    }

    /** Fails on the keys no record read. */
    void requireAllRead() {
        Set<String> unknown = new TreeSet<>(map.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; the settings are " + String.join(", ", ExperimentConfig.defaults().toMap().keySet()));
        }
    }

    static double toDouble(String key, Object v) {
        return v instanceof Number n ? n.doubleValue() : parse(key, v);
    }

    private static double parse(String key, Object v) {
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got " + v);
        }
    }
}
