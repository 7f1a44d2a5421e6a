package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.examples.cli.CliRunner.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code eval --estimator ais|bdmc} on a real run folder (the smoke recipe, one epoch of 300
 * images), with tiny sampler settings: the reports, the gap decomposition, the BDMC plot, and every
 * AIS option refused out of range before anything is written.
 */
class AnnealedEvalCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path run;

    @BeforeAll
    static void trainOneEpoch() throws IOException {
        CliRunner.Result r = run("train", "--recipe", "smoke", "--epochs", "1", "--set", "trainLimit=300",
                "--set", "testLimit=20", "--set", "evalImportanceSamples=0", "--runs-dir",
                shared.resolve("runs").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        run = CliRunner.runFolders(shared.resolve("runs")).get(0);
    }

    @Test
    void badAisOptionsAreRefusedWithTheRangeAndWriteNothing() throws IOException {
        Map<Path, FileTime> before = snapshot(run);
        String dir = run.toString();
        // Each case: the arguments after "eval RUN_DIR", the option named in the error, the value it shows.
        String[][] cases = {
                {"--estimator annealed", "--estimator", "annealed"},
                {"--estimator ais --ais-steps 0", "--ais-steps", "0"},
                {"--estimator bdmc --ais-steps 10,-3", "--ais-steps", "-3"},
                {"--estimator ais --ais-steps 10,100", "--ais-steps", "[10, 100]"},
                {"--estimator ais --ais-chains 0", "--ais-chains", "0"},
                {"--estimator ais --ais-leapfrog 0", "--ais-leapfrog", "0"},
                {"--estimator ais --ais-init posterior", "--ais-init", "posterior"},
                {"--estimator bdmc --bdmc-examples 0", "--bdmc-examples", "0"},
                {"--estimator ais --limit 0", "--limit", "0"},
                {"--estimator bdmc --export-data scored.npy", "--export-data", "scored.npy"}};
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("eval", dir));
            args.addAll(List.of(c[0].split(" ")));
            CliRunner.Result r = run(args.toArray(new String[0]));
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains("'" + c[1] + "': " + c[2] + " (must "), r.err());
        }
        assertEquals(before, snapshot(run), "no file written, changed or created");
    }

    @Test
    void aisWritesItsReportTheImportanceSamplingOneAndTheGapDecomposition() throws IOException {
        CliRunner.Result r = run("eval", run.toString(), "--estimator", "ais", "--ais-steps", "6", "--ais-chains", "3",
                "--ais-leapfrog", "2", "-k", "20", "--limit", "8", "--export-data", shared.resolve("scored.csv").toString(),
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("(AIS, 6 steps x 3 chains x 2 leapfrog, from q; 8 examples"), r.out());
        assertTrue(r.out().contains("AIS - IS(k)") && r.out().contains("IS(k) - ELBO"), r.out());
        Path out = run.resolve("eval-ais-s6-c3");
        JsonNode ais = JSON.readTree(out.resolve("eval.json").toFile());
        assertEquals("ais", ais.at("/estimator").asText());
        assertEquals(6, ais.at("/annealing/steps").asInt());
        assertEquals(8, ais.at("/summary/examples").asInt());
        assertEquals("importance-sampling", JSON.readTree(out.resolve("is-k20.json").toFile()).at("/estimator").asText());
        assertEquals(9, Files.readAllLines(out.resolve("eval-per-example.csv")).size());
        assertEquals(8, Files.readAllLines(shared.resolve("scored.csv")).size(), "the 8 examples scored, exported");
        JsonNode gap = JSON.readTree(out.resolve("gap.json").toFile());
        assertEquals(gap.at("/aisLogLikelihoodNats/mean").asDouble() - gap.at("/elboNats/mean").asDouble(),
                gap.at("/aisMinusElboNats/mean").asDouble(), 1e-9);
        assertEquals(-ais.at("/summary/negativeLogLikelihoodNats").asDouble(), gap.at("/aisLogLikelihoodNats/mean")
                .asDouble(), 1e-9);
    }

    @Test
    void bdmcOnSimulatedDataWritesBoundsPerStepCountAndTheGapPlot() throws IOException {
        CliRunner.Result r = run("eval", run.toString(), "--estimator", "bdmc", "--ais-steps", "2,8", "--ais-chains", "2",
                "--ais-leapfrog", "1", "--bdmc-examples", "5", "--ais-init", "prior", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("BDMC, ")).toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(1).contains("8 steps x 2 chains x 1 leapfrog, from prior, 5 simulated examples"), r.out());
        Path out = run.resolve("eval-bdmc-n5-c2");
        for (int steps : new int[] {2, 8}) {
            JsonNode report = JSON.readTree(out.resolve("bdmc-s" + steps + ".json").toFile());
            assertEquals("bdmc", report.at("/estimator").asText());
            assertTrue(report.at("/annealing/meanGapNats").isNumber());
        }
        assertEquals(3, Files.readAllLines(out.resolve("bdmc-gap.csv")).size());
        assertNotNull(ImageIO.read(out.resolve("bdmc-gap.png").toFile()), "the plot decodes");
    }

    /** Every file and folder under {@code root} with its modification time. */
    private static Map<Path, FileTime> snapshot(Path root) throws IOException {
        Map<Path, FileTime> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                files.put(p, Files.getLastModifiedTime(p));
            }
        }
        return files;
    }
}
