package org.teachingrnns.rnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small inline-SVG plots for the HTML reports (no script, nothing fetched): an x-y plot with linear or logarithmic
 * y axis holding lines, dashed lines and markers (with optional error bars) and horizontal reference lines, and a
 * plot of the complex plane with the unit circle. Axes carry ticks and labels; the legend sits above the plot area
 * so that it never hides data. Each series is one element (a {@code polyline}, or a {@code g} of {@code circle}s)
 * carrying {@code data-series="label"}, so a test can find every series of a page.
 *
 * <p>Non-finite points, and on a log axis non-positive ones, are skipped: a NaN loss leaves a gap rather than
 * garbage coordinates.
 */
final class SvgPlot {

    /** How a series is drawn. */
    enum Mark { LINE, DASHED, DOTS }

    /** One series; {@code err} (may be null) are half-lengths of vertical error bars, for DOTS. */
    record Series(String label, String color, Mark mark, double[] x, double[] y, double[] err) {
    }

    /** A horizontal (or, when vertical, a vertical at x = value) reference line, labelled in the legend. */
    record Level(String label, String color, double value, boolean vertical) {
    }

    /** A point of the complex plane; size is the marker radius in pixels, title its tooltip. */
    record Point(double re, double im, double size, String title) {
    }

    static final String BLUE = "#1f77b4";
    static final String RED = "#d62728";
    static final String GREEN = "#2ca02c";
    static final String GREY = "#777777";
    static final String ORANGE = "#ff7f0e";

    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int LEFT = 78;
    private static final int RIGHT = 20;
    private static final int TOP = 34;
    private static final int BOTTOM = 50;
    /** At most this many points per polyline (every k-th point plus the last): a screen has fewer pixels. */
    private static final int MAX_POINTS = 2000;

