package org.vae4j.eval.report;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.eval.estimate.AnnealingDetails;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.EstimatorDetails;
import org.vae4j.eval.estimate.ImportanceSamplingDetails;
import org.vae4j.eval.estimate.EvaluationProvenance;
import org.vae4j.eval.estimate.IwaeBounds;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.MeanAndError;
import org.vae4j.eval.estimate.PerExampleEstimates;

/**
 * Writes a {@link LogLikelihoodReport} as a CSV (one row per example) and as JSON (summary, IWAE
 * means, latent diagnostics and provenance, without the per-example arrays, which are in the CSV).
 * Both are written atomically: a reader sees the old file or the complete new one.
 *
 * <p>Doubles are written with {@link Double#toString}, which round-trips exactly; an undefined
 * value (the standard error of a single example) is written as {@code NaN}.
 *
 * <p>Every estimator writes the same format. AIS and BDMC reports ({@link AnnealingDetails},
 * {@link BidirectionalDetails}) only add: the JSON's {@code estimator} and {@code annealing} entries, and CSV columns after the
 * importance-sampling ones. Importance-sampling files differ from those written before AIS existed
 * by the {@code "estimator": "importance-sampling"} entry alone, so readers of the old files read
 * the new ones, and a file without {@code estimator} is an importance-sampling report.
 */
public final class LogLikelihoodReportWriter {

    private static final IwaeBounds NO_BOUNDS = new IwaeBounds(new int[0], new double[0], new double[0], new double[0][]);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LogLikelihoodReportWriter() {
    }

    /**
     * Columns: example, log_likelihood_nats, elbo_nats, effective_sample_size,
     * low_effective_sample_size, then iwae_k_nats for each IWAE group size k; AIS and BDMC add
     * chain_standard_error_nats, acceptance_rate, final_step_size, and BDMC upper_bound_nats and
     * gap_nats (upper bound - log_likelihood_nats, the forward-AIS lower bound).
     */
    public static void writeCsv(LogLikelihoodReport report, Path file) throws IOException {
        PerExampleEstimates perExample = report.perExample();
        IwaeBounds iwae = iwaeOf(report.details());
        AnnealingDetails annealing = annealingOf(report.details());
        double[] upper = report.details() instanceof BidirectionalDetails bdmc ? bdmc.upperBoundNats() : null;
        double[] gap = report.details() instanceof BidirectionalDetails bdmc
                ? bdmc.gapNats(perExample.logLikelihoodNats()) : null;
        AtomicFiles.writeStream(file, stream -> {
            try (Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
                StringBuilder header = new StringBuilder(
                        "example,log_likelihood_nats,elbo_nats,effective_sample_size,low_effective_sample_size");
                for (int k : iwae.sampleCounts()) {
                    header.append(",iwae_").append(k).append("_nats");
                }
                if (annealing != null) {
                    header.append(",chain_standard_error_nats,acceptance_rate,final_step_size");
                }
                if (gap != null) {
                    header.append(",upper_bound_nats,gap_nats");
                }
                out.write(header.append('\n').toString());
                for (int i = 0; i < perExample.examples(); i++) {
                    StringBuilder row = new StringBuilder().append(i)
                            .append(',').append(perExample.logLikelihoodNats()[i])
                            .append(',').append(perExample.elboNats()[i])
                            .append(',').append(perExample.effectiveSampleSize()[i])
                            .append(',').append(perExample.lowEffectiveSampleSize()[i]);
                    for (double[] bound : iwae.perExampleNats()) {
                        row.append(',').append(bound[i]);
                    }
                    if (annealing != null) {
                        row.append(',').append(annealing.chainStandardErrorNats()[i])
                                .append(',').append(annealing.acceptanceRate()[i])
                                .append(',').append(annealing.finalStepSize()[i]);
                    }
                    if (gap != null) {
                        row.append(',').append(upper[i]).append(',').append(gap[i]);
                    }
                    out.write(row.append('\n').toString());
                }
            }
        });
    }

    public static void writeJson(LogLikelihoodReport report, Path file) throws IOException {
        String json = MAPPER.writeValueAsString(toJsonTree(report));
        AtomicFiles.writeString(file, json);
    }

