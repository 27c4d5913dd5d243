package org.teachingrnns.nativeblas;

/**
 * How heap arrays reach OpenBLAS.
 *
 * <p>Measured on this machine (bench {@code OpenBlasCallBenchmark}, see the module README): critical downcalls
 * are faster at every size from 4 to 256, most at small sizes where the copy and the arena dominate, so they are
 * the default.
 */
public enum DowncallMode {
    /**
     * {@code Linker.Option.critical(true)}: the downcall takes {@code MemorySegment.ofArray(array).asSlice(offset)}
     * directly, no copy, no thread-state transition. The GC cannot move the arrays during the call (it waits for
     * the call to finish), which is why only short, non-blocking, non-upcalling functions such as GEMM may be
     * linked this way.
     */
    CRITICAL,
    /**
     * jextract's plain downcall handles on native copies: every operand is copied into a confined arena, the
     * result copied back. The portable fallback and the baseline that {@link #CRITICAL} is measured against.
     */
    COPYING
}
