package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.Writer;

/**
 * Minimal RFC 4180 CSV: a header row, then rows of numbers and text. Doubles are written at full precision
 * (shortest round-trip form); a non-finite double is written as {@code NaN}, {@code Infinity} or
 * {@code -Infinity}, which NumPy, pandas and R all read back.
 */
final class Csv {

    private final Writer w;
    private final int columns;

    Csv(Writer w, String... header) throws IOException {
        this.w = w;
        this.columns = header.length;
        row((Object[]) header);
    }

    void row(Object... cells) throws IOException {
        if (cells.length != columns) {
            throw new IllegalArgumentException("CSV row has " + cells.length + " cells but the header has " + columns);
        }
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(cell(cells[i]));
        }
        w.write('\n');
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        String s = String.valueOf(v);
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