    private final String xLabel;
    private final String yLabel;
    private boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private SvgPlot(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** An x-y plot with these axis labels. */
    static SvgPlot xy(String xLabel, String yLabel) {
        return new SvgPlot(xLabel, yLabel);
    }

    /** Logarithmic y axis (decades). */
    SvgPlot logY() {
        logY = true;
        return this;
    }

    SvgPlot line(String label, String color, double[] x, double[] y) {
        series.add(new Series(label, color, Mark.LINE, x, y, null));
        return this;
    }

    SvgPlot dashed(String label, String color, double[] x, double[] y) {
        series.add(new Series(label, color, Mark.DASHED, x, y, null));
        return this;
    }

    SvgPlot dots(String label, String color, double[] x, double[] y, double[] err) {
        series.add(new Series(label, color, Mark.DOTS, x, y, err));
        return this;
    }

    /**
     * A horizontal line at y with this legend text (give the value in it, e.g. {@code "threshold 0.05"}: a level out of
     * range, or non-positive on a log axis, is only named in the legend).
     */
    SvgPlot level(String label, String color, double y) {
        levels.add(new Level(label, color, y, false));
        return this;
    }

    /** A vertical line at x (drawn when x is inside the data's x range). */
    SvgPlot vertical(String label, String color, double x) {
        levels.add(new Level(label, color, x, true));
        return this;
    }

    /** 0, 1, ..., n - 1 as doubles: the x of a series indexed by position. */
    static double[] indices(int n, int first) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = first + i;
        }
        return x;
    }

    private boolean usable(double v) {
        return Double.isFinite(v) && (!logY || v > 0);
    }

    /** The plot as an {@code <svg>} element. */
    String svg() {
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && usable(s.y()[i])) {
                    xLo = Math.min(xLo, s.x()[i]);
                    xHi = Math.max(xHi, s.x()[i]);
                    double e = s.err() == null || !Double.isFinite(s.err()[i]) ? 0 : Math.abs(s.err()[i]);
                    yLo = Math.min(yLo, usable(s.y()[i] - e) ? s.y()[i] - e : s.y()[i]);
                    yHi = Math.max(yHi, s.y()[i] + e);
                }
            }
        }
        StringBuilder sb = new StringBuilder(16_384);
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"system-ui,sans-serif\" font-size=\"13\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        if (!(xLo <= xHi)) {
            sb.append("<text x=\"20\" y=\"40\">no finite").append(logY ? " positive" : "").append(" values to plot</text>\n</svg>\n");
            return sb.toString();
        }
        // A reference level joins the y range when it is within two decades (log) or the data's span (linear) of the
        // data; farther away it would squash the curves, so it is only named in the legend.
        for (Level l : levels) {
            if (!l.vertical() && usable(l.value()) && near(l.value(), yLo, yHi)) {
                yLo = Math.min(yLo, l.value());
                yHi = Math.max(yHi, l.value());
            }
        }
        boolean dots = series.stream().anyMatch(se -> se.mark() == Mark.DOTS);
        Axis x = Axis.linear(xLo, xHi, dots, integers());
        Axis y = logY ? Axis.log(yLo, yHi) : Axis.linear(yLo, yHi, true, false);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + plotW * x.fraction(v);
        java.util.function.DoubleUnaryOperator py = v -> TOP + plotH * (1 - y.fraction(v));

        for (double t : y.ticks()) {
            double yy = py.applyAsDouble(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#e6e6e6\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, yy, LEFT + plotW, yy, LEFT - 6, yy + 4,
                    y.label(t)));
        }
        for (double t : x.ticks()) {
            double xx = px.applyAsDouble(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#f0f0f0\"/>"
                    + "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>%n", xx, TOP, xx, TOP + plotH, xx,
                    TOP + plotH + 17, x.label(t)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotW, plotH));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2,
                HEIGHT - 8, ReportHtml.escape(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">%s%s</text>%n",
                TOP + plotH / 2, ReportHtml.escape(yLabel), logY ? " (log scale)" : ""));

        for (Level l : levels) {
            String head = String.format(Locale.ROOT, "<line data-level=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"",
                    ReportHtml.escape(l.label()), l.color());
            if (l.vertical() && l.value() >= x.lo() && l.value() <= x.hi()) {
                double xx = px.applyAsDouble(l.value());
                sb.append(String.format(Locale.ROOT, "%s x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.0f\"/>%n", head, xx, TOP, xx, TOP + plotH));
            } else if (!l.vertical() && usable(l.value()) && l.value() >= y.lo() && l.value() <= y.hi()) {
                double yy = py.applyAsDouble(l.value());
                sb.append(String.format(Locale.ROOT, "%s x1=\"%d\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>%n", head, LEFT, yy, LEFT + plotW, yy));
            }
        }
        for (Series s : series) {
            if (s.mark() == Mark.DOTS) {
                sb.append(String.format(Locale.ROOT, "<g data-series=\"%s\" fill=\"%s\" stroke=\"%s\">%n", ReportHtml.escape(s.label()),
                        s.color(), s.color()));
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.x()[i]) || !usable(s.y()[i])) {
                        continue;
                    }
                    double cx = px.applyAsDouble(s.x()[i]);
                    if (s.err() != null && Double.isFinite(s.err()[i]) && s.err()[i] > 0) {
                        double lo = s.y()[i] - s.err()[i];
                        double top = py.applyAsDouble(s.y()[i] + s.err()[i]);
                        double bottom = usable(lo) ? py.applyAsDouble(lo) : TOP + plotH;
                        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"1.5\"/>",
                                cx, top, cx, bottom));
                    }
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>%s: %s</title></circle>%n", cx,
                            py.applyAsDouble(s.y()[i]), ReportHtml.escape(s.label()), Summary.g(s.y()[i])));
                }
                sb.append("</g>\n");
            } else {
                StringBuilder pts = new StringBuilder();
                int n = s.x().length;
                int stride = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
                for (int i = 0; i < n; i += stride) {
                    appendPoint(pts, s, i, px, py);
                }
                if ((n - 1) % stride != 0) {
                    appendPoint(pts, s, n - 1, px, py);
                }
                sb.append(String.format(Locale.ROOT, "<polyline data-series=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s points=\"%s\"/>%n",
                        ReportHtml.escape(s.label()), s.color(), s.mark() == Mark.DASHED ? "2" : "1.6",
                        s.mark() == Mark.DASHED ? " stroke-dasharray=\"6 3\"" : "", pts.toString().strip()));
            }
        }
        legend(sb);
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** True when every x is a whole number (indices, epochs): then the x ticks are whole numbers too. */
    private boolean integers() {
        for (Series s : series) {
            for (double v : s.x()) {
                if (Double.isFinite(v) && v != Math.rint(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean near(double v, double lo, double hi) {
        if (logY) {
            return Math.log10(v) >= Math.log10(lo) - 2 && Math.log10(v) <= Math.log10(hi) + 2;
        }
        double span = Math.max(hi - lo, 1e-300);
        return v >= lo - span && v <= hi + span;
    }

    private void appendPoint(StringBuilder pts, Series s, int i, java.util.function.DoubleUnaryOperator px,
                             java.util.function.DoubleUnaryOperator py) {
        if (Double.isFinite(s.x()[i]) && usable(s.y()[i])) {
            appendTenths(pts, px.applyAsDouble(s.x()[i]));
            pts.append(',');
            appendTenths(pts, py.applyAsDouble(s.y()[i]));
            pts.append(' ');
        }
    }

    /**
     * A finite pixel coordinate with one decimal, as {@code %.1f} gives it (up to the sign of a value that rounds to
     * zero and a tie's last digit). A report has thousands of polyline points, and String.format parsing its pattern
     * for each was a tenth of a default run's fixed cost (JFR).
     */
    static void appendTenths(StringBuilder sb, double v) {
        long r = Math.round(v * 10.0);
        if (r < 0) {
            sb.append('-');
            r = -r;
        }
        sb.append(r / 10).append('.').append(r % 10);
    }

    private void legend(StringBuilder sb) {
        double x = LEFT;
        double y = 18;
        for (Series s : series) {
            x = legendItem(sb, x, y, s.label(), s.color(), s.mark());
        }
        for (Level l : levels) {
            x = legendItem(sb, x, y, l.label(), l.color(), null);
        }
    }

    /** One legend entry at (x, y): a sample of the mark and the label; returns where the next entry starts. */
    private static double legendItem(StringBuilder sb, double x, double y, String label, String color, Mark mark) {
        if (mark == Mark.DOTS) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x + 10, y - 4, color));
        } else {
            String dash = mark == null ? " stroke-dasharray=\"2 3\"" : mark == Mark.DASHED ? " stroke-dasharray=\"6 3\"" : "";
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                    x, y - 4, x + 22, y - 4, color, dash));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", x + 28, y, ReportHtml.escape(label)));
        // ~7 px per character at 13 px: a rough width, enough to keep entries apart.
        return x + 28 + 7.2 * label.length() + 18;
    }

    /**
     * The complex plane with the unit circle (dashed), axes and ticks: {@code trail} as small faint dots (e.g. the
     * eigenvalues during training), {@code links} as grey segments {re1, im1, re2, im2}, {@code rings} as open
     * circles of their size and {@code crosses} as crosses. Series carry {@code data-series}: "trail", "pairs",
     * "eigenvalues", "poles".
     */
    static String plane(List<Point> crosses, String crossLabel, List<Point> rings, String ringLabel, List<double[]> links,
                        List<Point> trail, String trailLabel) {
        int size = 540;
        int top = 48;
        double extent = 1.1;
        for (List<Point> l : List.of(crosses, rings)) {
            for (Point p : l) {
                double r = Math.hypot(p.re(), p.im());
                if (Double.isFinite(r)) {
                    extent = Math.max(extent, 1.08 * r);
                }
            }
        }
        double half = (size - top) / 2.0;
        double cx0 = size / 2.0;
        double cy0 = top + half;
        double scale = (half - 22) / extent;
        java.util.function.DoubleUnaryOperator x = re -> cx0 + scale * re;
        java.util.function.DoubleUnaryOperator y = im -> cy0 - scale * im;
        StringBuilder sb = new StringBuilder(16_384);
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"system-ui,sans-serif\" font-size=\"13\">%n", size, size, size, size));
        sb.append(String.format(Locale.ROOT, "<line x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\"/><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>%n",
                cy0, size, cy0, cx0, top, cx0, size));
        sb.append(String.format(Locale.ROOT, "<circle data-role=\"unit-circle\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>%n",
                cx0, cy0, scale));
        // Tick labels sit inside the unit circle, beside the point where it crosses the axis.
        for (double t : new double[] {-1, -0.5, 0.5, 1}) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#666\" text-anchor=\"%s\">%s</text>",
                    x.applyAsDouble(t) - Math.signum(t) * 3, cy0 + 16, t > 0 ? "end" : "start", Axis.plain(t)));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#666\">%si</text>%n", cx0 + 5,
                    y.applyAsDouble(t) + (t > 0 ? 15 : -5), Axis.plain(t)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#444\" text-anchor=\"end\">Re</text>", size - 6, cy0 - 6));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#444\">Im</text>%n", cx0 + 6, top + 12));
        if (!trail.isEmpty()) {
            sb.append("<g data-series=\"trail\" fill=\"#6baed6\" fill-opacity=\"0.5\">\n");
            for (Point p : trail) {
                if (Double.isFinite(p.re()) && Double.isFinite(p.im())) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", x.applyAsDouble(p.re()),
                            y.applyAsDouble(p.im()), p.size()));
                }
            }
            sb.append("\n</g>\n");
        }
        sb.append("<g data-series=\"pairs\" stroke=\"#999\" stroke-width=\"1.2\">\n");
        for (double[] l : links) {
            if (Double.isFinite(l[2]) && Double.isFinite(l[3])) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n", x.applyAsDouble(l[0]),
                        y.applyAsDouble(l[1]), x.applyAsDouble(l[2]), y.applyAsDouble(l[3])));
            }
        }
        sb.append("</g>\n<g data-series=\"eigenvalues\" fill=\"#1f77b4\" fill-opacity=\"0.15\" stroke=\"#1f77b4\" stroke-width=\"1.8\">\n");
        for (Point p : rings) {
            if (Double.isFinite(p.re()) && Double.isFinite(p.im())) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"><title>%s</title></circle>%n",
                        x.applyAsDouble(p.re()), y.applyAsDouble(p.im()), p.size(), ReportHtml.escape(p.title())));
            }
        }
        sb.append("</g>\n<g data-series=\"poles\" stroke=\"#d62728\" stroke-width=\"2.2\">\n");
        for (Point p : crosses) {
            double cx = x.applyAsDouble(p.re());
            double cy = y.applyAsDouble(p.im());
            double s = p.size();
            sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\"><title>%s</title></path>%n",
                    cx - s, cy - s, cx + s, cy + s, cx - s, cy + s, cx + s, cy - s, ReportHtml.escape(p.title())));
        }
        sb.append("</g>\n");
        // Legend in the top-left corner, one entry per row.
        sb.append("<path d=\"M10 8L20 18M10 18L20 8\" stroke=\"#d62728\" stroke-width=\"2\"/>");
        sb.append(String.format(Locale.ROOT, "<text x=\"28\" y=\"18\">%s</text>%n", ReportHtml.escape(crossLabel)));
        sb.append("<circle cx=\"15\" cy=\"31\" r=\"5\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.8\"/>");
        sb.append(String.format(Locale.ROOT, "<text x=\"28\" y=\"36\">%s</text>%n", ReportHtml.escape(ringLabel)));
        if (!trail.isEmpty()) {
            sb.append("<circle cx=\"15\" cy=\"49\" r=\"2.5\" fill=\"#6baed6\"/>");
            sb.append(String.format(Locale.ROOT, "<text x=\"28\" y=\"54\">%s</text>%n", ReportHtml.escape(trailLabel)));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** An axis: its range, where a value falls in it, its ticks and their labels. */
    record Axis(double lo, double hi, boolean log, double[] ticks) {

        static Axis log(double lo, double hi) {
            double a = Math.floor(Math.log10(lo));
            double b = Math.ceil(Math.log10(hi));
            if (b <= a) {
                b = a + 1;
            }
            // At most ~8 labelled decades: every k-th decade beyond that.
            int step = (int) Math.max(1, Math.ceil((b - a) / 8));
            List<Double> t = new ArrayList<>();
            for (double d = a; d <= b; d += step) {
                t.add(Math.pow(10, d));
            }
            return new Axis(Math.pow(10, a), Math.pow(10, b), true, t.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /**
         * Ticks at 1, 2 or 5 times a power of ten, about six of them; pad adds 5% on both sides (half a unit at least
         * for whole numbers, so that markers at the ends stay clear of the frame); whole asks for whole-number ticks.
         */
        static Axis linear(double lo, double hi, boolean pad, boolean whole) {
            if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi))) {
                double d = lo == 0 ? 1 : 0.1 * Math.abs(lo);
                lo -= d;
                hi += d;
            } else if (pad) {
                double d = whole ? Math.max(0.5, 0.05 * (hi - lo)) : 0.05 * (hi - lo);
                lo -= d;
                hi += d;
            }
            double raw = (hi - lo) / 6;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
            if (whole) {
                step = Math.max(1, step);
            }
            List<Double> t = new ArrayList<>();
            // k * step rounded to 12 digits, so that 3 x 0.2 is the tick 0.6, not 0.6000000000000001.
            for (long k = (long) Math.ceil(lo / step); k * step <= hi + 1e-9 * step; k++) {
                t.add(k == 0 ? 0.0 : Double.parseDouble(String.format(Locale.ROOT, "%.12g", k * step)));
            }
            return new Axis(lo, hi, false, t.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double fraction(double v) {
            return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        }

        String label(double v) {
            return log ? String.format(Locale.ROOT, "1e%d", Math.round(Math.log10(v))) : plain(v);
        }

        /** A value with at most four significant digits and no trailing zeros: 0.5, 1000, 0.8774, 2.5e-05. */
        static String plain(double v) {
            if (!Double.isFinite(v)) {
                return Double.toString(v);
            }
            if (v == Math.rint(v) && Math.abs(v) < 1e7) {
                return Long.toString((long) v);
            }
            String s = String.format(Locale.ROOT, "%.4g", v);
            if (s.contains("e")) {
                String[] me = s.split("e");
                String m = me[0].contains(".") ? me[0].replaceAll("0+$", "").replaceAll("\\.$", "") : me[0];
                return m + "e" + Integer.parseInt(me[1]);
            }
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
    }
}
