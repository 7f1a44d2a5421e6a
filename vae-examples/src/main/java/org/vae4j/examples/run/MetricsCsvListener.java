package org.vae4j.examples.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingListener;

/**
 * Appends one row per epoch to metrics.csv. Values are mean nats per example; ELBO columns are
 * negative ELBO (lower is better) so they read like the loss.
 */
public final class MetricsCsvListener implements TrainingListener {

    public static final String HEADER = "epoch,iteration,examples_seen,train_neg_elbo_nats,"
            + "validation_neg_elbo_nats,validation_kl_nats,validation_neg_log_likelihood_nats,"
            + "examples_per_second,wall_seconds";

    private final Path file;

    public MetricsCsvListener(Path file) throws IOException {
        this.file = file;
        if (!Files.exists(file)) {
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        String row = String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%.1f,%.3f%n", m.epoch(), m.iteration(),
                m.examplesSeen(), m.trainNegativeElbo(), m.validationNegativeElbo(), m.validationKl(),
                m.validationNegativeLogLikelihood(), m.examplesPerSecond(), m.wallSeconds());
        try {
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append to " + file, e);
        }
    }
}
