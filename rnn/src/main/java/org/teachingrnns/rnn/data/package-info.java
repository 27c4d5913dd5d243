/**
 * Training data: {@link org.teachingrnns.rnn.data.Sequences}, a batch of equally long input and target
 * sequences {@code [batch][time][features]}, validated once on construction.
 */
package org.teachingrnns.rnn.data;
