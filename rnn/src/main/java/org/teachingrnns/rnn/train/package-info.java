/**
 * Optimisers with PyTorch's update rules ({@link org.teachingrnns.rnn.train.Adam},
 * {@link org.teachingrnns.rnn.train.Sgd}) over one flat parameter vector, global-norm
 * {@link org.teachingrnns.rnn.train.GradientClipping}, and the full-batch
 * {@link org.teachingrnns.rnn.train.Trainer} that ties BPTT, clipping and an optimiser into epochs.
 */
package org.teachingrnns.rnn.train;
