package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.iterator.EpochDataSetIterator;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.report.LogLikelihoodReportWriter;

/**
 * Importance-sampled log p(x) of a model on an evaluation iterator, written as JSON and CSV; for a
 * conditional VAE log p(x|c), c the iterator's labels.
 */
public final class RunEvaluation {

    public static final String JSON = "eval.json";
    public static final String CSV = "eval-per-example.csv";

    /**
     * Seed of the importance samples when none is given, for {@code train}'s evaluation and for
     * {@code eval} alike, so the same model on the same data gets the same number from both. A
     * constant rather than one derived from the training seed: the estimate is then a function of
     * (model, data, k, seed) alone, a bare model.zip scores as its run folder does, and models
     * trained from different seeds are compared on the same noise (common random numbers). It is
     * 1 because that was already {@code eval}'s default, so earlier {@code eval} numbers stay
     * reproducible; {@code train} used to draw from the training seed + 3.
     */
    public static final long DEFAULT_SEED = 1;

    private RunEvaluation() {
    }

    /** What the estimate is of, as printed: "-log p(x)", or "-log p(x|c)" for a conditional VAE. */
    public static String quantity(org.vae4j.core.config.VaeConfig config) {
        return config.isConditional() ? "-log p(x|c)" : "-log p(x)";
    }

    public static LogLikelihoodReport evaluate(VaeModel model, EpochDataSetIterator data, int importanceSamples,
                                               long seed, Progress progress, Path directory) throws IOException {
        return evaluate(model, data, importanceSamples, seed, progress, directory, null);
    }

    /**
     * As {@link #evaluate(VaeModel, EpochDataSetIterator, int, long, Progress, Path)}, and when
     * {@code exportData} is not null also writes the examples scored there (see {@link ScoredData};
     * its name is checked before anything is evaluated).
     */
    public static LogLikelihoodReport evaluate(VaeModel model, EpochDataSetIterator data, int importanceSamples,
                                               long seed, Progress progress, Path directory, Path exportData)
            throws IOException {
        if (exportData != null) {
            ScoredData.formatOf(exportData);
        }
        // The data as one array, scored and exported as is: the file holds exactly what was scored.
        INDArray features = TestSet.inputRows(data, model.config());
        LogLikelihoodReport report;
        try (Progress.Bar bar = progress.start("log p(x), k=" + importanceSamples, features.rows(), "ex")) {
            report = ImportanceSampledLikelihood.builder(model).importanceSamples(importanceSamples).seed(seed)
                    .listener(p -> bar.stepTo(p.examplesDone())).build().evaluate(features, data.description());
        }
        LogLikelihoodReportWriter.writeJson(report, directory.resolve(JSON));
        LogLikelihoodReportWriter.writeCsv(report, directory.resolve(CSV));
        if (exportData != null) {
            ScoredData.write(exportData, features);
        }
        return report;
    }
}
