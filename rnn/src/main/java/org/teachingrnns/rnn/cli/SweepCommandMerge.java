package org.teachingrnns.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.teachingrnns.rnn.sweep.ResultLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code teach sweep merge A.jsonl B.jsonl ... --out C.jsonl}: the runs of shard files in one file, in grid order.
 * Lines are copied byte for byte (never re-serialised), so merged shards equal the unsharded sweep in every number.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Join sweep files (the shards of one grid) into one, in grid order: lines are copied unchanged, a run found "
                + "twice is kept once (the first), files from different grids are refused, and --out is written atomically "
                + "(a temporary file renamed). A torn last line of an input is ignored (the input is not changed).", ""})
final class SweepCommandMerge implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.jsonl", arity = "1..*", description = "Sweep files of one grid.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "The merged file (replaced atomically).")
    Path out;

    @Option(names = "--quiet", description = "Nothing on stderr but errors.")
    boolean quiet;

    private record Line(int gridIndex, String text) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String grid = null;
        Path gridSource = null;
        int gridSize = -1;
        Set<String> seen = new HashSet<>();
        List<Line> lines = new ArrayList<>();
        int duplicates = 0;
        for (Path in : inputs) {
            ResultLog.Contents c = ResultLog.read(in);
            if (c.tornBytes() > 0 && !quiet) {
                err.println("teach: note: ignoring a torn last line of " + c.tornBytes() + " bytes in " + in);
            }
            int n = 0;
            for (String text : c.lines()) {
                n++;
                JsonNode j = SweepCommandLines.parse(in, n, text);
                String g = j.get("grid").asText();
                if (grid == null) {
                    grid = g;
                    gridSource = in;
                    gridSize = j.path("grid_size").asInt(-1);
                } else if (!grid.equals(g)) {
                    throw new BadInputException("cannot merge runs of different grids: " + in + " line " + n + " has grid " + g + ", "
                            + gridSource + " has grid " + grid);
                }
                if (seen.add(j.get("run_id").asText())) {
                    lines.add(new Line(j.get("grid_index").asInt(), text));
                } else {
                    duplicates++;
                }
            }
        }
        if (grid == null) {
            throw new BadInputException("no sweep lines in " + inputs);
        }
        lines.sort(Comparator.comparingInt(Line::gridIndex));
        AtomicFiles.write(out, w -> {
            for (Line l : lines) {
                w.write(l.text());
                w.write('\n');
            }
        });
        if (!quiet) {
            err.printf(Locale.ROOT, "teach: merged %d runs of grid %s into %s (%d duplicates dropped%s)%n", lines.size(), grid, out, duplicates,
                    gridSize > 0 ? ", " + (gridSize - lines.size()) + " of " + gridSize + " grid points missing" : "");
            err.flush();
        }
        return Teach.OK;
    }
}