    /** The JSON document of {@link #writeJson}, for callers that embed it elsewhere. */
    public static ObjectNode toJsonTree(LogLikelihoodReport report) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("estimator", report.estimator().jsonName());
        root.set("summary", MAPPER.valueToTree(report.summary()));
        if (annealingOf(report.details()) != null) {
            root.set("annealing", annealingTree(report));
        }
        IwaeBounds iwae = iwaeOf(report.details());
        ObjectNode bounds = root.putObject("iwaeBounds");
        bounds.set("sampleCounts", MAPPER.valueToTree(iwae.sampleCounts()));
        bounds.set("meanNats", MAPPER.valueToTree(iwae.meanNats()));
        bounds.set("standardErrorNats", MAPPER.valueToTree(iwae.standardErrorNats()));
        root.set("activeUnits", MAPPER.valueToTree(report.activeUnits()));
        root.set("klPerDimensionNats", MAPPER.valueToTree(report.klPerDimensionNats()));

        EvaluationProvenance p = report.provenance();
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("vae4jVersion", p.vae4jVersion());
        provenance.put("dl4jVersion", p.dl4jVersion());
        provenance.set("modelConfig", MAPPER.readTree(p.modelConfigJson()));
        provenance.set("modelTrainingData", MAPPER.valueToTree(p.modelTrainingData()));
        provenance.set("evaluationData", MAPPER.valueToTree(p.evaluationData()));
        provenance.put("importanceSamples", report.summary().importanceSamples());
        provenance.put("seed", p.seed());
        provenance.put("noiseScheme", p.noiseScheme());
        provenance.set("chunking", MAPPER.valueToTree(p.chunking()));
        provenance.put("wallSeconds", report.summary().wallSeconds());
        return root;
    }

    /** The sampler's settings and the means of its per-example details (the arrays are in the CSV). */
    private static ObjectNode annealingTree(LogLikelihoodReport report) {
        AnnealingDetails a = annealingOf(report.details());
        ObjectNode node = MAPPER.createObjectNode();
        node.put("steps", a.steps());
        node.put("chains", a.chains());
        node.put("leapfrogSteps", a.leapfrogSteps());
        node.put("initialDistribution", a.initialDistribution());
        node.put("schedule", a.schedule());
        node.put("targetAcceptance", a.targetAcceptance());
        node.put("meanAcceptanceRate", a.meanAcceptanceRate());
        node.put("meanChainStandardErrorNats", a.meanChainStandardErrorNats());
        node.put("gradientEvaluations", a.gradientEvaluations());
        node.put("gradientEvaluationsPerSecond", a.gradientEvaluations() / report.summary().wallSeconds());
        if (report.details() instanceof BidirectionalDetails bdmc) {
            MeanAndError lower = MeanAndError.of(report.perExample().logLikelihoodNats());
            MeanAndError upper = bdmc.upperBound();
            MeanAndError gap = MeanAndError.of(bdmc.gapNats(report.perExample().logLikelihoodNats()));
            node.put("meanLogLikelihoodLowerBoundNats", lower.mean());
            node.put("lowerBoundStandardErrorNats", lower.standardError());
            node.put("meanLogLikelihoodUpperBoundNats", upper.mean());
            node.put("upperBoundStandardErrorNats", upper.standardError());
            node.put("meanGapNats", gap.mean());
            node.put("gapStandardErrorNats", gap.standardError());
        }
        return node;
    }

    /** The IWAE bounds of an importance-sampling report; none (no columns, empty lists) for the others. */
    private static IwaeBounds iwaeOf(EstimatorDetails details) {
        return details instanceof ImportanceSamplingDetails is ? is.iwae() : NO_BOUNDS;
    }

    /** The AIS settings and diagnostics of an AIS or BDMC report (BDMC's forward run); null for importance sampling. */
    private static AnnealingDetails annealingOf(EstimatorDetails details) {
        if (details instanceof AnnealingDetails ais) {
            return ais;
        }
        return details instanceof BidirectionalDetails bdmc ? bdmc.forward() : null;
    }
}
