package org.vae4j.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.run.MetricsCsvListener;
import org.vae4j.examples.run.RunFolder;
import org.vae4j.spark.LocalSpark;
import org.vae4j.spark.SyntheticPrototypes;

import picocli.CommandLine;

class SparkTrainTest {

    @TempDir
    Path dir;

    @Test
    void writesTheSingleMachineRunFolderLayout() throws Exception {
        VaeConfig config = SyntheticPrototypes.config(7);
        Path configFile = Files.writeString(dir.resolve("vae.json"), config.toJson());
        Path train = writeCsv(dir.resolve("train"), SyntheticPrototypes.data(300, 7), 2);
        Path validation = writeCsv(dir.resolve("validation"), SyntheticPrototypes.data(100, 8), 1);

        SparkTrain command = parse("--config", configFile.toString(), "--train", train.toString(),
                "--validation", validation.toString(), "--workers", "2", "--averaging-frequency", "3",
                "--batch-size", "25", "--epochs", "2", "--runs-dir", dir.resolve("runs").toString());
        Path run = command.train(LocalSpark.get());

        assertEquals(config, VaeConfig.fromJson(Files.readString(run.resolve(RunFolder.CONFIG))));
        List<String> metrics = Files.readAllLines(run.resolve(RunFolder.METRICS));
        assertEquals(MetricsCsvListener.HEADER, metrics.get(0));
        assertEquals(3, metrics.size(), "header + one row per epoch");
        assertTrue(metrics.get(2).startsWith("1,12,600,"), metrics.get(2));   // 6 rounds x 2 steps per epoch
        VaeModel model = VaeModel.load(run.resolve(RunFolder.MODEL));
        assertEquals(config, model.config());
        assertEquals(600, model.training().examplesSeen());
        assertEquals(train.toString(), model.data().name());
    }

    @Test
    void rowsOfTheWrongWidthFailWithTheFileAndInputSize() throws Exception {
        Path configFile = Files.writeString(dir.resolve("vae.json"), SyntheticPrototypes.config(7).toJson());
        Path train = Files.writeString(dir.resolve("bad.csv"), "1,0,1\n0,1,1\n");
        SparkTrain command = parse("--config", configFile.toString(), "--train", train.toString(),
                "--epochs", "1", "--runs-dir", dir.resolve("runs").toString());
        Exception e = assertThrows(Exception.class, () -> command.train(LocalSpark.get()));
        assertTrue(e.getMessage().contains("a row has 3 values but the model reads 64 per row"), e.getMessage());
    }

    @Test
    void optionsOfOtherModesAreRefusedByName() throws Exception {
        Path configFile = Files.writeString(dir.resolve("vae.json"), SyntheticPrototypes.config(7).toJson());
        Path runs = dir.resolve("runs");
        assertTrainFails("give one of --recipe NAME, --config PATH (with --train) or --resume RUN_DIR",
                "--train", "x.csv", "--runs-dir", runs.toString());
        assertTrainFails("give one of --recipe NAME, --config PATH (with --train) or --resume RUN_DIR",
                "--recipe", "smoke", "--config", configFile.toString(), "--runs-dir", runs.toString());
        assertTrainFails("--train and --validation are for --config runs: a recipe brings its own data",
                "--recipe", "smoke", "--train", "x.csv", "--runs-dir", runs.toString());
        assertTrainFails("--variant and --set go with --recipe",
                "--config", configFile.toString(), "--train", "x.csv", "--set", "latentSize=3");
        assertTrainFails("--train is needed: the training data of a --config run", "--config", configFile.toString());
        assertEquals(false, Files.exists(runs), "no run folder for a refused command");
    }

    private void assertTrainFails(String message, String... args) {
        Exception e = assertThrows(IllegalArgumentException.class, () -> parse(args).train(LocalSpark.get()));
        assertEquals(message, e.getMessage());
    }

    private static SparkTrain parse(String... args) {
        SparkTrain command = new SparkTrain();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    /** Writes {@code data} as {@code files} CSV files in a directory, as a Hadoop job would. */
    private static Path writeCsv(Path directory, INDArray data, int files) throws Exception {
        Files.createDirectories(directory);
        float[][] rows = data.toFloatMatrix();
        for (int f = 0; f < files; f++) {
            StringBuilder text = new StringBuilder();
            for (int r = f; r < rows.length; r += files) {
                StringJoiner line = new StringJoiner(",");
                for (float v : rows[r]) {
                    line.add(String.format(Locale.ROOT, "%g", v));
                }
                text.append(line).append('\n');
            }
            Files.writeString(directory.resolve(String.format("part-%05d.csv", f)), text, StandardCharsets.UTF_8);
        }
        return directory;
    }
}
