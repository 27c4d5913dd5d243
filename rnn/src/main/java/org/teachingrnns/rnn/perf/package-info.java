/**
 * Timing of the kernels and of BPTT on this machine, shared by {@code teach bench} and bench/'s performance
 * guard: thread CPU time, warm-up, then best and median over rounds in which the measured tasks alternate, so a
 * change of machine load hits all of them alike. No third-party dependency.
 */
package org.teachingrnns.rnn.perf;
