package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.sweep.ResultLog;
import org.teachingrnns.rnn.sweep.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code teach sweep}: many experiments in one JVM on a pool of worker threads, one JSON line per finished run.
 *
 * <p>Each line is results.json without its large parts ({@link #DROPPED}, {@link #DROPPED_MEMBERS}, and every model: {@code teacher},
 * {@code student}, a {@code teacher_model} in the config becomes its SHA-256), preceded by {@code run_id},
 * {@code grid}, {@code grid_index}, {@code grid_size} and {@code sweep} (the values of the grid's axes for this
 * run, keyed by flag name). See {@link SweepCommandGrid} for what run_id and grid identify.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        subcommands = {SweepCommandMerge.class, SweepCommandSummary.class},
        description = {"Many experiments: every flag of 'teach run' takes a comma list or an integer range a..b, and the sweep runs "
                + "their Cartesian product on worker threads in one JVM, appending one JSON line per finished run to --out.",
                "",
                "Example: teach sweep --order 2..8 --hidden-factor 1,2 --activation linear,tanh --seed 1..20 --out sweep.jsonl",
                "",
                "Ranges are integers only (list other values: --lr 0.001,0.01). Boolean flags take --flag (true), --no-flag (false) "
                        + "or --flag=true,false. The grid's order is that of 'teach run --help' with --seed varying fastest. "
                        + "Run again, the same command skips the runs the file holds and does the rest; a torn last line (a kill "
                        + "during a write) is dropped. A file from another grid is refused. Diverged runs are recorded (their "
                        + "divergence key says so) and do not change the exit status. The run flags are those of 'teach run --help' "
                        + "except --out, --name, --json and --quiet.",
                ""},
        footer = {"", "Subcommands: 'teach sweep merge A.jsonl B.jsonl --out C.jsonl', 'teach sweep summary FILE.jsonl [--html F] [--csv F]'."})
final class SweepCommand implements Callable<Integer> {

    /**
     * Keys of results.json left out of a sweep line: the per-epoch history and the per-step or per-frequency arrays
     * (responses, the test prediction). Models are removed wherever they are.
     */
    static final Set<String> DROPPED = Set.of("loss_history", "impulse_response", "frequency_response", "test_prediction");

