/**
 * The student and teacher network: {@link org.teachingrnns.rnn.model.RnnModel}, an Elman RNN with a linear
 * readout in PyTorch's shapes, all parameters in one flat array. Build one from arrays with
 * {@link org.teachingrnns.rnn.model.RnnModel#of}, or draw one with
 * {@link org.teachingrnns.rnn.model.Initialization} (torch's default and orthogonal schemes).
 *
 * <p>The core reads no files: the exchange-format JSON reader and writer ({@code teach export},
 * {@code --student-init FILE}) live in the command line, which is not exported. An embedder with saved
 * weights parses them with its own JSON library and calls {@code RnnModel.of}.
 */
package org.teachingrnns.rnn.model;
