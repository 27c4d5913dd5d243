package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.model.Activation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportHtmlTest {

    /** A small run: 60 epochs on 20 sequences of 60 steps, tracked every 5 epochs. */
    static ExperimentResult smallRun(Activation student, Activation teacher) {
        ExperimentConfig c = ExperimentConfig.defaults().withSeed(3)
                .withTeacher(t -> t.activation(teacher)).withStudent(s -> s.activation(student))
                .withTraining(t -> t.epochs(60)).withData(d -> d.sequences(20).length(60).washout(10))
                .withAnalysis(a -> a.trackEvery(5));
        return Experiment.run(c, null);
    }

    static String page(ExperimentResult r) {
        return ReportHtml.render("run <a&b>", Summary.of("run <a&b>", "auto", r), "seed 3", r);
    }

    /**
     * The plots of a report by section id, and the series each must show (by {@code data-series}); nonlinear
     * reports add the Jacobian and Lyapunov sections.
     */
    static Map<String, List<String>> expectedSeries(boolean nonlinear) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("nmse", List.of("train", "test"));
        m.put("tracking-distance", List.of("mean matched distance"));
        m.put("tracking-aligned", List.of("aligned poles", "spectral radius"));
        m.put("plane", List.of("trail", "pairs", "eigenvalues", "poles"));
        m.put("impulse", List.of("teacher", "student"));
        m.put("frequency-magnitude", List.of("teacher", "student"));
        m.put("frequency-phase", List.of("teacher", "student"));
        m.put("prediction", List.of("target (teacher)", "student"));
        if (nonlinear) {
            m.put("jacobian", List.of("distance"));
            m.put("lyapunov", List.of("teacher", "student"));
        }
        m.put("learned-change", List.of("singular values"));
        return m;
    }

    /**
     * Checks that every expected plot of the page is a well-formed SVG right after its heading and holds each of its
     * series with data: a polyline with at least two finite points, or a group with at least one marker.
     */
    static void assertEverySeriesDrawn(String html, boolean nonlinear) throws Exception {
        for (Map.Entry<String, List<String>> e : expectedSeries(nonlinear).entrySet()) {
            Matcher m = Pattern.compile("<h2 id=\"" + e.getKey() + "\">.*?</h2>\\s*(<svg.*?</svg>)", Pattern.DOTALL).matcher(html);
            assertTrue(m.find(), "a plot under the heading " + e.getKey());
            Document svg = xml(m.group(1));
            for (String series : e.getValue()) {
                Element el = bySeries(svg, series);
                assertTrue(el != null, e.getKey() + " lacks the series " + series);
                if (el.getTagName().equals("polyline")) {
                    String[] pts = el.getAttribute("points").strip().split("\\s+");
                    assertTrue(pts.length >= 2, e.getKey() + "/" + series + " has " + pts.length + " points");
                    for (String p : pts) {
                        String[] xy = p.split(",");
                        assertEquals(2, xy.length, p);
                        assertTrue(Double.isFinite(Double.parseDouble(xy[0])) && Double.isFinite(Double.parseDouble(xy[1])), p);
                    }
                } else {
                    int marks = el.getElementsByTagName("circle").getLength() + el.getElementsByTagName("path").getLength()
                            + el.getElementsByTagName("line").getLength();
                    assertTrue(marks >= 1, e.getKey() + "/" + series + " has no marker");
                }
            }
        }
    }

    private static Element bySeries(Document d, String series) {
        for (String tag : List.of("polyline", "g")) {
            NodeList l = d.getElementsByTagName(tag);
            for (int i = 0; i < l.getLength(); i++) {
                Element el = (Element) l.item(i);
                if (series.equals(el.getAttribute("data-series"))) {
                    return el;
                }
            }
        }
        return null;
    }

    @Test
    void linearReportIsSelfContainedAndShowsEveryPlot() throws Exception {
        ExperimentResult r = smallRun(Activation.LINEAR, Activation.LINEAR);
        String html = page(r);
        assertTrue(html.contains("<title>run &lt;a&amp;b&gt;</title>"), "title escaped");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("src=") || html.contains("href="), "nothing linked");
        Matcher ns = Pattern.compile("https?://[^\"]*").matcher(html);
        while (ns.find()) {
            assertEquals("http://www.w3.org/2000/svg", ns.group(), "the only URL is the SVG namespace");
        }
        assertEverySeriesDrawn(html, false);
        assertFalse(html.contains("id=\"lyapunov\"") || html.contains("id=\"jacobian\""), "no Lyapunov plots for a linear run");
        // The residue table has one row per eigenvalue.
        Matcher table = Pattern.compile("<table id=\"residues\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        assertTrue(table.find());
        assertEquals(1 + r.eigenvalues().length(), count(table.group(1), "<tr>"));
        // The polar plot draws one ring per eigenvalue and one cross per pole, ring size growing with the residue.
        Matcher plane = Pattern.compile("<h2 id=\"plane\">.*?</h2>\\s*(<svg.*?</svg>)", Pattern.DOTALL).matcher(html);
        assertTrue(plane.find());
        Document d = xml(plane.group(1));
        assertEquals(r.eigenvalues().length(), bySeries(d, "eigenvalues").getElementsByTagName("circle").getLength());
        assertEquals(r.poles().length(), bySeries(d, "poles").getElementsByTagName("path").getLength());
        double[] res = r.analysis().network().modes().residues();
        NodeList rings = bySeries(d, "eigenvalues").getElementsByTagName("circle");
        for (int i = 0; i < res.length; i++) {
            for (int j = 0; j < res.length; j++) {
                if (res[i] > res[j]) {
                    double ri = Double.parseDouble(((Element) rings.item(i)).getAttribute("r"));
                    double rj = Double.parseDouble(((Element) rings.item(j)).getAttribute("r"));
                    assertTrue(ri >= rj, "ring " + i + " (residue " + res[i] + ") not smaller than ring " + j);
                }
            }
        }
        assertEquals(r.analysis().tracking().points().size() * r.eigenvalues().length(),
                bySeries(d, "trail").getElementsByTagName("circle").getLength(), "one trail dot per tracked eigenvalue");
    }

    @Test
    void tanhReportAddsJacobianAndLyapunovPlots() throws Exception {
        ExperimentResult r = smallRun(Activation.TANH, Activation.TANH);
        String html = page(r);
        assertEverySeriesDrawn(html, true);
        Matcher m = Pattern.compile("<h2 id=\"lyapunov\">.*?</h2>\\s*(<svg.*?</svg>)", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        Document d = xml(m.group(1));
        assertEquals(r.student().hiddenSize(), bySeries(d, "student").getElementsByTagName("circle").getLength(),
                "one marker per exponent");
    }

    @Test
    void svgPlotSkipsWhatItCannotDrawAndSaysWhenNothingIsLeft() throws Exception {
        double[] x = {1, 2, 3, 4, 5};
        String svg = SvgPlot.xy("epoch", "loss").logY().line("a", SvgPlot.BLUE, x, new double[] {1, Double.NaN, 0, -1, 0.01}).svg();
        Element line = bySeries(xml(svg), "a");
        assertEquals(2, line.getAttribute("points").strip().split(" ").length, "NaN, zero and negative skipped on a log axis");
        String empty = SvgPlot.xy("epoch", "loss").logY().line("a", SvgPlot.BLUE, x, new double[] {0, -1, Double.NaN, 0, 0}).svg();
        assertTrue(empty.contains("no finite positive values"), empty);
        xml(empty);
        // A level far below the data is named in the legend but does not stretch the axis.
        String far = SvgPlot.xy("epoch", "loss").logY().line("a", SvgPlot.BLUE, x, new double[] {1, 0.5, 0.2, 0.1, 0.05})
                .level("floor 1e-30", SvgPlot.GREY, 1e-30).svg();
        assertTrue(far.contains(">floor 1e-30<") && !far.contains(">1e-30<"), far);
        assertFalse(far.contains("<line data-level"), "a level far off the data is not drawn");
        String near = SvgPlot.xy("epoch", "loss").logY().line("a", SvgPlot.BLUE, x, new double[] {1, 0.5, 0.2, 0.1, 0.05})
                .level("floor 0.01", SvgPlot.GREY, 0.01).svg();
        assertTrue(near.contains("<line data-level=\"floor 0.01\""), "a level near the data is drawn");
        // Linear ticks are round numbers.
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
                java.util.Arrays.stream(SvgPlot.Axis.linear(0, 1, false, false).ticks()).boxed().toList());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0),
                java.util.Arrays.stream(SvgPlot.Axis.linear(1, 5, true, true).ticks()).boxed().toList(), "indices get whole ticks");
        assertEquals("0.5", SvgPlot.Axis.plain(0.5));
        assertEquals("2.5e-5", SvgPlot.Axis.plain(2.5e-5));
        assertEquals("0.8774", SvgPlot.Axis.plain(0.877412));
        assertEquals("-1", SvgPlot.Axis.plain(-1));
    }

    static Document xml(String s) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The polyline coordinates' formatter gives %.1f's text, away from ties and values that round to zero. */
    @org.junit.jupiter.api.Test
    void tenthsAreWhatPercentPointOneFGives() {
        java.util.Random rnd = new java.util.Random(11);
        for (int i = 0; i < 100_000; i++) {
            double v = (rnd.nextDouble() - 0.3) * Math.pow(10, rnd.nextInt(6));
            double frac = Math.abs(v * 10) % 1;
            if (Math.abs(frac - 0.5) < 1e-6 || Math.abs(v) < 0.05) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            SvgPlot.appendTenths(sb, v);
            org.junit.jupiter.api.Assertions.assertEquals(String.format(java.util.Locale.ROOT, "%.1f", v), sb.toString(),
                    "v = " + v);
        }
    }
}
