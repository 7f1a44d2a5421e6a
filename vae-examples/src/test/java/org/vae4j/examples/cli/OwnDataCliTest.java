package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.datasets.tabular.FeatureScaler;
import org.vae4j.examples.recipes.CsvDataRecipe;
import org.vae4j.examples.recipes.DataRecipe;

/**
 * Own data from the command line: train --data on a CSV (numeric, one-hot and id columns) and on
 * a directory of IDX images of an unusual size; score ranks planted anomalies first; bad files,
 * columns, rows and options are one-line errors that leave nothing behind.
 */
class OwnDataCliTest {

    private static final String HEADER = "id,temperature,pressure,flow,vibration,current,voltage,site";
    private static final int ANOMALIES = 5;

    @TempDir
    static Path shared;
    private static Path run;
    private static Path train;

    @TempDir
    Path dir;

    /** Six sensors driven by two latent factors, plus a site that depends on the first. */
    private static String row(String id, Random random, double shiftInStd, int shiftedColumn) {
        double z1 = random.nextGaussian();
        double z2 = random.nextGaussian();
        double[] x = {20 + 5 * z1, 1000 + 30 * z2, 3 * (z1 + z2), 0.5 * z1 - 0.8 * z2, 10 + 2 * z1 * 0.7 + 2 * z2 * 0.3,
                230 + 4 * (z2 - z1)};
        double[] std = {5, 30, 4.24, 0.94, 1.52, 5.66};
        for (int j = 0; j < x.length; j++) {
            x[j] += 0.05 * std[j] * random.nextGaussian();
        }
        if (shiftedColumn >= 0) {
            x[shiftedColumn] += shiftInStd * std[shiftedColumn];
        }
        String site = z1 > 0.5 ? "north" : z1 < -0.5 ? "south" : "east";
        StringBuilder s = new StringBuilder(id);
        for (double v : x) {
            s.append(String.format(Locale.ROOT, ",%.4f", v));
        }
        return s.append(',').append(site).append('\n').toString();
    }

    private static Path csv(Path file, int rows, long seed, int anomalies) throws IOException {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(HEADER + "\n");
        for (int i = 0; i < rows; i++) {
            s.append(row("row-" + i, random, 0, -1));
            if (anomalies > 0 && i % (rows / anomalies) == rows / anomalies / 2) {
                int k = i / (rows / anomalies);
                s.append(row("anomaly-" + k, random, k % 2 == 0 ? 6 : -6, k % 6));
            }
        }
        Files.writeString(file, s.toString());
        return file;
    }

