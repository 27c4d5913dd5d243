package org.teachingrnns.rnn.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The values one flag takes in a sweep: a comma list whose items are single values or inclusive integer
 * ranges {@code a..b} (a &lt;= b, both integers, as longs so seeds fit). {@code 2..4,8} is 2, 3, 4, 8.
 *
 * <p>There are no non-integer ranges: a range of doubles needs a step, and a step of 0.1 is not exact in
 * binary, so the values would not be the ones the user typed. List them instead ({@code --lr 0.001,0.01,0.1}).
 * A value may appear once only: a duplicate would run the same configuration twice.
 */
public final class SweepValues {

    /** Guard against a typo such as {@code 1..1000000000}: more values than any sweep could run. */
    public static final long MAX_VALUES = 1_000_000;

    private SweepValues() {
    }

    /**
     * The values of {@code text} for the flag {@code flag} (named in errors), in the order written.
     *
     * @throws IllegalArgumentException for an empty item, a malformed or reversed range, a non-integer range or a duplicate
     */
    public static List<String> parse(String flag, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException(flag + ": empty item in the list '" + text + "'");
            }
            int dots = item.indexOf("..");
            if (dots >= 0) {
                String a = item.substring(0, dots).strip();
                String b = item.substring(dots + 2).strip();
                long from = integer(flag, item, a);
                long to = integer(flag, item, b);
                if (from > to) {
                    throw new IllegalArgumentException(flag + ": the range " + item + " is empty (write a..b with a <= b)");
                }
                if (to - from + 1 > MAX_VALUES || to - from < 0) {
                    throw new IllegalArgumentException(flag + ": the range " + item + " has more than " + MAX_VALUES + " values");
                }
                for (long v = from; v <= to; v++) {
                    add(flag, Long.toString(v), out, seen);
                    if (v == Long.MAX_VALUE) {
                        break;
                    }
                }
            } else {
                add(flag, item, out, seen);
            }
        }
        return out;
    }

    private static void add(String flag, String v, List<String> out, Set<String> seen) {
        if (!seen.add(v)) {
            throw new IllegalArgumentException(flag + ": the value " + v + " is listed twice");
        }
        if (out.size() >= MAX_VALUES) {
            throw new IllegalArgumentException(flag + ": more than " + MAX_VALUES + " values");
        }
        out.add(v);
    }

    private static long integer(String flag, String item, String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": ranges a..b take integers only, got '" + item
                    + "' (list non-integer values instead, e.g. 0.001,0.01,0.1)");
        }
    }
}
