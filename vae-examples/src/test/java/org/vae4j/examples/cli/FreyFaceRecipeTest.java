package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.fetch.DataDirectory;

import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.MatlabType;

/**
 * The frey-face recipe on a small synthetic frey_rawface.mat (the real file is not available
 * here), and its error when the file is missing.
 */
class FreyFaceRecipeTest {

    private static final int IMAGES = 260;

    @Test
    void trainsTheLatent2VariantOnAFreyFaceMatFile(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        writeFreyFace(data.resolve("frey-face").resolve("frey_rawface.mat"));
        String old = System.setProperty(DataDirectory.PROPERTY, data.toString());
        try {
            CliRunner.Result r = CliRunner.run("train", "--recipe", "frey-face", "--variant", "latent2",
                    "--epochs", "1", "--set", "validationSize=20", "--set", "evalImportanceSamples=5",
                    "--runs-dir", dir.resolve("runs").toString(), "--no-progress");
            assertEquals(0, r.exitCode(), r.err());
            List<Path> folders = CliRunner.runFolders(dir.resolve("runs"));
            assertEquals(1, folders.size());
            Path run = folders.get(0);
            assertTrue(run.getFileName().toString().startsWith("frey-face-latent2-"), run.toString());
            VaeModel model = VaeModel.load(run.resolve("model.zip"));
            assertEquals(2, model.config().latentSize());
            assertEquals(560, model.config().inputSize());
            assertTrue(model.config().reconstructionDistribution()
                    instanceof LearnedScaleGaussianReconstructionDistribution);
            assertEquals("frey-face", model.data().name());
            assertEquals(IMAGES - 200 - 20, model.data().examples(), "200 test + 20 validation held out");
            for (String png : List.of("manifold.png", "latent-scatter.png", "samples.png", "reconstructions.png")) {
                assertNotNull(ImageIO.read(run.resolve(png).toFile()), png);
            }
        } finally {
            restore(old);
        }
    }

    @Test
    void missingMatFileGivesAClearError(@TempDir Path dir) throws IOException {
        String old = System.setProperty(DataDirectory.PROPERTY, dir.resolve("empty").toString());
        try {
            CliRunner.Result r = CliRunner.run("train", "--recipe", "frey-face", "--runs-dir",
                    dir.resolve("runs").toString(), "--no-progress");
            assertEquals(1, r.exitCode());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains("needs Sam Roweis' frey_rawface.mat"), r.err());
            assertTrue(r.err().contains("frey-face/frey_rawface.mat"), r.err());
            assertTrue(r.err().contains("looked at: " + dir.resolve("empty").resolve("frey-face")), r.err());
            // Nothing to resume: the run folder that was started is gone (issue 24, rule 2).
            assertEquals(java.util.List.of(), CliRunner.runFolders(dir.resolve("runs")));
        } finally {
            restore(old);
        }
    }

    private static void restore(String old) {
        if (old == null) {
            System.clearProperty(DataDirectory.PROPERTY);
        } else {
            System.setProperty(DataDirectory.PROPERTY, old);
        }
    }

    /** uint8 560 x IMAGES, variable ff, as the real file: smooth random blobs so there is something to learn. */
    private static void writeFreyFace(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(3);
        Matrix ff = Mat5.newMatrix(560, IMAGES, MatlabType.UInt8);
        for (int j = 0; j < IMAGES; j++) {
            double brightness = random.nextDouble();
            for (int i = 0; i < 560; i++) {
                double v = 255 * (0.5 * brightness + 0.5 * (i % 20) / 20.0) + random.nextInt(10);
                ff.setByte(i, j, (byte) Math.min(255, (int) v));
            }
        }
        try (MatFile mat = Mat5.newMatFile().addArray("ff", ff)) {
            Mat5.writeToFile(mat, file.toFile());
        }
    }
}
