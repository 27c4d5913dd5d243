package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teachingrnns.rnn.experiment.ExperimentResult;
import org.teachingrnns.rnn.model.Activation;

/**
 * Renders report.html of a tanh run (every section) in headless Chromium (Debian's {@code chromium}, which .ci/run
 * installs; skipped with the reason when it is absent) and checks the screenshot: every plot's series are in the
 * page's SVG, and the picture is not blank: enough non-white pixels, and pixels of each series colour. A blank page
 * rendered the same way is the negative control.
 */
class ReportScreenshotTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WIDTH = 1280;
    /** Tall enough for the whole tanh report (about 6500 px at this width). */
    private static final int HEIGHT = 8000;

    @TempDir
    Path dir;

    @Test
    void tanhReportRendersEveryPlot() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed at " + CHROMIUM + " (Debian package chromium)");
        ExperimentResult r = ReportHtmlTest.smallRun(Activation.TANH, Activation.TANH);
        String html = ReportHtmlTest.page(r);
        ReportHtmlTest.assertEverySeriesDrawn(html, true);
        Path page = dir.resolve("report.html");
        Files.writeString(page, html);
        BufferedImage shot = screenshot(page, "report.png");
        assertEquals(WIDTH, shot.getWidth());
        assertEquals(HEIGHT, shot.getHeight());
        double ink = fraction(shot);
        assertTrue(ink > 0.02, "only " + ink + " of the screenshot is not white");
        // Each series colour covers pixels: the curves were drawn, not only the text. Anti-aliasing blends edges,
        // so the colours are matched within a tolerance and the counts are loose lower bounds (a 2 px line of 600 px
        // alone has ~1000 pixels).
        for (int rgb : new int[] {0x1f77b4, 0xd62728, 0x2ca02c}) {
            long n = count(shot, rgb);
            assertTrue(n > 1000, String.format("colour #%06x covers only %d pixels", rgb, n));
        }

        Path blank = dir.resolve("blank.html");
        Files.writeString(blank, "<!DOCTYPE html><html><body></body></html>");
        double blankInk = fraction(screenshot(blank, "blank.png"));
        assertTrue(blankInk < 0.001, "the negative control: a blank page has " + blankInk + " ink");
    }

    private BufferedImage screenshot(Path page, String name) throws IOException, InterruptedException {
        Path png = dir.resolve(name);
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT,
                page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        assertTrue(Files.size(png) > 0, () -> "no screenshot; chromium said: " + read(dir.resolve(name + ".log")));
        return ImageIO.read(png.toFile());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Fraction of pixels that are not (near) white. */
    private static double fraction(BufferedImage im) {
        long n = 0;
        for (int y = 0; y < im.getHeight(); y++) {
            for (int x = 0; x < im.getWidth(); x++) {
                int c = im.getRGB(x, y);
                if (((c >> 16) & 0xff) < 240 || ((c >> 8) & 0xff) < 240 || (c & 0xff) < 240) {
                    n++;
                }
            }
        }
        return (double) n / ((long) im.getWidth() * im.getHeight());
    }

    /** Pixels within 40 of rgb in every channel. */
    private static long count(BufferedImage im, int rgb) {
        long n = 0;
        for (int y = 0; y < im.getHeight(); y++) {
            for (int x = 0; x < im.getWidth(); x++) {
                int c = im.getRGB(x, y);
                if (Math.abs(((c >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 40 && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 40
                        && Math.abs((c & 0xff) - (rgb & 0xff)) < 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