    @BeforeAll
    static void trainOnACsv() throws IOException {
        train = csv(shared.resolve("sensors.csv"), 1000, 1, 0);
        CliRunner.Result r = CliRunner.run("train", "--data", train.toString(), "--id-column", "id", "--categorical",
                "site", "--epochs", "40", "--set", "learningRate=0.005", "--set", "evalImportanceSamples=20",
                "--runs-dir", shared.resolve("runs").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Test -log p(x)"), r.out());
        run = CliRunner.runFolders(shared.resolve("runs")).get(0);
    }

    @Test
    void aCsvRunHasItsSchemaScalerEvaluationAndCurves() throws IOException {
        assertTrue(run.getFileName().toString().startsWith("sensors-"), run.toString());
        for (String file : List.of("config.json", "data.json", "metrics.csv", "model.zip", "eval.json",
                DataRecipe.SOURCE, CsvDataRecipe.SCALER, "learning-curve.png")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        JsonNode source = new ObjectMapper().readTree(run.resolve(DataRecipe.SOURCE).toFile());
        assertEquals("id", source.get("idColumn").asText());
        assertEquals("STANDARDIZE", source.get("scaling").asText(), "gaussian likelihood: standardized");
        assertEquals("site", source.get("columns").get(6).get("name").asText());
        assertEquals(List.of("east", "north", "south"), sorted(source.get("columns").get(6).get("categories")));
        FeatureScaler scaler = FeatureScaler.fromJson(Files.readString(run.resolve(CsvDataRecipe.SCALER)));
        assertEquals(9, scaler.features().size(), "6 numeric + 3 one-hot features: " + scaler.features());
        // Fitted on the 800 training rows only: close to, but not exactly, the whole file's mean.
        assertEquals(20, scaler.offset()[0], 1.0);
        assertTrue(scaler.scale()[0] > 4 && scaler.scale()[0] < 6, "temperature std " + scaler.scale()[0]);
        JsonNode data = new ObjectMapper().readTree(run.resolve("data.json").toFile());
        assertEquals(800, data.get("train").get("examples").asInt());
        assertEquals(100, data.get("validation").get("examples").asInt());
        assertEquals(100, data.get("test").get("examples").asInt());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("CompositeReconstructionDistribution") && config.contains("Categorical"), config);
    }

    @Test
    void scoreRanksPlantedAnomaliesFirstAndFlagsThem() throws IOException {
        Path fresh = csv(dir.resolve("new-readings.csv"), 200, 99, ANOMALIES);
        CliRunner.Result r = CliRunner.run("score", run.toString(), "--data", fresh.toString(), "-k", "100",
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Scored 205 rows of "), r.out());
        Path out = run.resolve("score-new-readings");
        List<String> lines = Files.readAllLines(out.resolve(ScoreCommand.CSV));
        assertEquals("rank,row,id,neg_log_px_nats,neg_elbo_nats,dl4j_reconstruction_log_probability_nats,"
                + "above_threshold", lines.get(0));
        assertEquals(206, lines.size());
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        Set<String> top = rows.subList(0, ANOMALIES).stream().map(c -> c[2]).collect(Collectors.toSet());
        assertEquals(Set.of("anomaly-0", "anomaly-1", "anomaly-2", "anomaly-3", "anomaly-4"), top,
                "the planted anomalies rank first: " + lines.subList(1, 10));
        for (int i = 0; i < rows.size(); i++) {
            String[] c = rows.get(i);
            assertEquals(i + 1, Integer.parseInt(c[0]));
            if (i > 0) {
                assertTrue(Double.parseDouble(c[3]) <= Double.parseDouble(rows.get(i - 1)[3]), "ranked by -log p(x)");
            }
            // -log p(x) <= -ELBO up to the estimators' noise: the ELBO is a lower bound.
            assertTrue(Double.parseDouble(c[3]) <= Double.parseDouble(c[4]) + 0.5, lines.get(i + 1));
        }
        assertTrue(rows.subList(0, ANOMALIES).stream().allMatch(c -> c[6].equals("true")), "anomalies flagged");
        long flagged = rows.stream().filter(c -> c[6].equals("true")).count();
        assertTrue(flagged <= ANOMALIES + 10, flagged + " rows above the 0.99 validation quantile");
        // The id column names rows; row numbers are the file's data rows (1-based, after the header).
        String[] anomaly = rows.get(0);
        String fileLine = Files.readAllLines(fresh).get(Integer.parseInt(anomaly[1]));
        assertTrue(fileLine.startsWith(anomaly[2] + ","), fileLine);
        JsonNode summary = new ObjectMapper().readTree(out.resolve(ScoreCommand.JSON).toFile());
        assertEquals(100, summary.get("validationRows").asInt());
        assertEquals(0.99, summary.get("quantile").asDouble());
        assertEquals(flagged, summary.get("rowsAboveThreshold").asLong());
        assertTrue(Files.size(out.resolve(ScoreCommand.PNG)) > 1000);
    }

    @Test
    void badFilesColumnsRowsAndOptionsAreOneLineErrorsThatLeaveNothing() throws IOException {
        Path runs = dir.resolve("runs");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, HEADER + "\nr1,1,2,3,4,5,6,east\nr2,1,2,oops,4,5,6,east\n");
        CliRunner.Result r = CliRunner.run("train", "--data", bad.toString(), "--id-column", "id", "--categorical",
                "site", "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(1, r.exitCode());
        assertOneLine(r.err());
        assertTrue(r.err().contains(bad.toString()) && r.err().contains("row 2") && r.err().contains("column 'flow'")
                && r.err().contains("oops"), r.err());
        assertFalse(Files.exists(runs), "no run folder for bad data");

        r = CliRunner.run("train", "--data", train.toString(), "--categorical", "colour", "--runs-dir",
                runs.toString(), "--no-progress");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("no column 'colour' in header"), r.err());
        r = CliRunner.run("train", "--data", dir.resolve("missing.csv").toString(), "--runs-dir", runs.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("missing.csv: no such file"), r.err());
        r = CliRunner.run("train", "--data", train.toString(), "--likelihood", "cauchy", "--runs-dir", runs.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("likelihood") && r.err().contains("cauchy"), r.err());
        r = CliRunner.run("train", "--recipe", "smoke", "--columns", "a,b");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--columns'") && r.err().contains("only with --data"), r.err());
        r = CliRunner.run("train", "--data", train.toString(), "--validation-fraction", "0.95");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--validation-fraction"), r.err());
        assertFalse(Files.exists(runs), "no run folder for refused options");

        Path missingColumn = dir.resolve("no-flow.csv");
        Files.writeString(missingColumn, "id,temperature,pressure,vibration,current,voltage,site\nr,1,2,4,5,6,east\n");
        Path unknownSite = dir.resolve("unknown-site.csv");
        Files.writeString(unknownSite, HEADER + "\nr1,1,2,3,4,5,6,east\nr2,1,2,3,4,5,6,west\n");
        for (Path file : List.of(missingColumn, unknownSite)) {
            r = CliRunner.run("score", run.toString(), "--data", file.toString(), "--no-progress");
            assertEquals(1, r.exitCode(), r.err());
            assertOneLine(r.err());
            assertTrue(r.err().contains(file.toString()), r.err());
        }
        assertTrue(r.err().contains("row 2") && r.err().contains("column 'site'") && r.err().contains("'west'"), r.err());
        r = CliRunner.run("score", run.toString(), "--data", unknownSite.toString(), "--quantile", "1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--quantile'") && r.err().contains("must be > 0 and < 1"), r.err());
        assertFalse(Files.exists(run.resolve("score-no-flow")) || Files.exists(run.resolve("score-unknown-site")),
                "a failed score writes nothing");
    }

