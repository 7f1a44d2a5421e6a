package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.bench.speed.EvalExport;
import org.vae4j.datasets.npy.Npy;

/**
 * {@code vae4j benchmark train|export|eval --model tabular} end to end on a small CSV (the tabular rows of
 * bench/compare.sh): one RESULT line with the keys of the MNIST models and bench/pytorch_*.py, the files
 * bench/pytorch_eval.py reads, and the checks that keep both sides on the same model and rows.
 */
class BenchmarkTabularTest {

    private static final int ROWS = 300;
    private static final int COLUMNS = 8;

    /** Rows with 2-D latent structure plus noise, columns of different scales, as bench/make_tabular.py makes. */
    static Path csv(Path dir, String name, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < COLUMNS; j++) {
            text.append(j == 0 ? "" : ",").append("f").append(j + 1);
        }
        text.append('\n');
        for (int i = 0; i < ROWS; i++) {
            double z0 = random.nextGaussian();
            double z1 = random.nextGaussian();
            for (int j = 0; j < COLUMNS; j++) {
                double v = (j + 1) * (z0 * Math.cos(j) + z1 * Math.sin(j) + 0.2 * random.nextGaussian()) + j;
                text.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", v));
            }
            text.append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void trainsTheDefaultModelOfTrainDataAndPrintsTheMnistModelsKeys(@TempDir Path dir) throws IOException {
        Path data = csv(dir, "table.csv", 1);
        CliRunner.Result r = CliRunner.run("benchmark", "train", "--model", "tabular", "--data", data.toString(),
                "--seed", "3", "--epochs", "2");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> result = resultLine(r.out());
        assertEquals(BenchmarkRealDataIT.TRAIN_KEYS, List.copyOf(result.keySet()), r.out());
        assertEquals("tabular", result.get("model"));
        assertEquals("240", result.get("examples"), "300 rows less 30 test and 30 validation rows");
        assertEquals("64", result.get("batch"));
        assertEquals("3", result.get("seed"));
        assertTrue(Double.parseDouble(result.get("ex_per_s")) > 0, r.out());
        assertTrue(Double.isFinite(Double.parseDouble(result.get("test_neg_elbo"))), r.out());

        CliRunner.Result limited = CliRunner.run("benchmark", "train", "--model", "tabular", "--data", data.toString(),
                "--limit", "100");
        assertEquals(0, limited.exitCode(), limited.err());
        assertEquals("100", resultLine(limited.out()).get("examples"));
    }

    @Test
    void aRunWithoutASecondIterationIsRefusedOnceTheFileIsRead(@TempDir Path dir) throws IOException {
        Path data = csv(dir, "table.csv", 1);
        CliRunner.Result r = CliRunner.run("benchmark", "train", "--model", "tabular", "--data", data.toString(),
                "--limit", "64");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("1 epoch(s) of 64 examples in minibatches of 64 is 1 iteration(s): at least 2 "
                + "are needed"), r.err());
    }

    @Test
    void exportsTheModelAndTestRowsThatEvalScores(@TempDir Path dir) throws IOException {
        Path data = csv(dir, "table.csv", 1);
        Path work = dir.resolve("work");
        CliRunner.Result export = CliRunner.run("benchmark", "export", "--model", "tabular", "--data",
                data.toString(), "--work", work.toString(), "--seed", "5");
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains("trained tabular (8-16-2 tanh)"), export.out());
        String json = Files.readString(work.resolve(EvalExport.MODEL_JSON));
        assertTrue(json.contains("\"arch\": \"tabular\"") && json.contains("\"minScale\": 0.001")
                && json.contains("\"reconstructionDistribution\": \"LearnedScaleGaussianReconstructionDistribution\"")
                && json.contains("\"seed\": 5") && json.contains("\"testRows\": 30"), json);
        Npy.Array pxz = Npy.read(work.resolve("params").resolve("pXZW.npy"));
        assertEquals("[16, 16]", Arrays.toString(pxz.shape()), "decoder output: 8 means, then 8 scales");
        Npy.Array rows = Npy.read(work.resolve(EvalExport.TEST_ROWS_FILE));
        assertEquals("[30, 8]", Arrays.toString(rows.shape()));

        CliRunner.Result eval = CliRunner.run("benchmark", "eval", "--model", "tabular", "--data", data.toString(),
                "--work", work.toString(), "--examples", "20", "-k", "10");
        assertEquals(0, eval.exitCode(), eval.err());
        Map<String, String> result = resultLine(eval.out());
        assertEquals(BenchmarkRealDataIT.EVAL_KEYS, List.copyOf(result.keySet()), eval.out());
        assertEquals("tabular", result.get("model"));
        assertEquals("20", result.get("examples"));
        // The rows eval scored are the exported rows PyTorch scores: the same count of values > 0.
        long positive = Arrays.stream(Arrays.copyOf(rows.values(), 20 * COLUMNS)).filter(v -> v > 0).count();
        assertEquals(String.valueOf(positive), result.get("data_ones"), eval.out());
        assertEquals(20, Files.readAllLines(work.resolve("loglik-vae4j.txt")).size());

        CliRunner.Result tooMany = CliRunner.run("benchmark", "eval", "--model", "tabular", "--data",
                data.toString(), "--work", work.toString(), "--examples", "31", "-k", "2");
        assertEquals(1, tooMany.exitCode(), tooMany.err());
        assertTrue(tooMany.err().contains("--examples 31: the test split of " + data + " has 30 rows"), tooMany.err());

        // A second export keeps the model; one for another file with the same columns is refused.
        CliRunner.Result again = CliRunner.run("benchmark", "export", "--model", "tabular", "--data",
                data.toString(), "--work", work.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("loaded " + work.resolve("model.zip")), again.out());
        Path other = csv(dir, "other.csv", 2);
        CliRunner.Result stale = CliRunner.run("benchmark", "eval", "--model", "tabular", "--data", other.toString(),
                "--work", work.toString(), "--examples", "5", "-k", "2");
        assertEquals(1, stale.exitCode(), stale.err());
        assertTrue(stale.err().contains("was trained on {table.csv=") && stale.err().contains("not on {other.csv="),
                stale.err());
    }

    private static Map<String, String> resultLine(String out) {
        List<String> lines = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
        assertEquals(1, lines.size(), out);
        Map<String, String> values = new LinkedHashMap<>();
        for (String kv : lines.get(0).substring("RESULT ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            assertTrue(eq > 0, "not key=value: " + kv);
            values.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return values;
    }
}
