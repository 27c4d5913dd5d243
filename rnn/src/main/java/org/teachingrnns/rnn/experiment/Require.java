package org.teachingrnns.rnn.experiment;

/**
 * The checks of the configuration records, each failure an {@link IllegalArgumentException} whose message
 * names the command-line flag of the setting, so that {@code teach} prints it as it is (one {@code teach:}
 * line, exit status 2) and a library caller reads the same sentence.
 */
final class Require {

    /** The largest length a Java array reliably gets (as jdk.internal.util.ArraysSupport.SOFT_MAX_ARRAY_LENGTH). */
    static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Require() {
    }

    static void that(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static void notNull(String flag, Object v) {
        that(v != null, flag + " must be given");
    }

    static void positive(String flag, long v) {
        that(v > 0, flag + " must be positive, got " + v);
    }

    static void nonNegative(String flag, long v) {
        that(v >= 0, flag + " must be >= 0, got " + v);
    }

    static void atLeast(String flag, long v, long min, String why) {
        that(v >= min, flag + " must be at least " + min + " " + why + ", got " + v);
    }

    static void positiveFinite(String flag, double v) {
        that(v > 0 && Double.isFinite(v), flag + " must be a positive number, got " + v);
    }

    static void nonNegativeFinite(String flag, double v) {
        that(v >= 0 && Double.isFinite(v), flag + " must be a number >= 0, got " + v);
    }

    static void openInterval(String flag, double v, double lo, double hi) {
        that(v > lo && v < hi, flag + " must be strictly between " + lo + " and " + hi + ", got " + v);
    }

    static void halfOpen(String flag, double v, double lo, double hi) {
        that(v >= lo && v < hi, flag + " must be in [" + lo + ", " + hi + "), got " + v);
    }

    static void closed(String flag, double v, double lo, double hi) {
        that(v >= lo && v <= hi, flag + " must be in [" + lo + ", " + hi + "], got " + v);
    }

    /**
     * The product of the factors in 64-bit arithmetic (Math.multiplyExact), which must fit one Java array:
     * otherwise the message says what needs that many elements and from which flags (issue 13), instead of a
     * NegativeArraySizeException or an OutOfMemoryError deep inside training.
     */
    static long arrayLength(String what, String flags, long... factors) {
        long n = 1;
        try {
            for (long f : factors) {
                n = Math.multiplyExact(n, f);
            }
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        that(n <= MAX_ARRAY_LENGTH, what + " needs " + (n == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(n))
                + " values, more than one Java array holds (" + MAX_ARRAY_LENGTH + "); reduce " + flags);
        return n;
    }
}
