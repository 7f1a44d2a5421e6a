package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The 8-bit grid k/255: bins tile the line, data off the grid is rejected. */
class DiscretizedLogisticTest {

    private final DiscretizedLogisticReconstructionDistribution dist = new DiscretizedLogisticReconstructionDistribution();

    private static INDArray allLevels(DataType type) {
        INDArray x = Nd4j.create(DataType.DOUBLE, 256, 1);
        for (int k = 0; k < 256; k++) {
            x.putScalar(k, 0, k / 255.0);
        }
        return x.castTo(type);
    }

    @ParameterizedTest
    @CsvSource({"0.5, -50", "0.5, -6", "0.2, 0", "-3, -4", "4, -4", "0.5, 6"})
    void probabilitiesOfAll256LevelsSumToOne(double mu, double scalePreOut) {
        INDArray preOut = Nd4j.create(DataType.DOUBLE, 256, 2);
        preOut.getColumn(0).assign(mu);
        preOut.getColumn(1).assign(scalePreOut);
        double[] nll = dist.exampleNegLogProbability(allLevels(DataType.DOUBLE), preOut).toDoubleVector();
        double total = 0;
        for (double v : nll) {
            assertTrue(v >= -1e-15, "a probability above 1: " + v);
            total += Math.exp(-v);
        }
        assertEquals(1.0, total, 1e-12);
    }

    @Test
    void floatPixelsDividedBy255AreOnTheGrid() {
        INDArray preOut = Nd4j.zeros(DataType.FLOAT, 256, 2);
        assertTrue(Double.isFinite(dist.negLogProbability(allLevels(DataType.FLOAT), preOut, false)));
    }

    @Test
    void valuesBetweenGridPointsAreRejected() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.0, 0.1234}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dist.exampleNegLogProbability(x, Nd4j.zeros(1, 4)));
        assertTrue(e.getMessage().contains("DiscretizedLogisticReconstructionDistribution"), e.getMessage());
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        assertTrue(e.getMessage().contains("0.1234"), e.getMessage());
    }
}
