package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.recipes.DataRecipe;

/**
 * Contextual anomalies from the command line, as a tabular user meets them: sensor readings whose
 * normal level depends on the shift ("day" or "night"). The planted anomalies are readings normal
 * for one shift logged under the other. {@code train --data --condition shift} then {@code score}
 * ranks them first; the same model trained without the condition cannot, since each anomaly sits
 * in the middle of the other shift's readings. Also: the condition's one-line refusals, and
 * {@code sample --condition} on a conditional image model.
 */
class ConditionalCliTest {

    private static final String HEADER = "id,shift,temperature,pressure,flow,load";
    private static final int ANOMALIES = 5;

    @TempDir
    static Path shared;
    private static Path conditionalRun;
    private static Path plainRun;

    @TempDir
    Path dir;

    /**
     * Four readings driven by two latent factors around a level set by the shift: day and night
     * levels are 4 standard deviations apart in every reading. {@code swapped} logs a reading of
     * one shift under the other's name.
     */
    private static String row(String id, Random random, boolean swapped) {
        boolean day = random.nextBoolean();
        double level = day ? 2 : -2;
        double z1 = random.nextGaussian();
        double z2 = random.nextGaussian();
        double[] x = {level + 0.8 * z1, level + 0.6 * z1 - 0.5 * z2, -level + 0.7 * z2, level + 0.4 * (z1 + z2)};
        StringBuilder s = new StringBuilder(id).append(',').append(day != swapped ? "day" : "night");
        for (double v : x) {
            s.append(String.format(Locale.ROOT, ",%.4f", v + 0.1 * random.nextGaussian()));
        }
        return s.append('\n').toString();
    }

    private static Path csv(Path file, int rows, long seed, int anomalies) throws IOException {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(HEADER + "\n");
        for (int i = 0; i < rows; i++) {
            s.append(row("row-" + i, random, false));
            if (anomalies > 0 && i % (rows / anomalies) == rows / anomalies / 2) {
                s.append(row("anomaly-" + i / (rows / anomalies), random, true));
            }
        }
        Files.writeString(file, s.toString());
        return file;
    }