    /**
     * Large members of kept keys, also left out: the eigenvalues at every tracked epoch (the tracked distances, aligned
     * counts and first-matched epochs stay) and the Jacobian-spectrum distance at every step (its summary stays).
     */
    static final Map<String, Set<String>> DROPPED_MEMBERS = Map.of("tracking", Set.of("eigenvalues"),
            "jacobian_spectrum", Set.of("distances"));

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--out", paramLabel = "FILE.jsonl", order = 1, description = "The JSON-lines file runs are appended to (required).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", order = 2,
            description = "Worker threads, each running one experiment at a time (default: the available processors).")
    Integer threads;

    @Option(names = "--shard", paramLabel = "K/N", order = 3,
            description = "Run only grid points i with i mod N = K-1 (K from 1). Default under a Slurm job array: from "
                    + "SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT or _MIN/_MAX/_STEP; else the whole grid.")
    String shard;

    @Option(names = "--grid", paramLabel = "FILE.json", order = 4,
            description = "Grid settings from a JSON object: {\"order\": [2, 3], \"seed\": {\"from\": 1, \"to\": 20}, \"lr\": \"0.01,0.1\"}; "
                    + "keys are flag or setting names; combined with the flags given here.")
    Path gridFile;

    @Option(names = "--hidden-factor", paramLabel = "LIST", order = 5,
            description = "Student hidden size = factor x --order, for each factor (instead of --hidden).")
    String hiddenFactor;

    @Option(names = "--dry-run", order = 6, description = "Print the grid (index, run_id, settings), with what this shard would run, and exit.")
    boolean dryRun;

    @Option(names = "--quiet", order = 7, description = "No progress on stderr (errors still go there).")
    boolean quiet;

    @Unmatched
    List<String> runFlags = new ArrayList<>();

    /** Environment for the Slurm variables (tests replace it). */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null && !dryRun) {
            throw new BadInputException("teach sweep needs --out FILE.jsonl");
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new BadInputException("--threads must be >= 1, got " + workers);
        }
        Shard part = shard();
        SweepCommandGrid grid = SweepCommandGrid.build(new SweepCommandAdapter(), runFlags, gridFile, hiddenFactor);
        if (dryRun) {
            stdout.printf(Locale.ROOT, "grid %s: %d points; shard %s runs %d%n", grid.gridId(), grid.grid().size(), part,
                    part.size(grid.grid().size()));
            for (SweepCommandGrid.Point p : grid.points()) {
                stdout.printf(Locale.ROOT, "%d %s %s%s%n", p.index(), p.runId(), p.settings(), part.contains(p.index()) ? "" : " (other shard)");
            }
            stdout.flush();
            return Teach.OK;
        }
        // One immutable compute context for every worker; each run builds its own workspaces.
        Compute compute = backendOption.compute(quiet ? null : err);

        try (ResultLog log = openLog(out)) {
            Set<String> finished = finishedRuns(log, grid);
            List<SweepCommandGrid.Point> todo = new ArrayList<>();
            int inShard = 0;
            for (SweepCommandGrid.Point p : grid.points()) {
                if (part.contains(p.index())) {
                    inShard++;
                    if (!finished.contains(p.runId())) {
                        todo.add(p);
                    }
                }
            }
            if (!quiet) {
                err.printf(Locale.ROOT, "teach: sweep grid %s: %d runs%s, %d already in %s%s, %d to do on %d threads%n", grid.gridId(),
                        inShard, part.n() > 1 ? " in shard " + part + " of " + grid.grid().size() : "", inShard - todo.size(), out,
                        log.droppedBytes() > 0 ? " (dropped a torn last line of " + log.droppedBytes() + " bytes)" : "",
                        todo.size(), workers);
                err.flush();
            }
            List<ExperimentConfig> configs = new ArrayList<>();
            for (SweepCommandGrid.Point p : todo) {
                configs.add(p.config());
            }
            MemoryEstimate.checkSweep(configs, Math.min(workers, Math.max(1, todo.size())));
            Outcome o = execute(todo, grid, log, compute, workers, err);
            if (!quiet) {
                err.printf(Locale.ROOT, "teach: %d runs written to %s in %.1f s (%d diverged)%n", o.done, out, o.seconds, o.diverged);
            }
            if (o.failure != null) {
                err.println("teach: " + o.failed + " runs failed and were not written (run the command again to retry them); first: "
                        + Teach.oneLine(o.failure.getClass().getSimpleName() + ": " + o.failure.getMessage()));
                err.flush();
                return Teach.FAILED;
            }
            err.flush();
            return Teach.OK;
        }
    }

    private Shard shard() {
        try {
            if (shard != null) {
                return Shard.parse(shard);
            }
            Shard s = Shard.fromSlurm(environment);
            return s == null ? Shard.ALL : s;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static ResultLog openLog(Path file) throws IOException {
        try {
            return ResultLog.open(file);
        } catch (IllegalStateException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** The run_ids the log already holds; every line must be a sweep line of this grid. */
    private static Set<String> finishedRuns(ResultLog log, SweepCommandGrid grid) {
        Set<String> done = new HashSet<>();
        int n = 0;
        for (String line : log.existingLines()) {
            n++;
            JsonNode j = SweepCommandLines.parse(log.file(), n, line);
            String g = j.path("grid").asText();
            if (!g.equals(grid.gridId())) {
                throw new BadInputException(log.file() + " holds runs of another grid (line " + n + ": grid " + g + "; this sweep is grid "
                        + grid.gridId() + "); use another --out");
            }
            done.add(j.path("run_id").asText());
        }
        return done;
    }

    private record Outcome(int done, int diverged, int failed, Throwable failure, double seconds) {
    }

    private Outcome execute(List<SweepCommandGrid.Point> todo, SweepCommandGrid grid, ResultLog log, Compute compute, int workers,
                            PrintWriter err) throws Exception {
        long start = System.nanoTime();
        if (todo.isEmpty()) {
            return new Outcome(0, 0, 0, null, 0);
        }
        Progress progress = quiet ? null : Progress.onStderr(err, "runs", todo.size());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger diverged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, todo.size()), r -> {
            Thread t = new Thread(r, "teach-sweep-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SweepCommandGrid.Point p : todo) {
                futures.add(pool.submit(() -> {
                    ObjectNode results;
                    try {
                        results = SweepCommandAdapter.run(p.config(), compute, backendOption::choice);
                    } catch (RuntimeException | Error e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                        return null;
                    }
                    String line = Json.compact(line(p, grid, results));
                    log.append(line);
                    int d = done.incrementAndGet();
                    if (results.path("divergence").path("epoch").asInt(-1) > 0) {
                        diverged.incrementAndGet();
                    }
                    if (progress != null) {
                        synchronized (progress) {
                            double seconds = (System.nanoTime() - start) / 1e9;
                            progress.update(d, String.format(Locale.ROOT, "%.2f runs/s", d / seconds));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // Only writing the log throws out of a task: stop, the file holds every line written so far.
                    pool.shutdownNow();
                    throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            if (progress != null) {
                progress.finish();
            }
        }
        return new Outcome(done.get(), diverged.get(), failed.get(), firstFailure.get(), (System.nanoTime() - start) / 1e9);
    }

    /** The sweep line of one run: the identity keys, then results.json without the large parts. */
    static ObjectNode line(SweepCommandGrid.Point p, SweepCommandGrid grid, ObjectNode results) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("run_id", p.runId());
        o.put("grid", grid.gridId());
        o.put("grid_index", p.index());
        o.put("grid_size", grid.grid().size());
        ObjectNode sweep = o.putObject("sweep");
        p.settings().forEach(sweep::put);
        results.fields().forEachRemaining(e -> {
            if (!DROPPED.contains(e.getKey())) {
                JsonNode v = withoutModels(e.getValue());
                if (v instanceof ObjectNode obj && DROPPED_MEMBERS.containsKey(e.getKey())) {
                    obj.remove(DROPPED_MEMBERS.get(e.getKey()));
                }
                if (v != null) {
                    o.set(e.getKey(), v);
                }
            }
        });
        return o;
    }

    /**
     * The value with every model (an object with {@code W_hh}) removed: null for a model itself, except a config's
     * {@code teacher_model}, which becomes the SHA-256 of its compact JSON (the run_id covers it in full).
     */
    static JsonNode withoutModels(JsonNode v) {
        if (v.isObject()) {
            if (v.has("W_hh")) {
                return null;
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            v.fields().forEachRemaining(e -> {
                if (e.getKey().equals("teacher_model") && e.getValue().isObject()) {
                    copy.put("teacher_model", "sha256:" + java.util.HexFormat.of().formatHex(sha256(Json.compact(e.getValue()))));
                } else {
                    JsonNode c = withoutModels(e.getValue());
                    if (c != null) {
                        copy.set(e.getKey(), c);
                    }
                }
            });
            return copy;
        }
        return v;
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
