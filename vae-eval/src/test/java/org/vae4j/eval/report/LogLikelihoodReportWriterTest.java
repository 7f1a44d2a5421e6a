package org.vae4j.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.eval.ais.AnnealedImportanceSampling;
import org.vae4j.eval.estimate.SimulatedData;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.ais.BidirectionalMonteCarlo;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.AnnealingDetails;

class LogLikelihoodReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void csvHasOneExactRowPerExampleAndJsonCarriesSummaryAndProvenance() throws Exception {
        VaeConfig config = VaeConfig.builder().inputSize(6).encoderLayerSizes(5).latentSize(2)
                .dataType(DataType.DOUBLE).seed(3).build();
        VaeModel model = VaeModel.create(config);
        DataDescription data = new DataDescription("toy", "test", "FIXED", 17, 5, Map.of("toy.bin", "ab12"));
        Nd4j.getRandom().setSeed(1);
        LogLikelihoodReport report = ImportanceSampledLikelihood.builder(model).importanceSamples(20).seed(2)
                .build().evaluate(Nd4j.rand(DataType.DOUBLE, 5, 6).gt(0.5).castTo(DataType.DOUBLE), data);

        Path csv = dir.resolve("out/ll.csv");
        Path json = dir.resolve("out/ll.json");
        LogLikelihoodReportWriter.writeCsv(report, csv);
        LogLikelihoodReportWriter.writeJson(report, json);

        List<String> lines = Files.readAllLines(csv);
        assertEquals(6, lines.size());
        assertTrue(lines.get(0).startsWith("example,log_likelihood_nats,elbo_nats,effective_sample_size,"
                + "low_effective_sample_size,iwae_1_nats,iwae_5_nats,iwae_20_nats"), lines.get(0));
        String[] row = lines.get(3).split(",");
        assertEquals(report.perExample().logLikelihoodNats()[2], Double.parseDouble(row[1]), 0.0);
        assertEquals(report.perExample().elboNats()[2], Double.parseDouble(row[2]), 0.0);
        assertEquals(report.perExample().effectiveSampleSize()[2], Double.parseDouble(row[3]), 0.0);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(report.summary().negativeLogLikelihoodNats(),
                root.at("/summary/negativeLogLikelihoodNats").asDouble(), 0.0);
        assertEquals(20, root.at("/summary/importanceSamples").asInt());
        assertEquals(6, root.at("/provenance/modelConfig/inputSize").asInt());
        assertEquals("FIXED", root.at("/provenance/evaluationData/binarization").asText());
        assertEquals("test", root.at("/provenance/evaluationData/split").asText());
        assertEquals(2, root.at("/provenance/seed").asLong());
        assertEquals(5, root.at("/provenance/chunking/examplesPerBlock").asInt());
        assertFalse(root.at("/provenance/dl4jVersion").asText().isEmpty());
        assertEquals(3, root.at("/iwaeBounds/sampleCounts").size());
        assertTrue(root.at("/provenance/wallSeconds").asDouble() > 0);
        // Round trip of the model config through the report.
        assertEquals(config, VaeConfig.fromJson(root.at("/provenance/modelConfig").toString()));
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
        // The one entry importance-sampling files gained with AIS; nothing moved.
        assertEquals("importance-sampling", root.at("/estimator").asText());
        assertTrue(root.at("/annealing").isMissingNode());
    }

    @Test
    void aisAndBdmcReportsAddTheirFieldsToTheSameFormat() throws Exception {
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(6).encoderLayerSizes(5).latentSize(2)
                .dataType(DataType.DOUBLE).seed(3).build());
        Nd4j.getRandom().setSeed(1);
        AnnealedImportanceSampling ais = AnnealedImportanceSampling.builder(model).steps(4).chains(3).leapfrogSteps(2)
                .seed(2).build();
        LogLikelihoodReport report = ais.evaluate(Nd4j.rand(DataType.DOUBLE, 5, 6).gt(0.5).castTo(DataType.DOUBLE));
        LogLikelihoodReportWriter.writeCsv(report, dir.resolve("ais.csv"));
        LogLikelihoodReportWriter.writeJson(report, dir.resolve("ais.json"));
        List<String> lines = Files.readAllLines(dir.resolve("ais.csv"));
        assertEquals(6, lines.size());
        assertEquals("example,log_likelihood_nats,elbo_nats,effective_sample_size,low_effective_sample_size,"
                + "chain_standard_error_nats,acceptance_rate,final_step_size", lines.get(0));
        String[] row = lines.get(2).split(",");
        assertEquals(report.perExample().logLikelihoodNats()[1], Double.parseDouble(row[1]), 0.0);
        assertEquals(((AnnealingDetails) report.details()).acceptanceRate()[1], Double.parseDouble(row[6]), 0.0);
        JsonNode root = new ObjectMapper().readTree(dir.resolve("ais.json").toFile());
        assertEquals("ais", root.at("/estimator").asText());
        assertEquals(3, root.at("/summary/importanceSamples").asInt(), "k is the chains");
        assertEquals(4, root.at("/annealing/steps").asInt());
        assertEquals(3, root.at("/annealing/chains").asInt());
        assertEquals(2, root.at("/annealing/leapfrogSteps").asInt());
        assertEquals("q", root.at("/annealing/initialDistribution").asText());
        assertEquals("sigmoid(delta=4.0)", root.at("/annealing/schedule").asText());
        assertEquals(((AnnealingDetails) report.details()).meanAcceptanceRate(), root.at("/annealing/meanAcceptanceRate").asDouble(), 0.0);
        assertEquals(0, root.at("/iwaeBounds/sampleCounts").size());
        assertTrue(root.at("/annealing/meanGapNats").isMissingNode());

        LogLikelihoodReport bdmc = new BidirectionalMonteCarlo(ais).evaluate(SimulatedData.sample(model, 4, 7));
        LogLikelihoodReportWriter.writeCsv(bdmc, dir.resolve("bdmc.csv"));
        LogLikelihoodReportWriter.writeJson(bdmc, dir.resolve("bdmc.json"));
        lines = Files.readAllLines(dir.resolve("bdmc.csv"));
        assertTrue(lines.get(0).endsWith(",final_step_size,upper_bound_nats,gap_nats"), lines.get(0));
        row = lines.get(4).split(",");
        double lower = bdmc.perExample().logLikelihoodNats()[3];
        double upper = ((BidirectionalDetails) bdmc.details()).upperBoundNats()[3];
        assertEquals(upper, Double.parseDouble(row[8]), 0.0);
        assertEquals(upper - lower, Double.parseDouble(row[9]), 0.0);
        root = new ObjectMapper().readTree(dir.resolve("bdmc.json").toFile());
        assertEquals("bdmc", root.at("/estimator").asText());
        assertEquals("simulated from the model", root.at("/provenance/evaluationData/name").asText());
        assertEquals(((BidirectionalDetails) bdmc.details()).upperBound().mean(), root.at("/annealing/meanLogLikelihoodUpperBoundNats").asDouble(), 0.0);
        assertEquals(((BidirectionalDetails) bdmc.details()).upperBound().mean() + bdmc.summary().negativeLogLikelihoodNats(),
                root.at("/annealing/meanGapNats").asDouble(), 1e-12);
    }
}
