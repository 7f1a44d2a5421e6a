package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.model.VaeModel;

/**
 * {@code vae4j benchmark} end to end on the real MNIST files (scripts/fetch-data.sh), with tiny settings: one
 * RESULT line with the keys bench/pytorch_train.py and bench/pytorch_eval.py print too (bench/test_bench.py
 * checks the same lists on the PyTorch side), and figures that make sense.
 */
class BenchmarkRealDataIT {

    /** Keys of the training RESULT line, in order; bench/test_bench.py holds the same list. */
    static final List<String> TRAIN_KEYS = List.of("impl", "model", "epochs", "seed", "examples", "batch", "ex_per_s",
            "startup_first_iter_s", "startup_init_first_iter_s", "train_s", "peak_rss_mb", "peak_rss_after_test_mb",
            "test_neg_elbo", "threads", "omp_wait_policy", "openblas_thread_timeout", "omp_num_threads");
    /** Keys of the evaluation RESULT line, in order; bench/test_bench.py holds the same list. */
    static final List<String> EVAL_KEYS = List.of("impl", "model", "examples", "k", "samples_per_s", "wall_s", "cpu_s",
            "startup_first_pass_s", "process_s", "peak_rss_mb", "nll", "nll_se", "neg_elbo", "mean_ess", "data_ones",
            "rows_per_pass", "threads", "omp_wait_policy", "openblas_thread_timeout", "omp_num_threads");

    @Test
    void trainsEachModelOnATinySubsetAndPrintsOneResultLine() {
        for (String[] run : new String[][] {{"bench", "256"}, {"kingma-welling", "200"}, {"iwae", "40"}}) {
            CliRunner.Result r = CliRunner.run("benchmark", "train", "--model", run[0], "--limit", run[1],
                    "--seed", "3");
            assertEquals(0, r.exitCode(), r.err());
            Map<String, String> result = resultLine(r.out());
            assertEquals(TRAIN_KEYS, List.copyOf(result.keySet()), r.out());
            assertEquals("vae4j", result.get("impl"));
            assertEquals(run[0], result.get("model"));
            assertEquals(run[1], result.get("examples"));
            assertEquals("3", result.get("seed"));
            assertEquals(String.valueOf(BenchmarkModels.named(run[0]).batchSize()), result.get("batch"));
            assertTrue(Double.parseDouble(result.get("ex_per_s")) > 0, r.out());
            double startup = Double.parseDouble(result.get("startup_first_iter_s"));
            assertTrue(startup >= Double.parseDouble(result.get("startup_init_first_iter_s")), r.out());
            double rss = Double.parseDouble(result.get("peak_rss_mb"));
            assertTrue(rss > 0 && rss <= Double.parseDouble(result.get("peak_rss_after_test_mb")), r.out());
            // Barely trained: above a trained model's ~100 nats (kingma-welling's AdaGrad, whose first steps move
            // every weight by the full learning rate, is at ~10^4 after two steps), and finite.
            double negElbo = Double.parseDouble(result.get("test_neg_elbo"));
            assertTrue(negElbo > 100 && Double.isFinite(negElbo), r.out());
        }
    }

    @Test
    void evaluatesAModelAndWritesThePerExampleEstimates(@TempDir Path work) throws IOException {
        VaeModel.create(BenchmarkModels.named("bench").config(5)).save(work.resolve("model.zip"));
        CliRunner.Result r = CliRunner.run("benchmark", "eval", "--model", "bench", "--examples", "7", "-k", "20",
                "--work", work.toString());
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> result = resultLine(r.out());
        assertEquals(EVAL_KEYS, List.copyOf(result.keySet()), r.out());
        assertEquals("7", result.get("examples"));
        assertEquals("20", result.get("k"));
        assertTrue(Double.parseDouble(result.get("samples_per_s")) > 0, r.out());
        // The first 7 test images thresholded at pixel / 255 > 0.5 hold this many 1s (PyTorch prints the same count).
        assertTrue(Long.parseLong(result.get("data_ones")) > 7 * 50, r.out());
        List<String> perExample = Files.readAllLines(work.resolve("loglik-vae4j.txt"));
        assertEquals(7, perExample.size());
        double meanLogLikelihood = perExample.stream().mapToDouble(Double::parseDouble).average().orElseThrow();
        assertEquals(-meanLogLikelihood, Double.parseDouble(result.get("nll")), 1e-3);
    }

    private static Map<String, String> resultLine(String out) {
        List<String> lines = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
        assertEquals(1, lines.size(), out);
        Map<String, String> values = new LinkedHashMap<>();
        Arrays.stream(lines.get(0).substring("RESULT ".length()).split(" ")).forEach(kv -> {
            int eq = kv.indexOf('=');
            assertTrue(eq > 0, "not key=value: " + kv + " in " + lines.get(0));
            values.put(kv.substring(0, eq), kv.substring(eq + 1));
        });
        return values;
    }
}
