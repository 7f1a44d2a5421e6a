package org.vae4j.examples.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.model.ElboBreakdown;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingListener;

/**
 * Appends one row per epoch to metrics.csv. Values are mean nats per example; ELBO columns are
 * negative ELBO (lower is better) so they read like the loss.
 *
 * <p>The trainer reports only the -ELBO of the training minibatches; the KL and reconstruction
 * split of the training data comes from a fixed probe of training examples evaluated after each
 * epoch with a fixed noise seed (the {@code train_probe_*} columns), so epochs compare on equal terms.
 */
public final class MetricsCsvListener implements TrainingListener {

    public static final String HEADER = "epoch,iteration,examples_seen,train_neg_elbo_nats,"
            + "validation_neg_elbo_nats,validation_kl_nats,validation_neg_log_likelihood_nats,"
            + "examples_per_second,wall_seconds,train_probe_neg_elbo_nats,train_probe_kl_nats,"
            + "train_probe_neg_log_likelihood_nats";

    private static final long PROBE_NOISE_SEED = 777;

    private final Path file;
    private final Supplier<VaeModel> model;
    private final INDArray trainProbe;

    /** Without a training probe: the probe columns are NaN. */
    public MetricsCsvListener(Path file) throws IOException {
        this(file, null, null);
    }

    public MetricsCsvListener(Path file, Supplier<VaeModel> model, INDArray trainProbe) throws IOException {
        this.file = file;
        this.model = model;
        this.trainProbe = trainProbe;
        if (!Files.exists(file)) {
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        double probeElbo = Double.NaN;
        double probeKl = Double.NaN;
        double probeNll = Double.NaN;
        if (model != null && trainProbe != null) {
            ElboBreakdown b = model.get().elbo(trainProbe, 1, PROBE_NOISE_SEED);
            probeElbo = -b.meanElbo();
            probeKl = b.meanKl();
            probeNll = -b.meanExpectedLogLikelihood();
        }
        String row = String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%.1f,%.3f,%.6f,%.6f,%.6f%n", m.epoch(),
                m.iteration(), m.examplesSeen(), m.trainNegativeElbo(), m.validationNegativeElbo(), m.validationKl(),
                m.validationNegativeLogLikelihood(), m.examplesPerSecond(), m.wallSeconds(), probeElbo, probeKl,
                probeNll);
        try {
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append to " + file, e);
        }
    }
}
