package org.teachingrnns.nativeblas;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.teachingrnns.nativeblas.cblas.cblas_h;
import org.teachingrnns.numeric.BackendUnavailableException;

/**
 * The OpenBLAS this JVM uses: where it was found, which build it is, which kernels it runs and with how many
 * threads. Loaded once per JVM by {@link #get()}.
 *
 * <p>Where it looks, in order (the first that exists is used; an explicit path that fails is an error, not a
 * reason to fall back silently):
 * <ol>
 *   <li>a path (file, or directory holding {@code libopenblas.so.0}) in {@code -Dteachingrnns.openblas}, then in the
 *       environment variable {@code TEACHINGRNNS_OPENBLAS};</li>
 *   <li>the OpenBLAS inside the {@code org.bytedeco:openblas:*:linux-x86_64} jar on the class path, extracted once
 *       into a cache directory ({@link BundledOpenBlas});</li>
 *   <li>the system's {@code libopenblas.so.0} (Debian/Ubuntu {@code libopenblas0}, Fedora, Arch paths).</li>
 * </ol>
 *
 * <p>The bindings in {@link cblas_h} are jextract's: its {@code SYMBOL_LOOKUP} is
 * {@code SymbolLookup.libraryLookup("libopenblas.so.0", ...)}, evaluated when {@code cblas_h} is first touched.
 * This class makes that name mean the library it found: it {@code dlopen}s the chosen file by absolute path first,
 * and glibc's loader answers a later {@code dlopen("libopenblas.so.0")} with the already loaded object whose SONAME
 * matches ({@code _dl_map_object} compares sonames of loaded objects before it searches any directory). The
 * library is also {@link System#load}ed, so jextract's {@code loaderLookup()} fallback sees the same object. The
 * address of {@code cblas_dgemm} that {@code cblas_h} resolved is then compared with the chosen file's own; if a
 * different library answered (a file whose SONAME is not {@code libopenblas.so.0}), loading fails with that
 * sentence instead of calling into the wrong library. Nothing may touch {@code cblas_h} before {@link #get()}.
 */
public final class OpenBlasLibrary {

    /** System property: path to libopenblas (a file, or a directory holding libopenblas.so.0). */
    public static final String PATH_PROPERTY = "teachingrnns.openblas";
    /** Environment variable with the same meaning, read when the property is not set. */
    public static final String PATH_ENV = "TEACHINGRNNS_OPENBLAS";
    /** System property: OpenBLAS threads (default 1: the RNN code parallelises over experiments, not inside GEMM). */
    public static final String THREADS_PROPERTY = "teachingrnns.openblas.threads";
    /** OpenBLAS's own variable that pins the kernel family (the machines here set Haswell); read, never changed. */
    public static final String CORETYPE_ENV = "OPENBLAS_CORETYPE";

