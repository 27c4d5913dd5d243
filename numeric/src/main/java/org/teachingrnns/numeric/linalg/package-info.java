/**
 * Dense linear algebra translated from LAPACK: eigenvalues and eigenvectors of a general real matrix
 * ({@link org.teachingrnns.numeric.linalg.EigenDecomposition}: balancing, Hessenberg reduction, Francis QR),
 * Householder QR and singular values. Inputs are row-major {@code double[]} with their sizes; a method that
 * stops at its iteration limit throws {@link org.teachingrnns.numeric.linalg.ConvergenceException}.
 */
package org.teachingrnns.numeric.linalg;
