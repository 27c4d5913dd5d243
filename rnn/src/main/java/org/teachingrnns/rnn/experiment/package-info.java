/**
 * One whole teacher-student experiment (what {@code teach run} does) without the command line:
 * {@link org.teachingrnns.rnn.experiment.Experiment} runs an
 * {@link org.teachingrnns.rnn.experiment.ExperimentConfig} (seed plus one validated record per part: teacher,
 * data, student, optimiser, training, analysis) on a {@link org.teachingrnns.rnn.compute.Compute} and returns an
 * {@link org.teachingrnns.rnn.experiment.ExperimentResult}.
 */
package org.teachingrnns.rnn.experiment;
