package org.teachingrnns.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSummaryTest {

    @TempDir
    Path dir;

    /**
     * A hand-written sweep line: one pole at (0.5, 0.5) matched at distance {@code d} with one eigenvalue; a spare
     * eigenvalue when hidden is 2; optional keys as given.
     */
    static String line(int index, int seed, int hidden, double d, String extra) {
        String eig = hidden == 2 ? "[[0.5," + (0.5 + d) + "],[0.1,0.0]]" : "[[0.5," + (0.5 + d) + "]]";
        return String.format(Locale.ROOT, "{\"run_id\":\"r%d\",\"grid\":\"g\",\"grid_index\":%d,\"grid_size\":8,\"sweep\":{},"
                + "\"config\":{\"seed\":%d,\"order\":1,\"hidden\":%d,\"activation\":\"tanh\",\"init_gain\":1.0,\"lr\":0.01,\"match_threshold\":0.05},"
                + "\"test_loss\":%s,\"poles\":[[0.5,0.5]],\"eigenvalues\":%s,"
                + "\"matching\":{\"optimal\":{\"mean_distance\":%s,\"aligned\":%d,\"threshold\":0.05,\"pairs\":[{\"pole\":0,\"eigenvalue\":0,\"distance\":%s}]}}%s}",
                index, index, seed, hidden, d * d, eig, d, d <= 0.05 ? 1 : 0, d, extra);
    }

    @Test
    void tablePerCellWithQuartilesAndConvergence() throws IOException {
        Path f = dir.resolve("s.jsonl");
        List<String> lines = new ArrayList<>();
        // Cell hidden=1: distances 0.01, 0.02, 0.03, 0.2; test_nmse 1e-10 for the first two (converged), 1e-3 else.
        double[] d = {0.01, 0.02, 0.03, 0.2};
        for (int s = 0; s < 4; s++) {
            lines.add(line(s, s + 1, 1, d[s], ",\"test_nmse\":" + (s < 2 ? "1e-10" : "1e-3")));
        }
        // Cell hidden=2: no NMSE key, an explicit converged key on two of four.
        for (int s = 0; s < 4; s++) {
            lines.add(line(4 + s, s + 1, 2, d[s], s < 2 ? ",\"converged\":" + (s == 0) : ""));
        }
        Files.write(f, lines);
        Path csv = dir.resolve("poles.csv");
        Path html = dir.resolve("page.html");
        Cli r = Cli.run("sweep", "summary", f.toString(), "--csv", csv.toString(), "--html", html.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("8 runs in 2 cells"), out);
        assertTrue(out.contains("fixed: order=1 activation=tanh init_gain=1.0 lr=0.01 match_threshold=0.05"), out);
        assertTrue(out.contains("hidden=1: 4 runs, converged 0.50 (2/4)"), out);
        assertTrue(out.contains("hidden=2: 4 runs, converged 0.50 (1/2)"), out);
        // mean distance over the 4 runs: numpy.quantile([.01,.02,.03,.2], [.25,.5,.75]) = [0.0175, 0.025, 0.0725]
        assertTrue(out.contains("0.0250 [0.0175, 0.0725]"), out);
        // test NMSE of hidden=1: [1e-10, 1e-10, 1e-3, 1e-3] -> median 5.0e-4
        assertTrue(out.contains("5.00e-04 ["), out);
        // aligned fraction: 1, 1, 1, 0 -> median 1, q1 0.75
        assertTrue(out.contains("1.00 [0.750, 1.00]"), out);
        // converged runs of hidden=1: distances .01, .02 -> median 0.015
        assertTrue(out.contains("converged (2)") && out.contains("0.0150 [0.0125, 0.0175]"), out);

        List<String> rows = Files.readAllLines(csv);
        assertEquals(9, rows.size(), "one row per (run, pole) and a header");
        assertTrue(rows.get(0).startsWith("run_id,grid_index,seed,order,hidden,activation"), rows.get(0));
        assertTrue(rows.get(1).contains(",0.5,0.5,0.7071067811865476,0,0.5,0.51,"), rows.get(1));
        assertTrue(rows.get(4).endsWith(",0.2,false,"), rows.get(4));

        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertFalse(page.contains("http://") && page.replace("http://www.w3.org/2000/svg", "").contains("http://"), "nothing fetched");
        assertFalse(page.contains("<script"));
        assertTrue(page.contains("spare eigenvalue (no residues key)"), "hidden 2 > order 1 has a spare eigenvalue");
        assertTrue(page.contains("no tracking key in these runs"));
        assertTrue(page.contains("no lyapunov.teacher and lyapunov.student keys in the tanh runs"));
        assertTrue(page.contains("initialisation gain (one value in these runs)"));
    }

    @Test
    void optionalKeysFeedTheirPlots() throws IOException {
        Path f = dir.resolve("s.jsonl");
        String extra = ",\"residues\":[[0.3,0.4],0.2],\"tracking\":{\"epochs\":[10,20,30],\"eigenvalues\":[[[0,0],[0.1,0]],[[0.5,0.53],[0.1,0]],[[0.5,0.51],[0.1,0]]]},"
                + "\"lyapunov\":{\"teacher\":{\"spectrum\":[-0.1]},\"student\":{\"spectrum\":[-0.2]}}";
        Files.write(f, List.of(line(0, 1, 2, 0.01, extra), line(1, 2, 2, 0.01, extra)));
        Path csv = dir.resolve("poles.csv");
        Path html = dir.resolve("page.html");
        assertEquals(0, Cli.run("sweep", "summary", f.toString(), "--csv", csv.toString(), "--html", html.toString()).code());
        String page = Files.readString(html);
        assertTrue(page.contains("spare eigenvalue, size by |residue|"), page);
        assertTrue(page.contains("matched during training (0 poles never) (2)"), "first matched at epoch 20 for both runs");
        assertTrue(page.contains("exponent pairs (2)"));
        assertTrue(page.contains("converged n/a") || Cli.run("sweep", "summary", f.toString()).out().contains("converged n/a"));
        assertTrue(Files.readAllLines(csv).get(1).endsWith(",20.0"), "first_matched_epoch column");
    }

    @Test
    void summaryOfARealSweepAndBadFiles() throws IOException {
        Path f = dir.resolve("s.jsonl");
        assertEquals(0, SweepCommandTest.sweep(f, "--seed", "1..3", "--hidden-factor", "1,2").code());
        Cli r = Cli.run("sweep", "summary", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6 runs in 2 cells") && r.out().contains("hidden=10: 3 runs") && r.out().contains("test NMSE"), r.out());
        Files.writeString(dir.resolve("bad.jsonl"), "{\"run_id\":\"x\",\"grid\":\"g\",\"grid_index\":0}\n");
        Cli.run("sweep", "summary", dir.resolve("bad.jsonl").toString()).assertBadInput();
        Files.writeString(dir.resolve("empty.jsonl"), "");
        Cli.run("sweep", "summary", dir.resolve("empty.jsonl").toString()).assertBadInput();
        Cli.run("sweep", "summary", dir.resolve("missing.jsonl").toString()).assertBadInput();

        // Diverged runs (SGD at lr 1000) are recorded with a null test loss and counted in their cell.
        Path d = dir.resolve("diverged.jsonl");
        assertEquals(0, SweepCommandTest.sweep(d, "--optimizer", "sgd", "--lr", "0.0001,1000", "--seed", "1..2").code());
        Cli s = Cli.run("sweep", "summary", d.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("lr=1000.0: 2 runs (2 diverged)") && s.out().contains("lr=1.0E-4: 2 runs, "), s.out());
    }
}
