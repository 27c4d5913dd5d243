package org.teachingrnns.rnn.compute;

import org.teachingrnns.rnn.experiment.Experiment;
import org.teachingrnns.rnn.experiment.ExperimentConfig;
import org.teachingrnns.rnn.experiment.ExperimentResult;

/**
 * Run in a child JVM by {@link WithoutVectorModuleTest}: one whole {@link Experiment#run} (data, training, losses,
 * the student's eigenvalues, pole matching) on {@code Compute.of(args[0])}. The student has 24 hidden units, so
 * the eigen step's reduction is long enough to call a backend (from n = 17), and the parent can see which
 * backend's classes that loaded.
 */
public final class ScalarExperimentProbe {

    private ScalarExperimentProbe() {
    }

    public static void main(String[] args) {
        ExperimentConfig c = ExperimentConfig.defaults()
                .withTeacher(t -> t.order(3))
                .withStudent(s -> s.hidden(24))
                .withData(d -> d.sequences(10).length(40).washout(5))
                .withTraining(t -> t.epochs(5).testEvery(5));
        ExperimentResult r = Experiment.run(c, Compute.of(args[0]), null);
        System.out.println("experiment eigenvalues " + r.eigenvalues().length() + " backend " + r.backend());
    }
}
