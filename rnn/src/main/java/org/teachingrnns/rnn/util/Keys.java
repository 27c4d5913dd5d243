package org.teachingrnns.rnn.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of the lower-case names the command line and JSON use for enum settings. */
public final class Keys {

    private Keys() {
    }

    /** The constant whose key equals name (trimmed, case-insensitive), else a message listing the valid keys. */
    public static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> key, String what, String name) {
        if (name != null) {
            String k = name.trim().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (key.apply(e).equals(k)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; valid values: "
                + Arrays.stream(type.getEnumConstants()).map(key).collect(Collectors.joining(", ")));
    }
}
