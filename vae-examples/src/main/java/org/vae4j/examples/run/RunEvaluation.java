package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Path;

import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.iterator.EpochDataSetIterator;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.report.LogLikelihoodReportWriter;

/** Importance-sampled log p(x) of a model on an evaluation iterator, written as JSON and CSV. */
public final class RunEvaluation {

    public static final String JSON = "eval.json";
    public static final String CSV = "eval-per-example.csv";

    private RunEvaluation() {
    }

    public static LogLikelihoodReport evaluate(VaeModel model, EpochDataSetIterator data, int importanceSamples,
                                               long seed, Progress progress, Path directory) throws IOException {
        data.startEpoch(0);
        LogLikelihoodReport report;
        try (Progress.Bar bar = progress.start("log p(x), k=" + importanceSamples, data.examples(), "ex")) {
            report = ImportanceSampledLikelihood.builder(model).importanceSamples(importanceSamples).seed(seed)
                    .listener(p -> bar.stepTo(p.examplesDone())).build().evaluate(data, data.description());
        }
        LogLikelihoodReportWriter.writeJson(report, directory.resolve(JSON));
        LogLikelihoodReportWriter.writeCsv(report, directory.resolve(CSV));
        return report;
    }
}
