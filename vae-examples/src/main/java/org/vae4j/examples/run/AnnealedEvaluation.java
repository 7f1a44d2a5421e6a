package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.iterator.EpochDataSetIterator;
import org.vae4j.eval.ais.AnnealedImportanceSampling;
import org.vae4j.eval.ais.GapDecomposition;
import org.vae4j.eval.ais.InitialDistribution;
import org.vae4j.eval.ais.BidirectionalMonteCarlo;
import org.vae4j.eval.estimate.AnnealingDetails;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.SimulatedData;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.MeanAndError;
import org.vae4j.eval.report.LogLikelihoodReportWriter;
import org.vae4j.examples.plot.BdmcGapPlot;

/**
 * {@code eval --estimator ais|bdmc}: AIS log p(x) of the test data with importance sampling and the
 * ELBO on the same examples (the gap decomposition), or BDMC bounds on data simulated from the
 * model at one or more step counts (with the gap-vs-steps plot). Reports are written in the
 * importance sampler's format ({@link LogLikelihoodReportWriter}).
 */
public final class AnnealedEvaluation {

    public static final String GAP_JSON = "gap.json";
    public static final String BDMC_GAP_CSV = "bdmc-gap.csv";
    public static final String BDMC_GAP_PNG = "bdmc-gap.png";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The AIS settings of one command line. */
    public record Settings(int chains, int leapfrogSteps, InitialDistribution initial, long seed) {

        public AnnealedImportanceSampling.Builder builder(VaeModel model, int steps) {
            return AnnealedImportanceSampling.builder(model).steps(steps).chains(chains).leapfrogSteps(leapfrogSteps)
                    .initialDistribution(initial).seed(seed);
        }

        public String describe(int steps) {
            return String.format(Locale.ROOT, "%d steps x %d chains x %d leapfrog, from %s", steps, chains,
                    leapfrogSteps, initial.shortName());
        }
    }

    /** AIS, importance sampling and the decomposition of one evaluation. */
    public record AisResult(LogLikelihoodReport ais, LogLikelihoodReport importanceSampling, GapDecomposition gap) {

        /** The AIS run's settings and diagnostics. */
        public AnnealingDetails annealing() {
            return (AnnealingDetails) ais.details();
        }
    }

    private AnnealedEvaluation() {
    }

    /**
     * AIS with {@code steps} steps and importance sampling with k samples on the same test examples
     * (collected once, as {@link RunEvaluation} does); writes eval.json / eval-per-example.csv (AIS),
     * is-k&lt;k&gt;.json / .csv and gap.json, and the examples to {@code exportData} when not null.
     */
    public static AisResult ais(VaeModel model, EpochDataSetIterator data, int steps, Settings settings,
                                int importanceSamples, Progress progress, Path directory, Path exportData)
            throws IOException {
        INDArray features = TestSet.inputRows(data, model.config());
        LogLikelihoodReport ais;
        try (Progress.Bar bar = progress.start("AIS log p(x), " + steps + " steps", features.rows(), "ex")) {
            ais = settings.builder(model, steps).listener(p -> bar.stepTo(p.examplesDone())).build()
                    .evaluate(features, data.description());
        }
        LogLikelihoodReport is;
        try (Progress.Bar bar = progress.start("IS log p(x), k=" + importanceSamples, features.rows(), "ex")) {
            is = ImportanceSampledLikelihood.builder(model).importanceSamples(importanceSamples).seed(settings.seed())
                    .listener(p -> bar.stepTo(p.examplesDone())).build().evaluate(features, data.description());
        }
        if (exportData != null) {
            ScoredData.write(exportData, features);
        }
        GapDecomposition gap = GapDecomposition.of(ais, is);
        LogLikelihoodReportWriter.writeJson(ais, directory.resolve(RunEvaluation.JSON));
        LogLikelihoodReportWriter.writeCsv(ais, directory.resolve(RunEvaluation.CSV));
        LogLikelihoodReportWriter.writeJson(is, directory.resolve("is-k" + importanceSamples + ".json"));
        LogLikelihoodReportWriter.writeCsv(is, directory.resolve("is-k" + importanceSamples + "-per-example.csv"));
        ObjectNode json = MAPPER.createObjectNode();
        json.put("examples", ais.summary().examples());
        json.put("importanceSamples", importanceSamples);
        json.put("aisSettings", settings.describe(steps));
        json.set("elboNats", MAPPER.valueToTree(gap.elbo()));
        json.set("importanceSampledLogLikelihoodNats", MAPPER.valueToTree(gap.importance()));
        json.set("aisLogLikelihoodNats", MAPPER.valueToTree(gap.annealed()));
        json.set("importanceSampledMinusElboNats", MAPPER.valueToTree(gap.elboToImportance()));
        json.set("aisMinusImportanceSampledNats", MAPPER.valueToTree(gap.importanceToAnnealed()));
        json.set("aisMinusElboNats", MAPPER.valueToTree(gap.elboToAnnealed()));
        AtomicFiles.writeString(directory.resolve(GAP_JSON), MAPPER.writeValueAsString(json));
        return new AisResult(ais, is, gap);
    }

