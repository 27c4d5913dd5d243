/**
 * Real polynomials ({@link org.teachingrnns.numeric.poly.Polynomial}) as coefficient arrays in descending
 * powers, numpy's convention: the polynomial with given roots ({@code numpy.poly}), roots ({@code numpy.roots}),
 * evaluation, products and derivatives. The IIR teacher's denominators are built from its poles here.
 */
package org.teachingrnns.numeric.poly;
