package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportHtmlTest {

    @Test
    void selfContainedPageWithWellFormedSvgs() throws Exception {
        double[] loss = new double[100];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = Math.exp(-0.05 * i);
        }
        loss[40] = Double.NaN; // skipped, not drawn as garbage
        String html = ReportHtml.render("run <a&b>", "train 1.0 <x>", loss, new int[] {10, 20, 100}, new double[] {0.7, 0.4, 0.01},
                new double[] {0.5, 0.5}, new double[] {0.3, -0.3}, new double[] {0.49, 0.51, 0.1}, new double[] {0.31, -0.29, 0},
                List.of(new ReportHtml.Pair(0.5, 0.3, 0.49, 0.31, 0.014), new ReportHtml.Pair(0.5, -0.3, 0.51, -0.29, 0.014)));
        assertTrue(html.contains("<title>run &lt;a&amp;b&gt;</title>"), "title escaped");
        assertTrue(html.contains("train 1.0 &lt;x&gt;"), "summary escaped");
        assertFalse(html.contains("<script"), "no script");
        // The only URL is the SVG namespace: nothing is fetched from the network.
        assertEquals(2, count(html, "http"), "only the two SVG namespace declarations");

        Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        assertTrue(svg.find());
        Document lossDoc = xml(svg.group());
        assertEquals(2, lossDoc.getElementsByTagName("polyline").getLength(), "train and test curves");
        String trainPoints = lossDoc.getElementsByTagName("polyline").item(0).getAttributes().getNamedItem("points").getNodeValue();
        assertEquals(99, trainPoints.split(" ").length, "every finite epoch but the NaN");
        assertFalse(trainPoints.contains("NaN"));
        assertTrue(svg.find());
        Document plane = xml(svg.group());
        assertEquals(2, plane.getElementsByTagName("path").getLength(), "one cross per pole");
        assertEquals(1 + 3, plane.getElementsByTagName("circle").getLength(), "unit circle and one ring per eigenvalue");
        assertEquals(2 + 2, plane.getElementsByTagName("line").getLength(), "two axes and one line per pair");
    }

    @Test
    void nothingToPlotSaysSo() throws Exception {
        String svg = ReportHtml.lossSvg(new double[] {Double.NaN, Double.POSITIVE_INFINITY}, new int[0], new double[0]);
        assertTrue(svg.contains("no finite positive loss"), svg);
        xml(svg);
    }

    private static Document xml(String s) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
