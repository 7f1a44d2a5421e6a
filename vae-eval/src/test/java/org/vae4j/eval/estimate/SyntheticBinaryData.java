package org.vae4j.eval.estimate;

import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Binary vectors made of a few random prototypes with 10% of bits flipped: structure a VAE can learn. */
final class SyntheticBinaryData {

    private SyntheticBinaryData() {
    }

    static INDArray generate(int examples, int width, long seed) {
        Random random = new Random(seed);
        double[][] prototypes = new double[4][width];
        for (double[] p : prototypes) {
            for (int d = 0; d < width; d++) {
                p[d] = random.nextBoolean() ? 1 : 0;
            }
        }
        double[][] x = new double[examples][width];
        for (int i = 0; i < examples; i++) {
            double[] p = prototypes[random.nextInt(prototypes.length)];
            for (int d = 0; d < width; d++) {
                x[i][d] = random.nextDouble() < 0.1 ? 1 - p[d] : p[d];
            }
        }
        return Nd4j.createFromArray(x);
    }
}
