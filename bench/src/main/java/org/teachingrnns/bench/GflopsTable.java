package org.teachingrnns.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** GFLOP/s per (operation, size or shape, backend), printed as Markdown with vector/scalar and vector/openblas. */
final class GflopsTable {

    /** op -> row label (size or m,n,k) -> backend -> GFLOP/s; rows keep the order they were added in. */
    private final Map<String, Map<String, Map<String, Double>>> data = new TreeMap<>();

    void put(String op, String row, String backend, double gflops) {
        data.computeIfAbsent(op, x -> new java.util.LinkedHashMap<>()).computeIfAbsent(row, x -> new TreeMap<>())
                .put(backend, gflops);
    }

    String markdown(String title, String rowHeader, List<String> backends) {
        StringBuilder out = new StringBuilder(title).append("\n\n");
        for (Map.Entry<String, Map<String, Map<String, Double>>> op : data.entrySet()) {
            out.append("### ").append(op.getKey()).append("\n\n| ").append(rowHeader).append(" |");
            for (String b : backends) {
                out.append(' ').append(b).append(" |");
            }
            out.append(" vector/scalar | vector/openblas |\n|---:|").append("---:|".repeat(backends.size() + 2))
                    .append('\n');
            for (Map.Entry<String, Map<String, Double>> row : op.getValue().entrySet()) {
                Map<String, Double> g = row.getValue();
                out.append("| ").append(row.getKey()).append(" |");
                for (String b : backends) {
                    Double v = g.get(b);
                    out.append(' ').append(v == null ? "-" : String.format(Locale.ROOT, "%.2f", v)).append(" |");
                }
                out.append(' ').append(ratio(g.get("vector"), g.get("scalar"))).append(" | ")
                        .append(ratio(g.get("vector"), g.get("openblas"))).append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
