package org.teachingrnns.rnn.cli;

import java.util.List;
import java.util.Locale;

/**
 * report.html: one self-contained page (no script, no network: inline CSS and SVG) with the summary table,
 * the loss curves on a log scale and the teacher's poles against the student's eigenvalues in the unit circle.
 */
final class ReportHtml {

    /** A matched pair for the plot: a teacher pole, the student eigenvalue it was matched with, their distance. */
    record Pair(double poleRe, double poleIm, double eigRe, double eigIm, double distance) {
    }

    private ReportHtml() {
    }

    /**
     * @param title      page title
     * @param summary    the plain-text summary table (shown preformatted)
     * @param trainLoss  training loss per epoch (epoch i+1 at index i); non-finite and non-positive values are skipped
     * @param testEpochs epochs at which the test loss was recorded (may be empty)
     * @param testLoss   test losses at those epochs
     */
    static String render(String title, String summary, double[] trainLoss, int[] testEpochs, double[] testLoss,
                         double[] poleRe, double[] poleIm, double[] eigRe, double[] eigIm, List<Pair> pairs) {
        return render(title, summary, null, trainLoss, testEpochs, testLoss, poleRe, poleIm, eigRe, eigIm, pairs);
    }

    /** As above, with the run's settings ({@code key = value} lines) shown at the end; settings may be null. */
    static String render(String title, String summary, String settings, double[] trainLoss, int[] testEpochs, double[] testLoss,
                         double[] poleRe, double[] poleIm, double[] eigRe, double[] eigIm, List<Pair> pairs) {
        StringBuilder sb = new StringBuilder(32_768);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}\n")
                .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:0.85em}\n")
                .append("svg{background:#fff;border:1px solid #ddd;margin:0.5em 0}\n")
                .append(".legend span{margin-right:1.5em}\n</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n");
        sb.append("<h2>Summary</h2>\n<pre>").append(escape(summary)).append("</pre>\n");
        sb.append("<h2>Loss</h2>\n");
        sb.append("<p class=\"legend\"><span style=\"color:#1f77b4\">&#9632; train</span><span style=\"color:#d62728\">&#9632; test</span> (mean squared error, log scale)</p>\n");
        sb.append(lossSvg(trainLoss, testEpochs, testLoss));
        sb.append("<h2>Teacher poles and student eigenvalues</h2>\n");
        sb.append("<p class=\"legend\"><span style=\"color:#d62728\">&#215; teacher pole</span><span style=\"color:#1f77b4\">&#9675; student eigenvalue of W_hh</span><span style=\"color:#999\">&#8212; matched pair</span> (unit circle dashed)</p>\n");
        sb.append(planeSvg(poleRe, poleIm, eigRe, eigIm, pairs));
        if (settings != null) {
            sb.append("<h2>Settings</h2>\n<pre>").append(escape(settings)).append("</pre>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    static String lossSvg(double[] trainLoss, int[] testEpochs, double[] testLoss) {
        int w = 720;
        int h = 360;
        int left = 70;
        int right = 20;
        int top = 15;
        int bottom = 45;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : trainLoss) {
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (double v : testLoss) {
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", w, h, w, h));
        if (!(lo <= hi) || trainLoss.length == 0) {
            sb.append("<text x=\"20\" y=\"40\">no finite positive loss to plot</text>\n</svg>\n");
            return sb.toString();
        }
        double logLo = Math.floor(Math.log10(lo));
        double logHi = Math.ceil(Math.log10(hi));
        if (logHi <= logLo) {
            logHi = logLo + 1;
        }
        int epochs = Math.max(trainLoss.length, testEpochs.length == 0 ? 1 : testEpochs[testEpochs.length - 1]);
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        final double fLogLo = logLo;
        final double fLogHi = logHi;
        java.util.function.DoubleUnaryOperator xOf = e -> left + plotW * (epochs <= 1 ? 0.5 : (e - 1) / (epochs - 1));
        java.util.function.DoubleUnaryOperator yOf = v -> top + plotH * (fLogHi - Math.log10(v)) / (fLogHi - fLogLo);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>%n", left, top, plotW, plotH));
        for (int d = (int) logLo; d <= (int) logHi; d++) {
            double y = yOf.applyAsDouble(Math.pow(10, d));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">1e%d</text>%n", left, y, left + plotW, y, left - 6, y + 4, d));
        }
        for (int i = 0; i <= 4; i++) {
            double e = 1 + (epochs - 1) * i / 4.0;
            double x = xOf.applyAsDouble(e);
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%d</text>%n", x, h - bottom + 18, Math.round(e)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">epoch</text>%n", left + plotW / 2, h - 6));
        // At most ~1500 points per curve: every k-th epoch plus the last one.
        int stride = Math.max(1, trainLoss.length / 1500);
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < trainLoss.length; i += stride) {
            appendPoint(pts, xOf.applyAsDouble(i + 1), trainLoss[i], yOf);
        }
        if ((trainLoss.length - 1) % stride != 0) {
            appendPoint(pts, xOf.applyAsDouble(trainLoss.length), trainLoss[trainLoss.length - 1], yOf);
        }
        sb.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"").append(pts.toString().strip()).append("\"/>\n");
        if (testEpochs.length > 0) {
            StringBuilder tp = new StringBuilder();
            for (int i = 0; i < testEpochs.length; i++) {
                appendPoint(tp, xOf.applyAsDouble(testEpochs[i]), testLoss[i], yOf);
            }
            sb.append("<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\" points=\"")
                    .append(tp.toString().strip()).append("\"/>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void appendPoint(StringBuilder pts, double x, double v, java.util.function.DoubleUnaryOperator yOf) {
        if (v > 0 && Double.isFinite(v)) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yOf.applyAsDouble(v)));
        }
    }

    static String planeSvg(double[] poleRe, double[] poleIm, double[] eigRe, double[] eigIm, List<Pair> pairs) {
        int size = 420;
        double extent = 1.1;
        for (int i = 0; i < poleRe.length; i++) {
            extent = Math.max(extent, 1.1 * Math.hypot(poleRe[i], poleIm[i]));
        }
        for (int i = 0; i < eigRe.length; i++) {
            double r = Math.hypot(eigRe[i], eigIm[i]);
            if (Double.isFinite(r)) {
                extent = Math.max(extent, 1.1 * r);
            }
        }
        double half = size / 2.0;
        double scale = (half - 15) / extent;
        java.util.function.DoubleUnaryOperator x = re -> half + scale * re;
        java.util.function.DoubleUnaryOperator y = im -> half - scale * im;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", size, size, size, size));
        sb.append(String.format(Locale.ROOT, "<line x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                half, size, half, half, half, size));
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>%n", half, half, scale));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#888\">1</text>%n", x.applyAsDouble(1) + 3, half - 3));
        for (Pair p : pairs) {
            if (Double.isFinite(p.eigRe()) && Double.isFinite(p.eigIm())) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>%n",
                        x.applyAsDouble(p.poleRe()), y.applyAsDouble(p.poleIm()), x.applyAsDouble(p.eigRe()), y.applyAsDouble(p.eigIm())));
            }
        }
        for (int i = 0; i < eigRe.length; i++) {
            if (Double.isFinite(eigRe[i]) && Double.isFinite(eigIm[i])) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"><title>eigenvalue %s</title></circle>%n",
                        x.applyAsDouble(eigRe[i]), y.applyAsDouble(eigIm[i]), complex(eigRe[i], eigIm[i])));
            }
        }
        for (int i = 0; i < poleRe.length; i++) {
            double cx = x.applyAsDouble(poleRe[i]);
            double cy = y.applyAsDouble(poleIm[i]);
            sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\" stroke=\"#d62728\" stroke-width=\"2\"><title>pole %s</title></path>%n",
                    cx - 5, cy - 5, cx + 5, cy + 5, cx - 5, cy + 5, cx + 5, cy - 5, complex(poleRe[i], poleIm[i])));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    static String complex(double re, double im) {
        return String.format(Locale.ROOT, "%.4f %s %.4fi", re, im < 0 ? "-" : "+", Math.abs(im));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
