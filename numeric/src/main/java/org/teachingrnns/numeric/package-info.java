/**
 * The BLAS front and the small dense types every other package uses.
 *
 * <p>{@link org.teachingrnns.numeric.Blas} is the entry point: CBLAS row-major semantics on heap arrays with
 * offsets, validated once at the public methods. Get one with {@link org.teachingrnns.numeric.Blas#get()} (the
 * JVM's {@code auto} choice) or {@link org.teachingrnns.numeric.Blas#of(String)} ({@code scalar},
 * {@code vector}, {@code openblas}); {@link org.teachingrnns.numeric.Backends#report()} says which was chosen
 * and why. New backends implement {@link org.teachingrnns.numeric.BlasProvider} and are found by
 * {@link java.util.ServiceLoader}. Values: {@link org.teachingrnns.numeric.Matrix} (dense row-major) and
 * {@link org.teachingrnns.numeric.ComplexArray} (eigenvalues, poles, roots).
 */
package org.teachingrnns.numeric;
