package org.teachingrnns.nativeblas;

import java.util.ArrayList;
import java.util.List;

/**
 * The products {@code auto} sends to OpenBLAS for one element type: those whose {@code m*n*k} lies in one of a few
 * ranges {@code [from, to)}, ascending and apart ({@code to} = {@link GemmCrossover#NEVER}: no upper end). Everything
 * else runs in Java.
 *
 * <p>Ranges rather than one threshold because the measured ratio is not monotonic in the size: the Java GEMM has
 * paths by size (direct below 160^3 double / 224^3 float, packed above) and OpenBLAS has its own, so on the Xeon of
 * the README OpenBLAS (warm) led at n = 16..64 and from 192 but trailed at 128 in double; one threshold sent 128 to the
 * slower backend, or 16..64 ({@link GemmCrossover#ranges}).
 */
record OpenBlasRanges(List<Range> ranges) {

    /** {@code m*n*k} in {@code [from, to)}. */
    record Range(long from, long to) {
        Range {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("range [" + from + ", " + to + ")");
            }
        }
    }

    static final OpenBlasRanges NONE = new OpenBlasRanges(List.of());

    OpenBlasRanges {
        ranges = List.copyOf(ranges);
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).from() <= ranges.get(i - 1).to()) {
                throw new IllegalArgumentException("ranges must be ascending and apart: " + ranges);
            }
        }
    }

    /** Every product from {@code threshold} on ({@link GemmCrossover#NEVER}: none): the rule of a fixed threshold. */
    static OpenBlasRanges from(long threshold) {
        return threshold == GemmCrossover.NEVER ? NONE : new OpenBlasRanges(List.of(new Range(threshold, GemmCrossover.NEVER)));
    }

    /**
     * The union of {@code [from, to)} bands given in ascending order, adjacent ones merged (a band whose {@code from}
     * is the previous {@code to}).
     */
    static OpenBlasRanges union(List<Range> ascendingBands) {
        List<Range> merged = new ArrayList<>();
        for (Range r : ascendingBands) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).to() == r.from()) {
                merged.set(last, new Range(merged.get(last).from(), r.to()));
            } else {
                merged.add(r);
            }
        }
        return new OpenBlasRanges(merged);
    }

    /** Whether a product of {@code mnk} multiply-adds goes to OpenBLAS (a few comparisons: called per GEMM). */
    boolean contains(long mnk) {
        for (Range r : ranges) {
            if (mnk < r.from()) {
                return false;
            }
            if (mnk < r.to()) {
                return true;
            }
        }
        return false;
    }

    boolean none() {
        return ranges.isEmpty();
    }

    /**
     * {@code never}, {@code m*n*k >= 24^3} (one open range), else e.g. {@code m*n*k in [16^3, 78^3) or >= 157^3}.
     */
    String describe() {
        if (ranges.isEmpty()) {
            return "never";
        }
        if (ranges.size() == 1 && ranges.get(0).to() == GemmCrossover.NEVER) {
            return "m*n*k >= " + GemmCrossover.format(ranges.get(0).from());
        }
        StringBuilder sb = new StringBuilder("m*n*k");
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            sb.append(i == 0 ? " " : " or ");
            sb.append(r.to() == GemmCrossover.NEVER ? ">= " + GemmCrossover.format(r.from())
                    : "in [" + GemmCrossover.format(r.from()) + ", " + GemmCrossover.format(r.to()) + ")");
        }
        return sb.toString();
    }

    /** {@code [[from, to], ...]} with {@code to} null for no upper end (teach info's JSON). */
    List<List<Long>> bounds() {
        List<List<Long>> out = new ArrayList<>();
        for (Range r : ranges) {
            List<Long> pair = new ArrayList<>(2);
            pair.add(r.from());
            pair.add(r.to() == GemmCrossover.NEVER ? null : r.to());
            out.add(pair);
        }
        return out;
    }
}