    /** Where the system packages put libopenblas.so.0 (Debian alternatives link first, then the pthread variant). */
    static final List<Path> SYSTEM_PATHS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0"),
            Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"),
            Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0"),
            Path.of("/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0"),
            Path.of("/usr/lib64/libopenblas.so.0"),
            Path.of("/usr/lib/libopenblas.so.0"));

    /** Symbols that every OpenBLAS exports and this module calls. */
    static final List<String> REQUIRED_SYMBOLS = List.of("cblas_dgemm", "cblas_sgemm", "cblas_dgemv", "cblas_sgemv",
            "openblas_get_config", "openblas_get_corename", "openblas_get_num_threads", "openblas_set_num_threads");

    /** Where the loaded library came from. */
    public enum Source {
        PROPERTY("-D" + PATH_PROPERTY),
        ENV("$" + PATH_ENV),
        JAR("the org.bytedeco:openblas jar"),
        SYSTEM("the system");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A file to load and how it was found; {@code bundleDir} is set for the extracted jar copy. */
    record Candidate(Path path, Source source, Path bundleDir) {
    }

    /** The inputs of the search, so tests can run it without touching the real environment. */
    record Search(String property, String env, ClassLoader loader, Supplier<Path> cacheRoot, List<Path> systemPaths) {
        static Search fromEnvironment() {
            return new Search(System.getProperty(PATH_PROPERTY), System.getenv(PATH_ENV),
                    OpenBlasLibrary.class.getClassLoader(), BundledOpenBlas::defaultCacheRoot, SYSTEM_PATHS);
        }
    }

    private static final Object LOCK = new Object();
    private static OpenBlasLibrary loaded;
    private static String failure;

    private final Path path;
    private final Source source;
    private final String config;
    private final String coreName;
    private final int threads;

    private OpenBlasLibrary(Path path, Source source, String config, String coreName, int threads) {
        this.path = path;
        this.source = source;
        this.config = config;
        this.coreName = coreName;
        this.threads = threads;
    }

    /**
     * The library of this JVM, found and loaded on the first call. Throws {@link BackendUnavailableException} with
     * one sentence saying what was tried when no usable OpenBLAS exists; later calls repeat that answer.
     */
    public static OpenBlasLibrary get() {
        synchronized (LOCK) {
            if (loaded != null) {
                return loaded;
            }
            if (failure != null) {
                throw new BackendUnavailableException(failure);
            }
            try {
                loaded = load(locate(Search.fromEnvironment()), threadsFromProperty());
                return loaded;
            } catch (BackendUnavailableException e) {
                failure = e.getMessage();
                throw e;
            } catch (RuntimeException e) {
                // An unusable path string, a security manager, a file system error: still one sentence, still
                // a reason for auto to keep the Java kernels.
                failure = "OpenBLAS not loaded: " + oneLine(String.valueOf(e)) + ".";
                throw new BackendUnavailableException(failure, e);
            }
        }
    }

    /** The library if it is already loaded or loads now; empty (never an exception) when it cannot be. */
    public static Optional<OpenBlasLibrary> tryGet() {
        try {
            return Optional.of(get());
        } catch (BackendUnavailableException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ finding

    static Candidate locate(Search s) {
        if (s.property() != null && !s.property().isBlank()) {
            return explicit(s.property().trim(), Source.PROPERTY);
        }
        if (s.env() != null && !s.env().isBlank()) {
            return explicit(s.env().trim(), Source.ENV);
        }
        List<String> tried = new ArrayList<>();
        BundledOpenBlas.Bundle bundle = BundledOpenBlas.find(s.loader());
        if (bundle == null) {
            tried.add(BundledOpenBlas.isLinuxX8664()
                    ? "no org.bytedeco:openblas linux-x86_64 jar on the class path"
                    : "the bundled jar is for linux-x86_64 only");
        } else {
            try {
                Path dir = BundledOpenBlas.extract(bundle, s.cacheRoot().get());
                return new Candidate(dir.resolve("libopenblas.so.0"), Source.JAR, dir);
            } catch (UncheckedIOException e) {
                tried.add(e.getMessage());
            }
        }
        for (Path p : s.systemPaths()) {
            if (Files.isRegularFile(p)) {
                return new Candidate(p, Source.SYSTEM, null);
            }
        }
        tried.add("no libopenblas.so.0 in " + s.systemPaths().stream().map(p -> p.getParent().toString()).toList());
        throw new BackendUnavailableException("OpenBLAS not found: " + String.join("; ", tried)
                + " (set -D" + PATH_PROPERTY + " or $" + PATH_ENV + " to a libopenblas.so.0).");
    }

    private static Candidate explicit(String value, Source source) {
        Path p = Path.of(value);
        if (Files.isDirectory(p)) {
            p = p.resolve("libopenblas.so.0");
        }
        if (!Files.isRegularFile(p)) {
            throw new BackendUnavailableException("OpenBLAS not loaded: " + source.label() + "=" + value
                    + " names no library file" + (p.toString().equals(value) ? "" : " (looked for " + p + ")") + ".");
        }
        return new Candidate(p.toAbsolutePath(), source, null);
    }

    // ------------------------------------------------------------------ loading

    @SuppressWarnings("restricted")
    static OpenBlasLibrary load(Candidate c, int threads) {
        String where = c.path() + " (from " + c.source().label() + ")";
        MemorySegment ownDgemm;
        try {
            if (c.bundleDir() != null) {
                // libgfortran has no RUNPATH: its NEEDED libquadmath.so.0 and libgcc_s.so.1 are matched by SONAME
                // against what is already loaded, so load them first. libquadmath comes from the jar (the system often
                // lacks libquadmath0, or has an older one than the bundled gfortran was built with); libgcc_s from the
                // system where it has one, since two copies in one process would break C++ unwinding.
                System.load(c.bundleDir().resolve("libquadmath.so.0").toString());
                loadDependency(c.bundleDir(), "libgcc_s.so.1");
                System.load(c.bundleDir().resolve("libgfortran.so.5").toString());
            }
            System.load(c.path().toString());
            SymbolLookup own = SymbolLookup.libraryLookup(c.path(), Arena.global());
            for (String sym : REQUIRED_SYMBOLS) {
                if (own.find(sym).isEmpty()) {
                    throw new BackendUnavailableException("OpenBLAS not loaded: " + where + " does not export " + sym
                            + ", so it is not an OpenBLAS with CBLAS.");
                }
            }
            ownDgemm = own.find("cblas_dgemm").orElseThrow();
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new BackendUnavailableException("OpenBLAS not loaded: " + where + " could not be opened: "
                    + oneLine(e.getMessage()) + ".", e);
        }
        // First touch of the jextract class: its SYMBOL_LOOKUP now resolves to the object loaded above.
        MemorySegment boundDgemm;
        try {
            boundDgemm = cblas_h.cblas_dgemm$address();
        } catch (LinkageError | RuntimeException e) {
            throw new BackendUnavailableException("OpenBLAS not loaded: the jextract bindings could not bind "
                    + "libopenblas.so.0 after loading " + where + ": " + oneLine(String.valueOf(e.getMessage())) + ".", e);
        }
        if (boundDgemm.address() != ownDgemm.address()) {
            throw new BackendUnavailableException("OpenBLAS not loaded: the bindings resolved libopenblas.so.0 to another "
                    + "library than " + where + " (its SONAME is not libopenblas.so.0, or another OpenBLAS was loaded "
                    + "earlier in this JVM).");
        }
        cblas_h.openblas_set_num_threads(threads);
        String config = cblas_h.openblas_get_config().getString(0).trim();
        String core = cblas_h.openblas_get_corename().getString(0).trim();
        int actual = cblas_h.openblas_get_num_threads();
        return new OpenBlasLibrary(c.path(), c.source(), config, core, actual);
    }

    @SuppressWarnings("restricted")
    private static void loadDependency(Path dir, String soname) {
        try {
            SymbolLookup.libraryLookup(soname, Arena.global());
        } catch (IllegalArgumentException absent) {
            System.load(dir.resolve(soname).toString());
        }
    }

    static int threadsFromProperty() {
        String v = System.getProperty(THREADS_PROPERTY);
        if (v == null || v.isBlank()) {
            return 1;
        }
        try {
            int t = Integer.parseInt(v.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BackendUnavailableException("OpenBLAS not loaded: -D" + THREADS_PROPERTY + "=" + v
                + " is not a positive whole number.");
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s+", " ").trim();
    }

    // ------------------------------------------------------------------ what was loaded

    /** The file that was loaded (for the jar, the extracted copy in the cache directory). */
    public Path path() {
        return path;
    }

    public Source source() {
        return source;
    }

    /** {@code openblas_get_config()}, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64}. */
    public String config() {
        return config;
    }

    /** The release number from the configuration string, e.g. {@code 0.3.31}, or the whole string if it has none. */
    public String version() {
        Matcher m = Pattern.compile("OpenBLAS\\s+(\\S+)").matcher(config);
        return m.find() ? m.group(1) : config;
    }

    /** {@code openblas_get_corename()}: the kernel family running, e.g. {@code Haswell}, {@code Cooperlake}. */
    public String coreName() {
        return coreName;
    }

    /** {@code openblas_get_num_threads()} after this module set it (property {@code teachingrnns.openblas.threads}). */
    public int threads() {
        return threads;
    }

    /** The value of OPENBLAS_CORETYPE in this process's environment, if set (it pins the kernels). */
    public static Optional<String> coreTypeOverride() {
        String v = System.getenv(CORETYPE_ENV);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** One line for {@code teach info}, logs and results.json. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("OpenBLAS ").append(version()).append(", core ").append(coreName).append(", ")
                .append(threads).append(threads == 1 ? " thread" : " threads").append(", ")
                .append(path).append(" (from ").append(source.label()).append("), config \"").append(config).append('"');
        coreTypeOverride().ifPresent(v -> sb.append("; ").append(CORETYPE_ENV).append('=').append(v)
                .append(" is set in the environment (pins the kernels)"));
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
