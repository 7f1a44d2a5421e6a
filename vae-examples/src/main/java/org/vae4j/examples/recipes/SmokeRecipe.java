package org.vae4j.examples.recipes;

import java.util.SplittableRandom;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.provenance.DataDescription;

/**
 * A tiny end-to-end run: a 64-32-4 VAE on 2,000 synthetic binary vectors (noisy copies of 8
 * prototypes), a few epochs. Proves the install works in well under a minute.
 */
public final class SmokeRecipe {

    public static final String NAME = "smoke";
    public static final int DIMENSIONS = 64;

    private SmokeRecipe() {
    }

    public static VaeConfig config(long seed) {
        return VaeConfig.builder().inputSize(DIMENSIONS).encoderLayerSizes(32).latentSize(4)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 3e-3).seed(seed).build();
    }

    /** [examples, 64] binary data: 8 random prototypes with 5% of bits flipped. */
    public static INDArray data(int examples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[][] prototypes = new boolean[8][DIMENSIONS];
        for (boolean[] p : prototypes) {
            for (int d = 0; d < DIMENSIONS; d++) {
                p[d] = random.nextBoolean();
            }
        }
        float[][] rows = new float[examples][DIMENSIONS];
        for (float[] row : rows) {
            boolean[] p = prototypes[random.nextInt(prototypes.length)];
            for (int d = 0; d < DIMENSIONS; d++) {
                row[d] = (random.nextDouble() < 0.05) != p[d] ? 1f : 0f;
            }
        }
        return Nd4j.createFromArray(rows);
    }

    public static DataDescription description(String split, int examples, long seed) {
        return new DataDescription("synthetic-prototypes-64", split, "NONE", seed, examples, java.util.Map.of());
    }
}
