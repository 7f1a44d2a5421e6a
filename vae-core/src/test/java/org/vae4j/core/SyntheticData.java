package org.vae4j.core;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small binary data sets with structure a VAE can learn: noisy copies of a few prototypes. */
public final class SyntheticData {

    private SyntheticData() {
    }

    /** [examples, dimensions] of 0/1 values: each row a prototype with 5% of bits flipped. */
    public static INDArray binaryPrototypes(int examples, int dimensions, int prototypes, long seed,
                                            DataType dataType) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[][] protos = new boolean[prototypes][dimensions];
        for (boolean[] p : protos) {
            for (int d = 0; d < dimensions; d++) {
                p[d] = random.nextBoolean();
            }
        }
        double[][] rows = new double[examples][dimensions];
        for (int i = 0; i < examples; i++) {
            boolean[] p = protos[random.nextInt(prototypes)];
            for (int d = 0; d < dimensions; d++) {
                boolean bit = random.nextDouble() < 0.05 ? !p[d] : p[d];
                rows[i][d] = bit ? 1 : 0;
            }
        }
        return Nd4j.createFromArray(rows).castTo(dataType);
    }

    /** One-hot labels [examples, classes] for the prototype index of each row (same seed as above). */
    public static INDArray[] labelledBlobs(int examples, int dimensions, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[classes][dimensions];
        for (double[] c : centres) {
            for (int d = 0; d < dimensions; d++) {
                c[d] = random.nextDouble() < 0.5 ? 0.15 : 0.85;
            }
        }
        double[][] x = new double[examples][dimensions];
        double[][] y = new double[examples][classes];
        for (int i = 0; i < examples; i++) {
            int k = i % classes;
            for (int d = 0; d < dimensions; d++) {
                x[i][d] = random.nextDouble() < centres[k][d] ? 1 : 0;
            }
            y[i][k] = 1;
        }
        return new INDArray[] {Nd4j.createFromArray(x).castTo(DataType.FLOAT),
                Nd4j.createFromArray(y).castTo(DataType.FLOAT)};
    }
}
