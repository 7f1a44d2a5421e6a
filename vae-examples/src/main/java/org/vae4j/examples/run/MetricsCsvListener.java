package org.vae4j.examples.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.io.AtomicFiles;
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
 *
 * <p>An epoch appears once: a run killed after writing an epoch's row but before its checkpoint, or
 * resumed from an older checkpoint because the newest did not read, trains epochs again, and their
 * new rows replace the old ones ({@link #continueFrom}, and a check before every append).
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
    /** Whether rows of epochs this listener will write have been dropped from the file. */
    private boolean rowsChecked;

    /** Without a training probe: the probe columns are NaN. */
    public MetricsCsvListener(Path file) throws IOException {
        this(file, null, null);
    }

    public MetricsCsvListener(Path file, Supplier<VaeModel> model, INDArray trainProbe) throws IOException {
        this.file = file;
        this.model = model;
        this.trainProbe = trainProbe;
        if (!Files.exists(file)) {
            AtomicFiles.writeString(file, HEADER + "\n");
        }
    }

    /**
     * Drops the rows of epochs {@code completedEpochs} and later: a resumed trainer that has
     * completed that many epochs trains them (again). Rewrites the file atomically, and only when
     * there is something to drop.
     */
    public void continueFrom(int completedEpochs) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 || line.isBlank() || epochOf(line) < completedEpochs) {
                kept.add(line);
            }
        }
        if (kept.size() < lines.size()) {
            AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
        }
        rowsChecked = true;
    }

    /** The epoch column of a row; a row that does not parse counts as a later epoch, so it is dropped. */
    private static int epochOf(String row) {
        int comma = row.indexOf(',');
        try {
            return Integer.parseInt(comma < 0 ? row : row.substring(0, comma));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        double probeElbo = Double.NaN;
        double probeKl = Double.NaN;
        double probeNll = Double.NaN;
        if (model != null && trainProbe != null) {
            ElboBreakdown b = model.get().elboOfInputRows(trainProbe, 1, PROBE_NOISE_SEED);
            probeElbo = -b.meanElbo();
            probeKl = b.meanKl();
            probeNll = -b.meanExpectedLogLikelihood();
        }
        String row = String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%.1f,%.3f,%.6f,%.6f,%.6f%n", m.epoch(),
                m.iteration(), m.examplesSeen(), m.trainNegativeElbo(), m.validationNegativeElbo(), m.validationKl(),
                m.validationNegativeLogLikelihood(), m.examplesPerSecond(), m.wallSeconds(), probeElbo, probeKl,
                probeNll);
        try {
            if (!rowsChecked) {
                continueFrom(m.epoch());
            }
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append to " + file + ": " + AtomicFiles.reason(e), e);
        }
    }
}
