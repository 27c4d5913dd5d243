package org.teachingrnns.rnn.cli;

import org.teachingrnns.numeric.ComplexArray;

/** Parses {@code --poles "re,im;re,im;..."} (a bare {@code re} is a real pole; spaces are allowed). */
final class PoleList {

    private PoleList() {
    }

    static ComplexArray parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("--poles is empty; expected \"re,im;re,im;...\"");
        }
        String[] items = text.split(";", -1);
        double[] re = new double[items.length];
        double[] im = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            if (item.isEmpty()) {
                throw new BadInputException("--poles: pole " + (i + 1) + " is empty in \"" + text + "\"; expected \"re,im;re,im;...\"");
            }
            String[] parts = item.split(",", -1);
            if (parts.length > 2) {
                throw new BadInputException("--poles: pole " + (i + 1) + " \"" + item + "\" has " + parts.length
                        + " numbers; expected re,im");
            }
            re[i] = number(parts[0], i, item);
            im[i] = parts.length == 2 ? number(parts[1], i, item) : 0.0;
        }
        return ComplexArray.of(re, im);
    }

    private static double number(String s, int i, String item) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException("--poles: pole " + (i + 1) + " \"" + item + "\": '" + s.trim() + "' is not a finite number");
    }
}