    @BeforeAll
    static void trainWithAndWithoutTheCondition() throws IOException {
        Path train = csv(shared.resolve("plant.csv"), 1200, 1, 0);
        CliRunner.Result r = CliRunner.run("train", "--data", train.toString(), "--id-column", "id",
                "--condition", "shift", "--categorical", "shift", "--epochs", "40", "--set", "evalImportanceSamples=20",
                "--runs-dir", shared.resolve("conditional").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Test -log p(x|c)"), r.out());
        conditionalRun = CliRunner.runFolders(shared.resolve("conditional")).get(0);
        r = CliRunner.run("train", "--data", train.toString(), "--id-column", "id", "--columns",
                "temperature,pressure,flow,load", "--epochs", "40", "--set", "evalImportanceSamples=20",
                "--runs-dir", shared.resolve("plain").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        plainRun = CliRunner.runFolders(shared.resolve("plain")).get(0);
    }

    /** The ids of the {@code n} rows ranked first by score, and score's output. */
    private static List<String> topIds(Path run, Path data, int n, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("score", run.toString(), "--data", data.toString(),
                "-k", "100", "--no-progress"));
        args.addAll(List.of(extra));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        Path out = run.resolve("score-" + data.getFileName().toString().replace(".csv", ""));
        List<String> lines = Files.readAllLines(out.resolve(ScoreCommand.CSV));
        return lines.subList(1, 1 + n).stream().map(l -> l.split(",")[2]).toList();
    }

    @Test
    void scoreWithTheConditionRanksContextualAnomaliesFirstAndTheUnconditionalModelDoesNot() throws IOException {
        Path fresh = csv(dir.resolve("new-shift.csv"), 300, 77, ANOMALIES);
        Set<String> planted = Set.of("anomaly-0", "anomaly-1", "anomaly-2", "anomaly-3", "anomaly-4");
        List<String> conditional = topIds(conditionalRun, fresh, ANOMALIES, "--condition", "shift");
        assertEquals(planted, Set.copyOf(conditional), "conditional top rows: " + conditional);
        // Without the condition every anomaly is a typical reading of the other shift: a handful of
        // the top 20 at most, where the conditional model has all of them in its top 5.
        List<String> plain = topIds(plainRun, fresh, 20);
        long found = plain.stream().filter(planted::contains).count();
        assertTrue(found <= 2, "the unconditional model ranks " + found + " planted rows in its top 20: " + plain);

        JsonNode source = new ObjectMapper().readTree(conditionalRun.resolve(DataRecipe.SOURCE).toFile());
        JsonNode shift = source.get("columns").get(4);
        assertEquals("shift", shift.get("name").asText());
        assertTrue(shift.get("condition").asBoolean(), source.toString());
        VaeConfig config = VaeModel.load(conditionalRun.resolve("model.zip")).config();
        assertEquals(4, config.inputSize());
        assertEquals(2, config.conditionSize(), "shift one-hot: day, night");
        JsonNode summary = new ObjectMapper().readTree(conditionalRun.resolve("score-new-shift")
                .resolve(ScoreCommand.JSON).toFile());
        assertEquals("shift", summary.get("conditionColumns").asText());
    }

    @Test
    void unknownCategoriesMissingConditionColumnsAndAConditionForAnUnconditionalRunAreOneLine() throws IOException {
        Path dusk = dir.resolve("dusk.csv");
        Files.writeString(dusk, HEADER + "\nr1,dusk,1,1,1,1\n");
        CliRunner.Result r = CliRunner.run("score", conditionalRun.toString(), "--data", dusk.toString(),
                "--no-progress");
        assertEquals(1, err(r).lines().count(), r.err());
        assertTrue(r.err().contains("dusk") && r.err().contains("shift"), r.err());

        Path noShift = dir.resolve("no-shift.csv");
        Files.writeString(noShift, "id,temperature,pressure,flow,load\nr1,1,1,1,1\n");
        r = CliRunner.run("score", conditionalRun.toString(), "--data", noShift.toString(), "--no-progress");
        assertEquals(1, err(r).lines().count(), r.err());
        assertTrue(r.err().contains("no column 'shift'"), r.err());

        Path fresh = csv(dir.resolve("plain.csv"), 20, 3, 0);
        r = CliRunner.run("score", plainRun.toString(), "--data", fresh.toString(), "--condition", "shift",
                "--no-progress");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Invalid value for option '--condition': shift (the run in ")
                && r.err().contains("was trained without a condition"), r.err());
        r = CliRunner.run("score", conditionalRun.toString(), "--data", fresh.toString(), "--condition", "site",
                "--no-progress");
        assertTrue(r.err().contains("is conditioned on shift"), r.err());

        Path runs = dir.resolve("runs");
        r = CliRunner.run("train", "--data", fresh.toString(), "--condition", "season", "--runs-dir",
                runs.toString(), "--no-progress");
        assertEquals(1, err(r).lines().count(), r.err());
        assertTrue(r.err().contains("no column 'season'"), r.err());
        r = CliRunner.run("train", "--data", fresh.toString(), "--condition", "flow", "--columns", "flow,load",
                "--runs-dir", runs.toString(), "--no-progress");
        assertTrue(r.err().contains("--condition flow is also a data column"), r.err());
        assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "refused runs leave nothing");
    }

    @Test
    void sampleDrawsOneClassOrTheClassGridAndRefusesAMissingOrMisplacedCondition() throws IOException {
        Path model = dir.resolve("cvae.zip");
        try (VaeModel cvae = VaeModel.create(VaeConfig.builder().inputSize(784).conditionSize(10)
                .encoderLayerSizes(16).latentSize(2).build())) {
            cvae.save(model);
        }
        Path grid = dir.resolve("grid.png");
        CliRunner.Result r = CliRunner.run("sample", model.toString(), "--condition", "all", "-n", "30", "--out",
                grid.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.size(grid) > 1000);
        Path three = dir.resolve("three.png");
        r = CliRunner.run("sample", model.toString(), "--condition", "3", "-n", "20", "--out", three.toString());
        assertEquals(0, r.exitCode(), r.err());
        r = CliRunner.run("sample", model.toString());
        assertTrue(r.err().contains("Invalid value for option '--condition': missing (the model is a conditional "
                + "VAE on 10 classes"), r.err());
        r = CliRunner.run("sample", model.toString(), "--condition", "10");
        assertTrue(r.err().contains("Invalid value for option '--condition': 10 (a class 0 to 9, or all)"), r.err());
        r = CliRunner.run("manifold", model.toString());
        assertTrue(r.err().contains("is a conditional VAE"), r.err());

        Path plain = dir.resolve("vae.zip");
        try (VaeModel vae = VaeModel.create(VaeConfig.builder().inputSize(784).encoderLayerSizes(16).latentSize(2)
                .build())) {
            vae.save(plain);
        }
        r = CliRunner.run("sample", plain.toString(), "--condition", "3");
        assertTrue(r.err().contains("Invalid value for option '--condition': 3 (the model is not a conditional VAE"),
                r.err());
    }

    private static String err(CliRunner.Result r) {
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("vae4j: "), r.err());
        return r.err().strip();
    }

}
