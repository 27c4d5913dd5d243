package org.teachingrnns.nativeblas;

import org.teachingrnns.numeric.Blas;
import org.teachingrnns.numeric.BlasProvider;

/**
 * Registers {@code openblas} with numeric's ServiceLoader. Under {@code auto} it does not replace the Java backend
 * but combines with it ({@link GemmBySize}): a downcall has a fixed cost that the Java kernels beat on small
 * matrices, and where OpenBLAS starts to win is measured on the machine ({@link AutoCalibration}).
 */
public final class OpenBlasProvider implements BlasProvider {

    @Override
    public String name() {
        return "openblas";
    }

    /** Above vector (10): when OpenBLAS loads, auto builds on it. */
    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Blas create() {
        return OpenBlas.create();
    }

    /** Loads the library only at the first product that could go to it ({@link AutoCalibration#forAuto(Blas)}). */
    @Override
    public Blas createForAuto(Blas bestJava) {
        return AutoCalibration.forAuto(bestJava);
    }

    @Override
    public boolean loadsWhenNeededUnderAuto() {
        return true;
    }
}
