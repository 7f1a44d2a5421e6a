package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** StableMath.log1p against java.lang.Math.log1p (fdlibm, < 1 ulp) over every scale from 1e-300 to 1e300. */
class StableMathTest {

    @Test
    void log1pIsWithinAFewUlpsOfFdlibmEverywhere() {
        Random random = new Random(3);
        for (int t = 0; t < 200_000; t++) {
            double magnitude = Math.pow(10, -300 + 600 * random.nextDouble());
            double x = random.nextBoolean() ? magnitude : -Math.min(magnitude, 1 - 1e-16) * random.nextDouble();
            double expected = Math.log1p(x);
            double actual = StableMath.log1p(x);
            assertTrue(Math.abs(actual - expected) <= 4 * Math.ulp(expected), "log1p(" + x + ") = " + actual
                    + ", fdlibm " + expected);
        }
        assertEquals(0.0, StableMath.log1p(0.0));
        assertEquals(Double.POSITIVE_INFINITY, StableMath.log1p(Double.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, StableMath.log1p(-1.0));
    }

    @Test
    void softplusMatchesFdlibmAtExtremeArguments() {
        for (double z : new double[] {-800, -40, -20, -1e-8, 0, 1e-8, 0.5, 20, 40, 800}) {
            double reference = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            assertEquals(reference, StableMath.softplus(z), 2 * Math.ulp(reference) + Double.MIN_VALUE,
                    "softplus(" + z + ")");
        }
    }
}
