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
import org.vae4j.eval.estimate.EvaluationProvenance;
import org.vae4j.eval.estimate.IwaeBounds;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.PerExampleEstimates;

/**
 * Writes a {@link LogLikelihoodReport} as a CSV (one row per example) and as JSON (summary, IWAE
 * means, latent diagnostics and provenance, without the per-example arrays, which are in the CSV).
 * Both are written atomically: a reader sees the old file or the complete new one.
 *
 * <p>Doubles are written with {@link Double#toString}, which round-trips exactly; an undefined
 * value (the standard error of a single example) is written as {@code NaN}.
 */
public final class LogLikelihoodReportWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LogLikelihoodReportWriter() {
    }

    /**
     * Columns: example, log_likelihood_nats, elbo_nats, effective_sample_size,
     * low_effective_sample_size, then iwae_k_nats for each IWAE group size k.
     */
    public static void writeCsv(LogLikelihoodReport report, Path file) throws IOException {
        PerExampleEstimates perExample = report.perExample();
        IwaeBounds iwae = report.iwae();
        AtomicFiles.writeStream(file, stream -> {
            try (Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
                StringBuilder header = new StringBuilder(
                        "example,log_likelihood_nats,elbo_nats,effective_sample_size,low_effective_sample_size");
                for (int k : iwae.sampleCounts()) {
                    header.append(",iwae_").append(k).append("_nats");
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
        root.set("summary", MAPPER.valueToTree(report.summary()));
        IwaeBounds iwae = report.iwae();
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
        provenance.put("importanceSamples", p.importanceSamples());
        provenance.put("seed", p.seed());
        provenance.put("noiseScheme", p.noiseScheme());
        provenance.set("chunking", MAPPER.valueToTree(p.chunking()));
        provenance.put("wallSeconds", report.summary().wallSeconds());
        return root;
    }
}
