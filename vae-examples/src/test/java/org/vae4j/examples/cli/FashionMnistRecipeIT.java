package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.distribution.ContinuousBernoulliReconstructionDistribution;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.examples.config.EffectiveConfig;

/** Both fashion-mnist variants on a tiny subset of the real data (scripts/fetch-data.sh fashion-mnist). */
class FashionMnistRecipeIT {

    @Test
    void trainsBothVariantsIntoTheirOwnFoldersAndPrintsThemSideBySide(@TempDir Path runs) throws IOException {
        CliRunner.Result r = CliRunner.run("train", "--recipe", "fashion-mnist", "--epochs", "1",
                "--set", "trainLimit=300", "--set", "testLimit=50", "--set", "evalImportanceSamples=5",
                "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        List<Path> folders = CliRunner.runFolders(runs);
        assertEquals(2, folders.size(), folders.toString());
        EffectiveConfig bernoulli = config(folders, "fashion-mnist-bernoulli-");
        EffectiveConfig continuous = config(folders, "fashion-mnist-continuous-bernoulli-");
        assertTrue(continuous.vae().reconstructionDistribution() instanceof ContinuousBernoulliReconstructionDistribution);
        assertEquals("NONE", continuous.settings().binarization().name(), "grey pixels");
        assertTrue(bernoulli.vae().reconstructionDistribution() instanceof LogitBernoulliReconstructionDistribution);
        assertEquals("DYNAMIC", bernoulli.settings().binarization().name(), "binarized pixels");
        assertTrue(r.out().contains("continuous-bernoulli   continuous-bernoulli  NONE"), r.out());
        assertTrue(r.out().contains("not comparable"), r.out());
    }

    private static EffectiveConfig config(List<Path> folders, String prefix) throws IOException {
        Path folder = folders.stream().filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
                .orElseThrow();
        return EffectiveConfig.fromJson(Files.readString(folder.resolve("config.json")));
    }
}
