package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** A run folder trained in seconds on a small CSV (an id and four sensors), for tests of commands on runs. */
final class SmallRun {

    static final String HEADER = "id,a,b,c,d";

    private SmallRun() {
    }

    /** {@code rows} rows of positive readings driven by one factor, seeded. */
    static String csv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(HEADER + "\n");
        for (int i = 0; i < rows; i++) {
            double z = random.nextGaussian();
            s.append("r").append(i);
            for (int j = 0; j < 4; j++) {
                s.append(String.format(Locale.ROOT, ",%.3f", 5 + (j + 1) * z * 0.5 + 0.1 * random.nextGaussian()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    static Path train(Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("readings.csv"), csv(200, 1));
        Path runs = dir.resolve("runs");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--id-column", "id", "--likelihood",
                "gaussian", "--epochs", "2", "--set", "evalImportanceSamples=5", "--runs-dir", runs.toString(),
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        return CliRunner.runFolders(runs).get(0);
    }
}
