package org.vae4j.core.train;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the minibatch -ELBO every N iterations and a summary line per epoch through SLF4J. */
public final class LoggingListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);
    private final int everyIterations;

    public LoggingListener(int everyIterations) {
        if (everyIterations < 1) {
            throw new IllegalArgumentException("everyIterations must be >= 1, got " + everyIterations);
        }
        this.everyIterations = everyIterations;
    }

    @Override
    public void onIteration(IterationEvent event) {
        if (event.iteration() % everyIterations == 0) {
            LOG.info(String.format(Locale.ROOT, "epoch %d iteration %d: -ELBO %.4f nats/example",
                    event.epoch(), event.iteration(), event.negativeElbo()));
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        LOG.info(String.format(Locale.ROOT,
                "epoch %d done: train -ELBO %.4f, validation -ELBO %.4f (KL %.4f, -log p(x|z) %.4f) nats/example,"
                        + " %.0f examples/s, %.1f s",
                m.epoch(), m.trainNegativeElbo(), m.validationNegativeElbo(), m.validationKl(),
                m.validationNegativeLogLikelihood(), m.examplesPerSecond(), m.wallSeconds()));
    }
}
