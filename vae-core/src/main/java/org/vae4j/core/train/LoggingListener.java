package org.vae4j.core.train;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs training progress through SLF4J: a line whenever the update count passes a multiple of N,
 * with the mean -ELBO of the minibatches since the previous line (per example) and the examples
 * per second of wall time since then (a line after an epoch's end includes its validation ELBO
 * and checkpoint), and a summary line per epoch. The same lines for both trainers: on Spark an update
 * unit is one averaging round, so {@code new LoggingListener(1)} logs every round.
 */
public final class LoggingListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);
    private final int everyIterations;
    private final LongSupplier nanoClock;
    private final Consumer<String> out;

    private long lastIteration = -1;
    private long sinceNanos;
    private long examplesSince;
    private double negativeElboSumSince;

    public LoggingListener(int everyIterations) {
        this(everyIterations, System::nanoTime, LOG::info);
    }

    LoggingListener(int everyIterations, LongSupplier nanoClock, Consumer<String> out) {
        if (everyIterations < 1) {
            throw new IllegalArgumentException("everyIterations must be >= 1, got " + everyIterations);
        }
        this.everyIterations = everyIterations;
        this.nanoClock = nanoClock;
        this.out = out;
    }

    @Override
    public void onStart(TrainingControl control) {
        restart(control.state().iteration());
    }

    @Override
    public void onIteration(IterationEvent event) {
        if (lastIteration < 0) {
            // Called without onStart: the rate is known from the next update on.
            restart(event.iteration());
            return;
        }
        examplesSince += event.batchSize();
        negativeElboSumSince += event.negativeElbo() * event.batchSize();
        if (event.iteration() / everyIterations > lastIteration / everyIterations) {
            double seconds = (nanoClock.getAsLong() - sinceNanos) / 1e9;
            out.accept(String.format(Locale.ROOT, "epoch %d iteration %d: -ELBO %.4f nats/example, %.0f examples/s",
                    event.epoch(), event.iteration(), negativeElboSumSince / Math.max(1, examplesSince),
                    examplesSince / Math.max(seconds, 1e-9)));
            restart(event.iteration());
        } else {
            lastIteration = event.iteration();
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        out.accept(String.format(Locale.ROOT,
                "epoch %d done: train -ELBO %.4f, validation -ELBO %.4f (KL %.4f, -log p(x|z) %.4f) nats/example,"
                        + " %.0f examples/s, %.1f s",
                m.epoch(), m.trainNegativeElbo(), m.validationNegativeElbo(), m.validationKl(),
                m.validationNegativeLogLikelihood(), m.examplesPerSecond(), m.wallSeconds()));
    }

    private void restart(long iteration) {
        lastIteration = iteration;
        sinceNanos = nanoClock.getAsLong();
        examplesSince = 0;
        negativeElboSumSince = 0;
    }
}
