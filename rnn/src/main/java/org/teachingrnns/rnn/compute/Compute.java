package org.teachingrnns.rnn.compute;

import java.util.Locale;
import org.teachingrnns.numeric.BackendUnavailableException;
import org.teachingrnns.numeric.Blas;

/**
 * The compute context of one experiment: the {@link Blas} that runs the large products and the family of BPTT
 * engines that runs the recurrence. It is passed explicitly (experiment, trainer, BPTT workspace), so two
 * contexts can be used side by side in one JVM and {@code --backend} takes effect whatever {@link Blas#get()}
 * chose for the JVM.
 *
 * <ul>
 *   <li>{@code scalar}: the scalar Blas and the {@link BpttEngine#SCALAR} engine; plain loops end to end, no
 *       Vector API class is loaded.</li>
 *   <li>{@code vector}: the Vector API Blas and the Vector API engines.</li>
 *   <li>{@code openblas}: OpenBLAS for the large products, the Vector API engines (scalar ones when the module
 *       is missing) for the recurrence.</li>
 *   <li>{@code auto}: the Blas {@code auto} combination and the Vector API engines; without
 *       {@code --add-modules jdk.incubator.vector} both fall back to scalar, and {@link #note()} says so.</li>
 * </ul>
 * Engine choice within a family (unless forced by {@link #withEngine}): see
 * {@code org.teachingrnns.rnn.bptt.BpttWorkspace}.
 */
public final class Compute {

    /** The names {@link #of} accepts. */
    public static final String NAMES = "auto, scalar, vector, openblas";

    private final String name;
    private final Blas blas;
    private final boolean vectorEngines;
    private final BpttEngine forcedEngine;
    private final String note;

    private Compute(String name, Blas blas, boolean vectorEngines, BpttEngine forcedEngine, String note) {
        this.name = name;
        this.blas = blas;
        this.vectorEngines = vectorEngines;
        this.forcedEngine = forcedEngine;
        this.note = note;
    }

    /**
     * The context called {@code name}: {@code auto}, {@code scalar}, {@code vector} or {@code openblas}
     * (case-insensitive; any other Blas backend name also works, with the engines of {@code auto}).
     *
     * @throws BackendUnavailableException when the backend cannot run here (one sentence saying why)
     * @throws IllegalArgumentException    for an unknown name
     */
    public static Compute of(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("backend name must not be empty; valid values: " + NAMES);
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        boolean module = vectorModulePresent();
        return switch (key) {
            case "scalar" -> new Compute(key, Blas.of("scalar"), false, null, null);
            case "vector" -> new Compute(key, Blas.of("vector"), true, null, null);
            case "auto" -> new Compute(key, Blas.of("auto"), module, null, module ? null
                    : "the Vector API is not enabled (start the JVM with --add-modules jdk.incubator.vector), "
                    + "so auto runs the scalar kernels");
            default -> new Compute(key, Blas.of(key), module, null, module ? null
                    : "the Vector API is not enabled, so the BPTT recurrence runs on scalar kernels");
        };
    }

    /** {@code of("scalar")}: works in every JVM. */
    public static Compute scalar() {
        return of("scalar");
    }

    /**
     * The context for callers that pass none: {@code -Dteachingrnns.backend} if set, else {@code auto}. A new
     * context per call (the Blas backends it builds are cheap; OpenBLAS is loaded once per JVM by its provider).
     */
    public static Compute defaults() {
        String forced = System.getProperty(Blas.BACKEND_PROPERTY);
        return of(forced == null || forced.isBlank() ? "auto" : forced);
    }

    /**
     * This context with every BPTT workspace forced onto {@code engine} (for tests and benchmarks that compare
     * engines; the Blas stays).
     *
     * @throws BackendUnavailableException when the engine needs the Vector API and the module is missing
     */
    public Compute withEngine(BpttEngine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("engine must not be null");
        }
        if (engine.usesVectorApi() && !vectorModulePresent()) {
            throw new BackendUnavailableException("the " + engine.key()
                    + " engine needs the Vector API: start the JVM with --add-modules jdk.incubator.vector");
        }
        return new Compute(name, blas, engine.usesVectorApi(), engine, note);
    }

    /**
     * This context with its large products on {@code blas}; the name, the engines and the note stay. What
     * {@code auto} trains a workload on once {@code org.teachingrnns.rnn.train.EpochTrial} has timed its epoch
     * (its results.json then names the Blas that ran, e.g. {@code openblas}).
     */
    public Compute using(Blas blas) {
        if (blas == null) {
            throw new IllegalArgumentException("blas must not be null");
        }
        return new Compute(name, blas, vectorEngines, forcedEngine, note);
    }

    /** The name asked for: auto, scalar, vector, openblas. */
    public String name() {
        return name;
    }

    /** The Blas of the large products. */
    public Blas blas() {
        return blas;
    }

    /** Whether the BPTT engines are the Vector API ones (else {@link BpttEngine#SCALAR}). */
    public boolean vectorEngines() {
        return vectorEngines;
    }

    /** The engine every workspace must use, or null when the workspace chooses by shape. */
    public BpttEngine forcedEngine() {
        return forcedEngine;
    }

    /** A one-line note about a fallback (the Vector API missing under auto), or null. */
    public String note() {
        return note;
    }

    /** The backend name for results.json: the Blas's name, e.g. {@code vector} or {@code auto(openblas>=24^3, vector)}. */
    public String backend() {
        return blas.name();
    }

    /**
     * One line: the Blas and the BPTT engines, e.g. {@code scalar; BPTT engines: scalar} or
     * {@code vector; BPTT engines: register-resident, fused-step or gemm by shape}.
     */
    public String describe() {
        String engines = forcedEngine != null ? forcedEngine.key() + " (forced)"
                : vectorEngines ? "register-resident, fused-step or gemm by shape" : BpttEngine.SCALAR.key();
        return blas.name() + "; BPTT engines: " + engines;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Whether {@code jdk.incubator.vector} is in the boot layer; checked before any Vector API class is touched. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
