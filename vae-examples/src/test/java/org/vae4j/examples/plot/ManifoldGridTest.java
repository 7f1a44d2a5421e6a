package org.vae4j.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ManifoldGridTest {

    /** Cell centres through the inverse normal CDF: 0.5/3, 1.5/3, 2.5/3 -> -0.9674, 0, 0.9674. */
    @Test
    void gridIsInverseNormalCdfOfCellCentresWithZ2DecreasingDownwards() {
        INDArray z = ManifoldGrid.latents(3, 4, DataType.DOUBLE);
        assertEquals(9, z.rows());
        double q = 0.9674215661017010; // Phi^-1(5/6)
        assertEquals(-q, z.getDouble(0, 0), 1e-9, "top-left z1");
        assertEquals(q, z.getDouble(0, 1), 1e-9, "top row has the largest z2");
        assertEquals(q, z.getDouble(2, 0), 1e-9, "top-right z1");
        assertEquals(0, z.getDouble(4, 0), 1e-12, "centre");
        assertEquals(0, z.getDouble(4, 1), 1e-12, "centre");
        assertEquals(-q, z.getDouble(8, 1), 1e-9, "bottom row has the smallest z2");
        assertEquals(0, z.getDouble(8, 3), 0, "other latent dimensions stay at 0");
    }
}
