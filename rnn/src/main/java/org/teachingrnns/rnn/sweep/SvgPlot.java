package org.teachingrnns.rnn.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scatter plots as inline SVG (no script, nothing fetched): linear or log10 axes, optional y = x diagonal, optional
 * unit circle with equal axes for the complex plane, a legend, and a labelled box instead of an empty plot when
 * there is no data.
 */
final class SvgPlot {

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};

    /** Points of one kind; {@code size} (optional) scales each marker's radius, relative to the series' largest. */
    record Series(String name, String color, double[] x, double[] y, double[] size) {
        Series(String name, String color, double[] x, double[] y) {
            this(name, color, x, y, null);
        }
    }

    /** How a plot is drawn. */
    record Options(boolean logY, boolean diagonal, boolean unitCircle) {
        static final Options PLAIN = new Options(false, false, false);
    }

    private static final int W = 560;
    private static final int H = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    private SvgPlot() {
    }

    /** A box saying why the plot is absent (rather than an empty plot). */
    static String absent(String why) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"80\" viewBox=\"0 0 " + W + " 80\">"
                + "<rect x=\"0.5\" y=\"0.5\" width=\"" + (W - 1) + "\" height=\"79\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
                + "<text x=\"" + W / 2 + "\" y=\"45\" text-anchor=\"middle\" font-size=\"14\" fill=\"#666\">" + escape(why) + "</text></svg>\n";
    }

    static String scatter(String xLabel, String yLabel, List<Series> series, Options o) {
        List<double[]> pts = new ArrayList<>();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double x = s.x()[i];
                double y = o.logY() ? Math.log10(s.y()[i]) : s.y()[i];
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    xMin = Math.min(xMin, x);
                    xMax = Math.max(xMax, x);
                    yMin = Math.min(yMin, y);
                    yMax = Math.max(yMax, y);
                    pts.add(new double[] {x, y});
                }
            }
        }
        if (pts.isEmpty()) {
            return absent("no finite points to plot");
        }
        if (o.unitCircle()) {
            double r = Math.max(1.05, Math.max(Math.max(Math.abs(xMin), Math.abs(xMax)), Math.max(Math.abs(yMin), Math.abs(yMax))) * 1.05);
            xMin = -r;
            xMax = r;
            yMin = -r;
            yMax = r;
        }
        if (o.diagonal()) {
            double lo = Math.min(xMin, yMin);
            double hi = Math.max(xMax, yMax);
            xMin = lo;
            yMin = lo;
            xMax = hi;
            yMax = hi;
        }
        double[] xr = pad(xMin, xMax, false);
        double[] yr = pad(yMin, yMax, o.logY());
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        if (o.unitCircle()) {
            pw = Math.min(pw, ph);
            ph = pw;
        }
        final int plotW = pw;
        final int plotH = ph;
        java.util.function.DoubleUnaryOperator sx = x -> LEFT + (x - xr[0]) / (xr[1] - xr[0]) * plotW;
        java.util.function.DoubleUnaryOperator sy = y -> TOP + plotH - (y - yr[0]) / (yr[1] - yr[0]) * plotH;

        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", LEFT, TOP,
                plotW, plotH));
        for (double t : ticks(xr[0], xr[1])) {
            double px = sx.applyAsDouble(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", px, TOP, px, TOP + plotH));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH + 15, label(t, false)));
        }
        for (double t : o.logY() ? logTicks(yr[0], yr[1]) : ticks(yr[0], yr[1])) {
            double py = sy.applyAsDouble(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", LEFT, py, LEFT + plotW, py));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 5, py + 4, label(t, o.logY())));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%s</text>%n", LEFT + plotW / 2,
                TOP + plotH + 36, escape(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 15 %d)\">%s</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, escape(yLabel + (o.logY() ? " (log10)" : ""))));
        if (o.diagonal()) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>%n",
                    sx.applyAsDouble(Math.max(xr[0], yr[0])), sy.applyAsDouble(Math.max(xr[0], yr[0])),
                    sx.applyAsDouble(Math.min(xr[1], yr[1])), sy.applyAsDouble(Math.min(xr[1], yr[1]))));
        }
        if (o.unitCircle()) {
            double cx = sx.applyAsDouble(0);
            double cy = sy.applyAsDouble(0);
            double r = sx.applyAsDouble(1) - cx;
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>%n",
                    cx, cy, r));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\"/>", LEFT, cy, LEFT + plotW, cy));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>%n", cx, TOP, cx, TOP + plotH));
        }
        for (Series s : series) {
            double maxSize = 0;
            if (s.size() != null) {
                for (double v : s.size()) {
                    if (Double.isFinite(v)) {
                        maxSize = Math.max(maxSize, Math.abs(v));
                    }
                }
            }
            sb.append("<g fill=\"").append(s.color()).append("\" fill-opacity=\"0.55\">");
            for (int i = 0; i < s.x().length; i++) {
                double x = s.x()[i];
                double y = o.logY() ? Math.log10(s.y()[i]) : s.y()[i];
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    continue;
                }
                double r = 3;
                if (s.size() != null && maxSize > 0 && Double.isFinite(s.size()[i])) {
                    r = 1.5 + 7 * Math.sqrt(Math.abs(s.size()[i]) / maxSize);
                }
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", sx.applyAsDouble(x), sy.applyAsDouble(y), r));
            }
            sb.append("</g>\n");
        }
        int ly = TOP + 14;
        for (Series s : series) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s (%d)</text>%n",
                    LEFT + 12, ly - 4, s.color(), LEFT + 20, ly, escape(s.name()), finiteCount(s, o)));
            ly += 15;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int finiteCount(Series s, Options o) {
        int n = 0;
        for (int i = 0; i < s.x().length; i++) {
            double y = o.logY() ? Math.log10(s.y()[i]) : s.y()[i];
            if (Double.isFinite(s.x()[i]) && Double.isFinite(y)) {
                n++;
            }
        }
        return n;
    }

    private static double[] pad(double lo, double hi, boolean log) {
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double d = log ? 1 : hi != 0 ? Math.abs(hi) * 0.5 : 0.5;
            return new double[] {lo - d, hi + d};
        }
        double d = (hi - lo) * 0.05;
        return new double[] {lo - d, hi + d};
    }

    /** About five round ticks (1, 2 or 5 times a power of ten apart) inside [lo, hi]. */
    static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
            t.add(Math.abs(v) < 1e-12 * step ? 0.0 : v);
        }
        return t;
    }

    private static List<Double> logTicks(double lo, double hi) {
        List<Double> t = new ArrayList<>();
        int step = Math.max(1, (int) Math.ceil((hi - lo) / 8));
        for (double v = Math.ceil(lo); v <= hi; v += step) {
            t.add(v);
        }
        return t.isEmpty() ? ticks(lo, hi) : t;
    }

    private static String label(double v, boolean log) {
        if (log) {
            return v == Math.rint(v) ? "1e" + (long) v : String.format(Locale.ROOT, "1e%.1f", v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
