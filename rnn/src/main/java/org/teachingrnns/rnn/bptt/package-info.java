/**
 * Backpropagation through time: the MSE loss and every gradient (each weight, each bias, and the initial
 * state) of an {@link org.teachingrnns.rnn.model.RnnModel} on a batch.
 *
 * <p>{@link org.teachingrnns.rnn.bptt.Bptt} is the one-call form (it allocates per call);
 * {@link org.teachingrnns.rnn.bptt.BpttWorkspace} is the form for training loops, allocated once for a model
 * and data shape and reused. {@link org.teachingrnns.rnn.bptt.ReferenceBptt} writes the equations as plain
 * loops (the oracle of the tests) and {@link org.teachingrnns.rnn.bptt.GradientCheck} compares any of them with
 * finite differences. The engines behind the workspace are package-private.
 */
package org.teachingrnns.rnn.bptt;
