package org.teachingrnns.rnn.experiment;

import org.teachingrnns.rnn.analysis.Nmse;
import org.teachingrnns.rnn.compute.Compute;
import org.teachingrnns.rnn.data.Sequences;
import org.teachingrnns.rnn.model.RnnModel;
import org.teachingrnns.rnn.train.Lbfgs;
import org.teachingrnns.rnn.train.OptimizerKind;
import org.teachingrnns.rnn.train.Trainer;
import org.teachingrnns.rnn.train.TrainingPlan;

/**
 * From a configuration to the {@link Trainer}'s plan (schedule, L-BFGS, keep-best, stopping rules), and from the
 * trainer's result to the run's {@link Convergence}: the one place the experiment's training recipe is read.
 */
final class TrainingPlans {

    private TrainingPlans() {
    }

    /**
     * The plan of c for a student of this many parameters: the schedule over the epochs on the epochs' optimiser's
     * lr ({@code --lbfgs-lr} for {@code --optimizer lbfgs}); an L-BFGS when the epochs or {@code --then-lbfgs} use
     * one; the target training NMSE as a training loss (times the variance of the kept training targets).
     */
    static TrainingPlan of(ExperimentConfig c, int parameters, Sequences train) {
        OptimizerConfig o = c.optimizer();
        boolean lbfgsEpochs = o.kind() == OptimizerKind.LBFGS;
        Lbfgs lbfgs = lbfgsEpochs || o.thenLbfgs() > 0 ? o.lbfgsSettings().create(parameters) : null;
        double baseLr = lbfgsEpochs ? o.lbfgsLr() : o.lr();
        double targetLoss = c.training().targetNmse() > 0
                ? c.training().targetNmse() * Nmse.targetVariance(train, c.data().washout()) : Double.NEGATIVE_INFINITY;
        return new TrainingPlan(o.scheduleSettings().create(baseLr, c.training().epochs()), lbfgs, o.thenLbfgs(),
                c.training().keepBest(), targetLoss, c.training().patience());
    }

    /**
     * The run's convergence: with keep-best the best (the model, trained in place) and the final weights
     * measured; the converged label from the kept student's test MSE; the identifiability baseline.
     */
    static Convergence convergence(ExperimentConfig c, Trainer.Result tr, RnnModel kept,
                                   Experiment.InitialConditions ic, double keptTestLoss,
                                   Compute compute) {
        int washout = c.data().washout();
        double thr = c.analysis().matchThreshold();
        double keptTestNmse = Nmse.of(keptTestLoss, ic.test(), washout);
        Convergence.Snapshot best = null;
        Convergence.Snapshot last = null;
        if (c.training().keepBest()) {
            best = Convergence.Snapshot.of(tr.keptEpoch(), kept, kept.parameterArray(), ic.train(), ic.test(), washout,
                    ic.teacher().poles(), thr, compute);
            last = Convergence.Snapshot.of(tr.epochsRun(), kept, tr.finalParameters(), ic.train(), ic.test(), washout,
                    ic.teacher().poles(), thr, compute);
        }
        Convergence.Baseline b = Convergence.baseline(c, ic.teacher().model(), ic.train(), compute);
        return new Convergence(tr.stopReason(), keptTestNmse <= c.training().convergedNmse(),
                c.training().convergedNmse(), best, last, b.estimate(), b.note());
    }
}
