/**
 * Sweeps: many teacher-student experiments over a grid of settings, written one JSON line per finished run.
 *
 * <p>The pieces, each without JSON or command-line libraries: {@link org.teachingrnns.rnn.sweep.SweepValues}
 * (a flag's list {@code 1,2,5..8}), {@link org.teachingrnns.rnn.sweep.Grid} (the Cartesian product in a fixed
 * order), {@link org.teachingrnns.rnn.sweep.Shard} ({@code --shard K/N} and Slurm job arrays),
 * {@link org.teachingrnns.rnn.sweep.ResultLog} (append-only, crash-safe JSON-lines file) and the summary
 * ({@link org.teachingrnns.rnn.sweep.SweepRun}, {@link org.teachingrnns.rnn.sweep.CellTable},
 * {@link org.teachingrnns.rnn.sweep.PoleCsv}, {@link org.teachingrnns.rnn.sweep.SummaryPage}).
 * The command line ({@code teach sweep}) binds them to picocli and Jackson in the {@code cli} package.
 */
package org.teachingrnns.rnn.sweep;
