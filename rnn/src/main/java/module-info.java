/**
 * Small RNNs trained by manual BPTT, their teachers and the spectral analysis that compares them.
 *
 * <p>API for embedders (see the README's "Embedding" section): {@code model} (RnnModel from arrays),
 * {@code data} (Sequences), {@code compute} (the Compute context: Blas backend and BPTT engines),
 * {@code bptt} (loss and every gradient), {@code train} (Adam, SGD, the Trainer), {@code analysis}
 * (eigenvalues, pole matching, network analysis), {@code teacher} (IIR and random-RNN teachers) and
 * {@code experiment} (one teacher-student experiment from grouped config records) and {@code identification} (the
 * identifiability baseline: ARX and Ho-Kalman/ERA pole estimates without BPTT).
 *
 * <p>Not exported: {@code cli} (the {@code teach} command line with its JSON reader and writer),
 * {@code sweep} (the machinery behind {@code teach sweep}), {@code perf} (the timing suite behind {@code teach bench} and
 * the bench module) and {@code util}. picocli and Jackson are static
 * dependences used by {@code cli} only, so an embedder needs neither.
 */
module org.teachingrnns.rnn {
    requires transitive org.teachingrnns.numeric;
    requires static jdk.incubator.vector;
    // Thread CPU time for teach bench and the memory estimate of teach run (ThreadMXBean, MemoryMXBean).
    requires java.management;
    // The machine's physical memory for the memory estimate's advice; optional (the CLI says nothing without it).
    requires static jdk.management;
    requires static info.picocli;
    requires static com.fasterxml.jackson.databind;

    exports org.teachingrnns.rnn.analysis;
    exports org.teachingrnns.rnn.bptt;
    exports org.teachingrnns.rnn.compute;
    exports org.teachingrnns.rnn.data;
    exports org.teachingrnns.rnn.experiment;
    exports org.teachingrnns.rnn.identification;
    exports org.teachingrnns.rnn.model;
    exports org.teachingrnns.rnn.teacher;
    exports org.teachingrnns.rnn.train;

    // picocli reads the command classes' annotated fields and Jackson binds the option records, both by
    // reflection; qualified, so no embedder gets the CLI's internals.
    opens org.teachingrnns.rnn.cli to info.picocli, com.fasterxml.jackson.databind;

}
