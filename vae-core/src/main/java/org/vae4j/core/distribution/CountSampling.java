package org.vae4j.core.distribution;

import org.apache.commons.numbers.gamma.LogGamma;
import org.nd4j.linalg.api.rng.Random;

/**
 * Poisson and gamma variates from ND4J's generator, so that {@code Nd4j.getRandom().setSeed}
 * makes samples reproducible. ND4J has no Poisson/gamma sampler usable per element.
 */
final class CountSampling {

    private CountSampling() {
    }

    /**
     * Poisson(rate). Inversion by multiplication for small rates; Hörmann's PTRS transformed
     * rejection (Insurance: Math. and Econ. 12, 1993) for rate >= 10, as in NumPy.
     */
    static double poisson(double rate, Random rng) {
        if (rate <= 0) {
            return 0;
        }
        if (rate < 10) {
            double limit = Math.exp(-rate);
            double product = rng.nextDouble();
            int k = 0;
            while (product > limit) {
                k++;
                product *= rng.nextDouble();
            }
            return k;
        }
        double sqrtRate = Math.sqrt(rate);
        double logRate = Math.log(rate);
        double b = 0.931 + 2.53 * sqrtRate;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + rate + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -rate + k * logRate - LogGamma.value(k + 1)) {
                return k;
            }
        }
    }

    /** Gamma(shape, scale=1): Marsaglia and Tsang (ACM TOMS 26, 2000), boosted for shape < 1. */
    static double gamma(double shape, Random rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
