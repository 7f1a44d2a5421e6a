package org.vae4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What the launcher runs once after a build, with {@code -XX:ArchiveClassesAtExit}, so that the
 * JVM's class-data-sharing archive holds the classes a real command loads: it trains and scores a
 * tiny VAE on a synthetic CSV through the CLI itself ({@code train --data}, {@code score}), in a
 * temporary folder that it deletes. Prints nothing; exits 0 even if a step fails (the archive
 * then simply holds fewer classes).
 */
public final class ClassDataWarmup {

    private ClassDataWarmup() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Files.createTempDirectory("vae4j-cds-");
        try {
            Path table = dir.resolve("warmup.csv");
            Random random = new Random(1);
            StringBuilder csv = new StringBuilder("a,b,c,d\n");
            for (int i = 0; i < 120; i++) {
                double z = random.nextGaussian();
                csv.append(z).append(',').append(2 * z + random.nextGaussian() * 0.1).append(',')
                        .append(random.nextGaussian()).append(',').append(-z).append('\n');
            }
            Files.writeString(table, csv);
            Path runs = dir.resolve("runs");
            var quiet = new java.io.PrintWriter(java.io.Writer.nullWriter());
            var cli = Main.commandLine();
            cli.setOut(quiet);
            cli.setErr(quiet);
            cli.execute("train", "--data", table.toString(), "--epochs", "2", "--set", "evalImportanceSamples=5",
                    "--runs-dir", runs.toString(), "--no-progress");
            try (Stream<Path> folders = Files.list(runs)) {
                Path run = folders.findFirst().orElse(null);
                if (run != null) {
                    Main.commandLine().execute("score", run.toString(), "--data", table.toString(), "-k", "5",
                            "--no-progress");
                }
            }
        } catch (IOException | RuntimeException e) {
            // A smaller archive, not a failure: the launcher goes on either way.
        } finally {
            deleteTree(dir);
        }
        System.exit(0);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is harmless
        }
    }
}
