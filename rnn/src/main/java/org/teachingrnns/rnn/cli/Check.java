package org.teachingrnns.rnn.cli;

/** Validation of option values, each failure one {@link BadInputException} line naming the flag. */
final class Check {

    private Check() {
    }

    static void positive(String flag, long v) {
        if (v <= 0) {
            throw new BadInputException(flag + " must be positive, got " + v);
        }
    }

    static void nonNegative(String flag, long v) {
        if (v < 0) {
            throw new BadInputException(flag + " must be >= 0, got " + v);
        }
    }

    static void atLeast(String flag, long v, long min, String why) {
        if (v < min) {
            throw new BadInputException(flag + " must be at least " + min + " " + why + ", got " + v);
        }
    }

    static void range(String flag, long v, long min, long max, String why) {
        if (v < min || v > max) {
            throw new BadInputException(flag + " must be in " + min + ".." + max + " (" + why + "), got " + v);
        }
    }

    static void positiveFinite(String flag, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new BadInputException(flag + " must be a positive number, got " + v);
        }
    }

    static void nonNegativeFinite(String flag, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new BadInputException(flag + " must be a number >= 0, got " + v);
        }
    }

    static void openInterval(String flag, double v, double lo, double hi) {
        if (!(v > lo && v < hi)) {
            throw new BadInputException(flag + " must be strictly between " + lo + " and " + hi + ", got " + v);
        }
    }
}
