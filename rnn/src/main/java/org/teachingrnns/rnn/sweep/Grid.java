package org.teachingrnns.rnn.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cartesian product of some axes (a setting and its values), in a fixed order: the last axis varies
 * fastest, like nested loops with the first axis outermost (numpy's {@code itertools.product} order).
 * Point {@code i} is {@code i} written in the mixed radix of the axis sizes.
 */
public final class Grid {

    /** One setting of the sweep and the values it takes. */
    public record Axis(String name, List<String> values) {
        public Axis {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("an axis needs a name");
            }
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("axis " + name + " has no values");
            }
            values = List.copyOf(values);
        }
    }

    /** Sweeps larger than this are refused: their indices would not fit an int, nor their runs a lifetime. */
    public static final long MAX_POINTS = Integer.MAX_VALUE;

    private final List<Axis> axes;
    private final int size;

    public Grid(List<Axis> axes) {
        this.axes = List.copyOf(axes);
        long n = 1;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Axis a : this.axes) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("the setting " + a.name() + " is given twice");
            }
            n *= a.values().size();
            if (n > MAX_POINTS) {
                throw new IllegalArgumentException("the grid has more than " + MAX_POINTS + " points");
            }
        }
        this.size = (int) n;
    }

    public List<Axis> axes() {
        return axes;
    }

    /** Number of points (1 for a grid without axes: the single run of the fixed settings). */
    public int size() {
        return size;
    }

    /** The settings of point {@code index} (0-based), axis name to value, in axis order. */
    public Map<String, String> point(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("grid point " + index + " of " + size);
        }
        String[] values = new String[axes.size()];
        int rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
            List<String> v = axes.get(a).values();
            values[a] = v.get(rest % v.size());
            rest /= v.size();
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            m.put(axes.get(a).name(), values[a]);
        }
        return m;
    }

    /** Every point in grid order. */
    public List<Map<String, String>> points() {
        List<Map<String, String>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(point(i));
        }
        return all;
    }
}