    /**
     * BDMC on {@code examples} draws from the model, once per entry of {@code steps}: writes
     * bdmc-s&lt;T&gt;.json / -per-example.csv per run, bdmc-gap.csv, and bdmc-gap.png when there
     * are several runs. The same simulated data (seeded) for every run.
     */
    /** One BDMC run: its report and its bounds (the forward run's details and the upper bounds). */
    public record BdmcResult(LogLikelihoodReport report, BidirectionalDetails bounds) {
    }

    public static List<BdmcResult> bdmc(VaeModel model, int examples, List<Integer> steps, Settings settings,
                                                 Progress progress, Path directory) throws IOException {
        SimulatedData data = SimulatedData.sample(model, examples, settings.seed());
        List<BdmcResult> reports = new ArrayList<>();
        List<BdmcGapPlot.Point> points = new ArrayList<>();
        StringBuilder csv = new StringBuilder("steps,chains,lower_bound_nats,lower_bound_se_nats,upper_bound_nats,"
                + "upper_bound_se_nats,gap_nats,gap_se_nats,mean_acceptance_rate,wall_seconds\n");
        for (int t : steps) {
            LogLikelihoodReport report;
            try (Progress.Bar bar = progress.start("BDMC, " + t + " steps", examples, "ex")) {
                AnnealedImportanceSampling ais = settings.builder(model, t).listener(p -> bar.stepTo(p.examplesDone()))
                        .build();
                report = new BidirectionalMonteCarlo(ais).evaluate(data);
            }
            LogLikelihoodReportWriter.writeJson(report, directory.resolve("bdmc-s" + t + ".json"));
            LogLikelihoodReportWriter.writeCsv(report, directory.resolve("bdmc-s" + t + "-per-example.csv"));
            MeanAndError lower = MeanAndError.of(report.perExample().logLikelihoodNats());
            BidirectionalDetails bounds = (BidirectionalDetails) report.details();
            MeanAndError upper = bounds.upperBound();
            MeanAndError gap = MeanAndError.of(bounds.gapNats(report.perExample().logLikelihoodNats()));
            csv.append(t).append(',').append(settings.chains()).append(',').append(lower.mean()).append(',')
                    .append(lower.standardError()).append(',').append(upper.mean()).append(',')
                    .append(upper.standardError()).append(',').append(gap.mean()).append(',').append(gap.standardError())
                    .append(',').append(bounds.forward().meanAcceptanceRate()).append(',')
                    .append(report.summary().wallSeconds()).append('\n');
            points.add(new BdmcGapPlot.Point(t, gap.mean(), gap.standardError()));
            reports.add(new BdmcResult(report, bounds));
        }
        AtomicFiles.writeString(directory.resolve(BDMC_GAP_CSV), csv.toString());
        if (points.size() > 1) {
            BdmcGapPlot.save(points, String.format(Locale.ROOT, "BDMC on %d simulated examples, %d chains x %d leapfrog, "
                    + "from %s", examples, settings.chains(), settings.leapfrogSteps(), settings.initial().shortName()),
                    directory.resolve(BDMC_GAP_PNG));
        }
        return reports;
    }
}
