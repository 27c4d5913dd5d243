/**
 * Identification of the teacher from its data without BPTT: the baseline that tells whether the data determine
 * the teacher's poles ({@link org.teachingrnns.rnn.identification.ArxFit}, least squares on the difference
 * equation; {@link org.teachingrnns.rnn.identification.HoKalman}, realisation from the impulse response that
 * {@link org.teachingrnns.rnn.identification.FirFit} estimates). If the baseline recovers the poles and the trained
 * student does not, the gap is the training's, not the data's. No third-party library; the linear algebra is
 * numeric's (Householder QR, SVD, eigenvalues, polynomial roots).
 */
package org.teachingrnns.rnn.identification;
