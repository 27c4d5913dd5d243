package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.sweep.Grid;
import org.teachingrnns.rnn.sweep.SweepValues;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The grid of {@code teach sweep}: its axes from the command line (every {@code teach run} flag with a list or
 * range) and from {@code --grid FILE}, each point resolved to a configuration through {@code teach run}'s own
 * options, and the identities that make a sweep resumable and mergeable.
 *
 * <ul>
 *   <li>Axis order is fixed, not the order typed: the order of {@code teach run --help}, with {@code --seed}
 *       last (fastest), so the runs of one cell are adjacent and {@code --order 2,3 --seed 1..5} and
 *       {@code --seed 1..5 --order 2,3} are one grid.</li>
 *   <li>{@code run_id}: the first 16 hex digits of the SHA-256 of the resolved configuration (results.json's
 *       {@code config}, as compact JSON). It identifies a run by what it computes, not by its position.</li>
 *   <li>{@code grid}: the first 16 hex digits of the SHA-256 of every run_id in grid order. Two files belong to
 *       one grid exactly when their grids list the same configurations in the same order, so {@code 1..3} and
 *       {@code 1,2,3} agree, and {@code 3,2,1} is another grid.</li>
 * </ul>
 */
final class SweepCommandGrid {

    /** The pseudo-setting that sets hidden = factor x order. */
    static final String HIDDEN_FACTOR = "hidden-factor";

    private static final Pattern BOOLEANS = Pattern.compile("(?i)(true|false)(,(true|false))*");

    /** One grid point: its index, the values of the axes, its configuration and run_id. */
    record Point(int index, Map<String, String> settings, ExperimentConfig config, String runId) {
    }

    private final Grid grid;
    private final List<Point> points;
    private final String gridId;

    private SweepCommandGrid(Grid grid, List<Point> points, String gridId) {
        this.grid = grid;
        this.points = points;
        this.gridId = gridId;
    }

    Grid grid() {
        return grid;
    }

    List<Point> points() {
        return points;
    }

    String gridId() {
        return gridId;
    }

    /**
     * Builds the grid.
     *
     * @param runFlags     the run flags of the command line, each value a list or range
     * @param gridFile     a JSON grid file, or null
     * @param hiddenFactor {@code --hidden-factor}'s list, or null
     */
    static SweepCommandGrid build(SweepCommandAdapter adapter, List<String> runFlags, Path gridFile, String hiddenFactor)
            throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, OptionSpec> specs = new HashMap<>();
        fromFlags(adapter, runFlags, values, specs);
        if (gridFile != null) {
            fromFile(adapter, gridFile, values, specs);
        }
        if (hiddenFactor != null) {
            put(values, HIDDEN_FACTOR, parseValues("--" + HIDDEN_FACTOR, hiddenFactor));
        }
        if (values.containsKey(HIDDEN_FACTOR)) {
            if (values.containsKey("hidden")) {
                throw new BadInputException("--hidden-factor sets --hidden to factor x --order: give one of --hidden and --hidden-factor");
            }
            for (String f : values.get(HIDDEN_FACTOR)) {
                try {
                    if (Integer.parseInt(f) < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new BadInputException("--hidden-factor takes positive integers, got '" + f + "'");
                }
            }
        }
        OptionSpec hidden = adapter.option("--hidden");
        List<String> names = new ArrayList<>(values.keySet());
        names.sort(Comparator.comparingInt(n -> rank(n, n.equals(HIDDEN_FACTOR) ? hidden : specs.get(n))));
        List<Grid.Axis> axes = new ArrayList<>();
        for (String n : names) {
            axes.add(new Grid.Axis(n, values.get(n)));
        }
        Grid grid;
        try {
            grid = new Grid(axes);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }

        List<Point> points = new ArrayList<>(grid.size());
        Map<String, Integer> seen = new HashMap<>();
        MessageDigest gridHash = sha256();
        for (int i = 0; i < grid.size(); i++) {
            Map<String, String> settings = grid.point(i);
            ExperimentConfig config = resolve(adapter, settings, specs);
            String runId = runId(config);
            Integer before = seen.put(runId, i);
            if (before != null) {
                throw new BadInputException("grid points " + before + " " + grid.point(before) + " and " + i + " " + settings
                        + " are the same configuration; list each value once");
            }
            gridHash.update((runId + "\n").getBytes(StandardCharsets.UTF_8));
            points.add(new Point(i, settings, config, runId));
        }
        return new SweepCommandGrid(grid, List.copyOf(points), HexFormat.of().formatHex(gridHash.digest()).substring(0, 16));
    }

