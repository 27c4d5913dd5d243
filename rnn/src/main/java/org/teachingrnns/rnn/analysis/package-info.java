/**
 * What a trained network's dynamics look like: eigenvalues of W_hh ({@link org.teachingrnns.rnn.analysis.Spectra}),
 * their matching to known poles ({@link org.teachingrnns.rnn.analysis.PoleMatching}, greedy or optimal), modal
 * form and residues, impulse and frequency responses, Lyapunov spectra, and everything at once for one model
 * against a reference ({@link org.teachingrnns.rnn.analysis.NetworkAnalysis}).
 */
package org.teachingrnns.rnn.analysis;