    @Test
    void aCsvRunResumesFromACopyOfTheProjectAndAMovedRunFolderSaysWhereItsDataWas() throws IOException {
        // data-source.json names the data relative to the run folder: a copy of data and runs
        // together (a project moved to another machine) resumes.
        Path copy = OptionsMeanWhatTheySayCliTest.copyOf(run, dir.resolve("project"));
        assertEquals("../../sensors.csv", new ObjectMapper().readTree(copy.resolve(DataRecipe.SOURCE).toFile())
                .get("path").asText());
        CliRunner.Result r = CliRunner.run("train", "--resume", copy.toString(), "--epochs", "41", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("after 41 epochs"), r.out());

        // The run folder alone, moved away from its data: one line naming the file, the path and the remedy.
        Path alone = dir.resolve("elsewhere").resolve(run.getFileName());
        Files.createDirectories(alone.getParent());
        Files.move(copy, alone);
        r = CliRunner.run("train", "--resume", alone.toString(), "--epochs", "42", "--no-progress");
        assertEquals(1, r.exitCode(), r.err());
        JvmErrorsCliTest.assertOneLine(r.err());
        assertTrue(r.err().contains(alone.resolve(DataRecipe.SOURCE) + ": the run's data, ../../sensors.csv from the "
                + "run folder (" + dir.resolve("sensors.csv") + "), is not there"), r.err());
    }

    @Test
    void aDirectoryOfIdxImagesOfAnySizeTrainsWithImagePlots() throws IOException {
        Path images = dir.resolve("bars");
        Files.createDirectories(images);
        writeIdx(images.resolve("bars-train-images-idx3-ubyte.gz"), images.resolve("bars-train-labels-idx1-ubyte.gz"),
                150, 1);
        writeIdx(images.resolve("bars-t10k-images-idx3-ubyte"), images.resolve("bars-t10k-labels-idx1-ubyte"), 40, 2);
        Path runs = dir.resolve("image-runs");
        CliRunner.Result r = CliRunner.run("train", "--data", images.toString(), "--epochs", "2", "--set",
                "evalImportanceSamples=5", "--set", "latentSize=2", "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Path imageRun = CliRunner.runFolders(runs).get(0);
        JsonNode data = new ObjectMapper().readTree(imageRun.resolve("data.json").toFile());
        assertEquals(7, data.get("imageShape").get("rows").asInt());
        assertEquals(5, data.get("imageShape").get("columns").asInt());
        assertEquals(List.of("0", "1"), sorted(data.get("classNames")));
        assertEquals(135, data.get("train").get("examples").asInt(), "10% of 150 held out for validation");
        for (String plot : List.of("reconstructions.png", "samples.png", "manifold.png", "latent-scatter.png")) {
            assertTrue(Files.size(imageRun.resolve(plot)) > 500, plot);
        }
        assertTrue(Files.readString(imageRun.resolve("config.json")).contains("\"inputSize\" : 35"));

        r = CliRunner.run("train", "--data", images.toString(), "--id-column", "id", "--runs-dir", runs.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("only for CSV data"), r.err());
        r = CliRunner.run("score", imageRun.toString(), "--data", train.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("trained on IDX images"), r.err());
    }

    /** Images of 7x5 pixels: a horizontal (label 0) or vertical (label 1) bar, with noise. */
    private static void writeIdx(Path imagesFile, Path labelsFile, int count, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 35];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(2);
            int at = random.nextInt(5);
            for (int r = 0; r < 7; r++) {
                for (int c = 0; c < 5; c++) {
                    boolean on = labels[i] == 0 ? r == at : c == at;
                    pixels[i * 35 + r * 5 + c] = (byte) (on ? 200 + random.nextInt(55) : random.nextInt(30));
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(open(imagesFile))) {
            out.writeInt(0x803);
            out.writeInt(count);
            out.writeInt(7);
            out.writeInt(5);
            out.write(pixels);
        }
        try (DataOutputStream out = new DataOutputStream(open(labelsFile))) {
            out.writeInt(0x801);
            out.writeInt(count);
            out.write(labels);
        }
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out;
    }

    private static List<String> sorted(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        values.sort(null);
        return values;
    }

    private static void assertOneLine(String err) {
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("vae4j: "), err);
    }
}
