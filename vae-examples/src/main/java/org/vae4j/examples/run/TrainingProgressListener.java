package org.vae4j.examples.run;

import java.util.Locale;

import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingListener;

/** Moves a progress bar by minibatches and shows the latest -ELBO. */
public final class TrainingProgressListener implements TrainingListener {

    private volatile Progress.Bar bar = Progress.disabled().start("", 0, "");
    private volatile long iterationsAtStart;

    /** Drives {@code bar} from now on; {@code iterationsAtStart} is the trainer's iteration count now. */
    public void show(Progress.Bar bar, long iterationsAtStart) {
        this.bar = bar;
        this.iterationsAtStart = iterationsAtStart;
    }

    @Override
    public void onIteration(IterationEvent event) {
        bar.stepTo(event.iteration() - iterationsAtStart);
        if (event.iteration() % 20 == 0) {
            bar.extraMessage(String.format(Locale.ROOT, " epoch %d, -ELBO %.2f", event.epoch(), event.negativeElbo()));
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        bar.extraMessage(String.format(Locale.ROOT, " epoch %d, validation -ELBO %.2f", metrics.epoch(),
                metrics.validationNegativeElbo()));
    }
}
