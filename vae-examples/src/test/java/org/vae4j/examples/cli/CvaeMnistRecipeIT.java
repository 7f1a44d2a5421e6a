package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cvae-mnist on real MNIST, shortened: conditioning on the digit must lower the test negative
 * log-likelihood against the same model and budget without it, paired over the same test images;
 * eval prints -log p(x|c); sample draws a digit and the class grid.
 */
class CvaeMnistRecipeIT {

    @Test
    void theConditionalVariantBeatsTheUnconditionalOneOnTheSameImages(@TempDir Path runs) throws IOException {
        // Two epochs on all 55,000 training images (1,100 updates; at 100 the label was not used yet),
        // 300 test images, k = 50: about 30 s for both variants on 2 cores.
        CliRunner.Result r = CliRunner.run("train", "--recipe", "cvae-mnist", "--epochs", "2",
                "--set", "testLimit=300", "--set", "evalImportanceSamples=50",
                "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Test -log p(x|c) ") && r.out().contains("Test -log p(x) "), r.out());
        List<Path> folders = CliRunner.runFolders(runs);
        Path conditional = folders.stream().filter(p -> p.getFileName().toString().contains("-conditional-"))
                .findFirst().orElseThrow();
        Path unconditional = folders.stream().filter(p -> p.getFileName().toString().contains("-unconditional-"))
                .findFirst().orElseThrow();
        double[] given = logLikelihoods(conditional);
        double[] alone = logLikelihoods(unconditional);
        assertEquals(300, given.length);
        double mean = 0;
        for (int i = 0; i < given.length; i++) {
            mean += (given[i] - alone[i]) / given.length;
        }
        double variance = 0;
        for (int i = 0; i < given.length; i++) {
            double d = given[i] - alone[i] - mean;
            variance += d * d / (given.length - 1);
        }
        double standardError = Math.sqrt(variance / given.length);
        // The full recipe's paired gap is 3.82 +- 0.04 nats; a label the model ignored would give 0.
        assertTrue(mean > 1.0 && mean > 5 * standardError, "log p(x|c) - log p(x) = " + mean + " +- " + standardError);
        assertNotNull(ImageIO.read(conditional.resolve("samples.png").toFile()), "the class grid");

        r = CliRunner.run("eval", conditional.toString(), "-k", "10", "--limit", "50", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("-log p(x|c) = "), r.out());
        r = CliRunner.run("sample", conditional.toString(), "--condition", "7", "-n", "10");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(conditional.resolve("samples-seed1-condition-7.png")), r.out());
    }

    /** log p(x) (or log p(x|c)) per test image from the run's eval-per-example.csv, in file order. */
    private static double[] logLikelihoods(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("eval-per-example.csv"));
        assertTrue(lines.get(0).startsWith("example,log_likelihood_nats,"), lines.get(0));
        return lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }
}
