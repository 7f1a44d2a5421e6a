package org.vae4j.spark;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/**
 * A small 64-32-4 VAE and binary data it can learn: noisy copies of 8 random prototypes. Used by
 * the Spark tests here and in vae-examples, and by vae-bench's {@code SparkScalingBenchmark}.
 */
public final class SyntheticPrototypes {

    static final int DIMENSIONS = 64;

    private SyntheticPrototypes() {
    }

    public static VaeConfig config(long seed) {
        return VaeConfig.builder().inputSize(DIMENSIONS).encoderLayerSizes(32).latentSize(4)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 3e-3).seed(seed).build();
    }

    /** [examples, 64] of 0/1: 8 prototypes drawn from {@code seed}, 5% of bits flipped. */
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

    /** The rows of {@code data} as Spark rows in {@link LocalSpark}'s context, in {@code partitions} partitions. */
    public static JavaRDD<double[]> rows(INDArray data, int partitions) {
        return LocalSpark.get().parallelize(Arrays.asList(data.castTo(DataType.DOUBLE).toDoubleMatrix()), partitions);
    }

    /** -ELBO of {@code test} in nats per example, one draw of z per example from a fixed seed. */
    public static double testNegativeElbo(VaeModel model, INDArray test) {
        return -model.elbo(test, 1, 1234).meanElbo();
    }
}
