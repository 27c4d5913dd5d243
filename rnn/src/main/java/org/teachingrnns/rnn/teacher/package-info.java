/**
 * Teachers with known dynamics that produce the training targets: an IIR filter in companion form
 * ({@link org.teachingrnns.rnn.teacher.IirTeacher}) or a random RNN
 * ({@link org.teachingrnns.rnn.teacher.RandomRnnTeacher}); each {@link org.teachingrnns.rnn.teacher.Teacher}
 * carries its network and its poles.
 */
package org.teachingrnns.rnn.teacher;
