package org.teachingrnns.numeric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the {@link BlasProvider}s (ServiceLoader) and makes the {@code auto} choice once per JVM.
 *
 * <p>{@code auto} walks the providers from the lowest priority to the highest and lets each that loads
 * build on the best so far ({@link BlasProvider#createForAuto(Blas)}): scalar, then vector over it, then a
 * native provider over vector, which may keep the Java kernels for the sizes where they win.
 */
public final class Backends {

    private static volatile Blas chosen;
    private static volatile String report;

    private Backends() {
    }

    /** Every provider on the class path, lowest priority first. */
    public static List<BlasProvider> providers() {
        List<BlasProvider> list = new ArrayList<>();
        for (BlasProvider p : Blas.serviceProviders()) {
            list.add(p);
        }
        list.sort(Comparator.comparingInt(BlasProvider::priority).thenComparing(BlasProvider::name));
        return list;
    }

    /**
     * How the backend of {@link Blas#get()} was chosen, one line, for logs, {@code teach info} and results: its name
     * now (a backend that defers choices names what it has done so far) and why it was chosen.
     */
    public static String report() {
        return chosen().name() + report;
    }

    static Blas chosen() {
        Blas b = chosen;
        if (b == null) {
            synchronized (Backends.class) {
                b = chosen;
                if (b == null) {
                    String forced = System.getProperty(Blas.BACKEND_PROPERTY);
                    if (forced != null && !forced.isBlank() && !forced.trim().equalsIgnoreCase("auto")) {
                        b = create(forced);
                        report = " (forced by -D" + Blas.BACKEND_PROPERTY + "=" + forced.trim() + ")";
                    } else {
                        StringBuilder why = new StringBuilder();
                        b = auto(why);
                        report = " (auto" + why + ")";
                    }
                    chosen = b;
                }
            }
        }
        return b;
    }

    static Blas create(String name) {
        if (name == null) {
            throw new IllegalArgumentException("backend name must not be null");
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("auto")) {
            return auto(new StringBuilder());
        }
        List<String> known = new ArrayList<>();
        for (BlasProvider p : providers()) {
            if (p.name().equals(key)) {
                return p.create();
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; known: auto, " + String.join(", ", known));
    }

    private static Blas auto(StringBuilder why) {
        Blas best = null;
        for (BlasProvider p : providers()) {
            try {
                best = best == null ? p.create() : p.createForAuto(best);
            } catch (BackendUnavailableException | LinkageError e) {
                why.append("; ").append(p.name()).append(" unavailable: ").append(e.getMessage());
            }
        }
        if (best == null) {
            throw new IllegalStateException("no BLAS backend could be loaded" + why);
        }
        return best;
    }
}
