package org.vae4j.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard normal noise from a private generator seeded by the caller, so results depend only on
 * the seed and not on what else used ND4J's global generator.
 */
public final class GaussianNoise implements AutoCloseable {

    private final Random random;

    public GaussianNoise(long seed) {
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** A fresh [rows, columns] array of independent N(0, 1) draws. */
    public INDArray next(DataType dataType, long rows, long columns) {
        INDArray target = Nd4j.createUninitialized(dataType, rows, columns);
        return Nd4j.getExecutioner().exec(new GaussianDistribution(target, 0.0, 1.0), random);
    }

    @Override
    public void close() {
        try {
            random.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not release ND4J random generator", e);
        }
    }
}
