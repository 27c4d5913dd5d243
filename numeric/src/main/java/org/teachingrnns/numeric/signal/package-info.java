/**
 * Linear filters with scipy.signal's conventions ({@link org.teachingrnns.numeric.signal.Signal}): a transfer
 * function as numerator {@code b} and denominator {@code a}; {@code lfilter}, impulse and step responses,
 * {@code freqz}, and conversions between transfer function, zeros-poles-gain and state space.
 */
package org.teachingrnns.numeric.signal;
