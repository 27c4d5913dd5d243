/**
 * Where the numbers are computed: a {@link org.teachingrnns.rnn.compute.Compute} context holds the
 * {@link org.teachingrnns.numeric.Blas} backend for the large products and the family of BPTT engines for the
 * recurrence. Make one with {@link org.teachingrnns.rnn.compute.Compute#of(String)} ({@code auto},
 * {@code scalar}, {@code vector}, {@code openblas}) and pass it to BPTT, the trainer and experiments; two
 * contexts can be used side by side in one JVM.
 */
package org.teachingrnns.rnn.compute;