    /** Help order of the option, with the seed last so that a cell's runs are adjacent. */
    private static int rank(String name, OptionSpec spec) {
        if (name.equals("seed")) {
            return Integer.MAX_VALUE;
        }
        int base = spec == null ? 10_000 : spec.order() * 2;
        return name.equals(HIDDEN_FACTOR) ? base + 1 : base;
    }

    private static ExperimentConfig resolve(SweepCommandAdapter adapter, Map<String, String> settings, Map<String, OptionSpec> specs)
            throws IOException {
        List<String> flags = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey().equals(HIDDEN_FACTOR)) {
                continue;
            }
            OptionSpec spec = specs.get(e.getKey());
            if (isBoolean(spec)) {
                flags.add("--" + e.getKey() + "=" + e.getValue());
            } else {
                flags.add("--" + e.getKey());
                flags.add(e.getValue());
            }
        }
        ExperimentConfig config = adapter.parse(flags);
        String factor = settings.get(HIDDEN_FACTOR);
        if (factor != null) {
            Map<String, Object> resolved = SweepCommandAdapter.settings(config);
            if ("model".equals(String.valueOf(resolved.get("teacher")))) {
                throw new BadInputException("--hidden-factor multiplies --order, which a --teacher-model does not use; give --hidden");
            }
            int order = ((Number) resolved.get("order")).intValue();
            flags.add("--hidden");
            flags.add(Long.toString((long) Integer.parseInt(factor) * order));
            config = adapter.parse(flags);
        }
        return config;
    }

    /** The run_id of a configuration: what it computes, hashed. */
    static String runId(ExperimentConfig config) {
        String canonical = Json.compact(new Json().value(SweepCommandAdapter.settings(config)));
        return HexFormat.of().formatHex(sha256().digest(canonical.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ------------------------------------------------------------------ the command line's run flags

    private static void fromFlags(SweepCommandAdapter adapter, List<String> args, Map<String, List<String>> values,
                                  Map<String, OptionSpec> specs) {
        for (int i = 0; i < args.size(); i++) {
            String token = args.get(i);
            if (!token.startsWith("--") || token.length() == 2) {
                throw new BadInputException("unexpected argument '" + token + "' (teach sweep takes teach run's flags, each with a list "
                        + "or range, e.g. --order 2..8 --seed 1,2,3)");
            }
            int eq = token.indexOf('=');
            String flag = eq < 0 ? token : token.substring(0, eq);
            String inline = eq < 0 ? null : token.substring(eq + 1);
            OptionSpec spec = adapter.option(flag);
            String text;
            if (spec == null && flag.startsWith("--no-") && adapter.option("--" + flag.substring(5)) != null
                    && adapter.option("--" + flag.substring(5)).negatable()) {
                if (inline != null) {
                    throw new BadInputException(flag + " takes no value; write --" + flag.substring(5) + "=true,false for both");
                }
                spec = adapter.option("--" + flag.substring(5));
                text = "false";
            } else if (spec == null) {
                throw new BadInputException("unknown option '" + flag + "' (teach sweep takes the flags of 'teach run --help')");
            } else if (isBoolean(spec)) {
                if (inline != null) {
                    text = inline;
                } else if (i + 1 < args.size() && BOOLEANS.matcher(args.get(i + 1)).matches()) {
                    text = args.get(++i);
                } else {
                    text = "true";
                }
            } else if (inline != null) {
                text = inline;
            } else if (i + 1 < args.size()) {
                text = args.get(++i);
            } else {
                throw new BadInputException(flag + " needs a value (a list or range, e.g. " + flag + " 1,2,3)");
            }
            String name = spec.longestName().substring(2);
            specs.put(name, spec);
            List<String> list = parseValues(spec.longestName(), text);
            if (isBoolean(spec)) {
                list = list.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
                for (String v : list) {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new BadInputException(spec.longestName() + " takes true or false, got '" + v + "'");
                    }
                }
            }
            put(values, name, list);
        }
    }

    private static boolean isBoolean(OptionSpec spec) {
        return spec != null && (spec.type() == boolean.class || spec.type() == Boolean.class);
    }

    private static List<String> parseValues(String flag, String text) {
        try {
            return SweepValues.parse(flag, text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static void put(Map<String, List<String>> values, String name, List<String> list) {
        if (values.put(name, list) != null) {
            throw new BadInputException("--" + name + " is given twice (on the command line or in --grid); give it once, with a list");
        }
    }

    // ------------------------------------------------------------------ --grid FILE

    /**
     * A JSON object whose keys are flag names ({@code "init-gain"}, {@code "--init-gain"}), setting names
     * ({@code "init_gain"}, {@code "clip_norm"}) or {@code "hidden_factor"}; each value is a scalar (one value),
     * an array of scalars, a string in the command-line grammar ({@code "1..20"}, {@code "0.01,0.1"}) or an
     * integer range {@code {"from": 1, "to": 20}} (inclusive).
     */
    private static void fromFile(SweepCommandAdapter adapter, Path file, Map<String, List<String>> values,
                                 Map<String, OptionSpec> specs) throws IOException {
        JsonNode root = Json.read(file);
        if (!root.isObject()) {
            throw new BadInputException("--grid " + file + " must hold a JSON object of settings, e.g. {\"order\": [2, 3], \"seed\": {\"from\": 1, \"to\": 20}}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String where = "--grid " + file + ": \"" + key + "\"";
            String name;
            OptionSpec spec = null;
            String normalized = key.startsWith("--") ? key.substring(2) : key;
            if (normalized.replace('_', '-').equals(HIDDEN_FACTOR)) {
                name = HIDDEN_FACTOR;
            } else {
                spec = findBySettingOrFlag(adapter, normalized);
                if (spec == null) {
                    throw new BadInputException(where + " is not a setting of teach run (use its flag or snake_case setting name)");
                }
                name = spec.longestName().substring(2);
                specs.put(name, spec);
            }
            List<String> list = fileValues(where, name, e.getValue());
            if (isBoolean(spec)) {
                for (String v : list) {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new BadInputException(where + " takes true or false, got '" + v + "'");
                    }
                }
            }
            put(values, name, list);
        }
    }

    private static OptionSpec findBySettingOrFlag(SweepCommandAdapter adapter, String key) {
        OptionSpec byFlag = adapter.option("--" + key.replace('_', '-'));
        if (byFlag != null) {
            return byFlag;
        }
        for (OptionSpec o : adapter.options().options()) {
            if (key.equals(SweepCommandAdapter.settingKey(o))) {
                return o;
            }
        }
        return null;
    }

    private static List<String> fileValues(String where, String name, JsonNode v) {
        if (v.isObject()) {
            JsonNode from = v.get("from");
            JsonNode to = v.get("to");
            if (from == null || to == null || v.size() != 2 || !from.canConvertToLong() || !to.canConvertToLong()
                    || !from.isIntegralNumber() || !to.isIntegralNumber()) {
                throw new BadInputException(where + ": a range is {\"from\": a, \"to\": b} with integers a <= b");
            }
            return parseValues("--" + name, from.asLong() + ".." + to.asLong());
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode x : v) {
                if (!x.isValueNode() || x.isNull()) {
                    throw new BadInputException(where + ": list items must be numbers, strings or booleans");
                }
                String s = x.asText();
                if (s.contains(",") || s.contains("..")) {
                    throw new BadInputException(where + ": list item '" + s + "' must be one value");
                }
                sb.append(sb.isEmpty() ? "" : ",").append(s);
            }
            if (v.isEmpty()) {
                throw new BadInputException(where + ": the list is empty");
            }
            return parseValues("--" + name, sb.toString());
        }
        if (v.isValueNode() && !v.isNull()) {
            return parseValues("--" + name, v.asText());
        }
        throw new BadInputException(where + ": expected a value, a list or {\"from\": a, \"to\": b}");
    }
}
