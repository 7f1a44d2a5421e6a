package org.vae4j.examples.plot;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Latent points for the learned-manifold figure of Kingma and Welling (2013), Fig. 4: a square
 * grid in the unit square mapped through the inverse Gaussian CDF, so that the grid covers the
 * prior N(0, I) with equal probability mass per cell. Other latent dimensions stay at 0.
 */
public final class ManifoldGrid {

    private ManifoldGrid() {
    }

    /** [side * side, latentSize]; row r (top to bottom) has z2 decreasing, column c has z1 increasing. */
    public static INDArray latents(int side, int latentSize, DataType dataType) {
        if (side < 2 || latentSize < 2) {
            throw new IllegalArgumentException("manifold needs side >= 2 and latentSize >= 2, got side " + side
                    + ", latentSize " + latentSize);
        }
        NormalDistribution normal = NormalDistribution.of(0, 1);
        double[][] z = new double[side * side][latentSize];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                // Cell centres (i + 0.5) / side avoid the infinite quantiles at 0 and 1.
                z[r * side + c][0] = normal.inverseCumulativeProbability((c + 0.5) / side);
                z[r * side + c][1] = normal.inverseCumulativeProbability(1 - (r + 0.5) / side);
            }
        }
        return Nd4j.createFromArray(z).castTo(dataType);
    }
}
