package org.vae4j.core.distribution;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;

/**
 * One element-wise distribution under test with everything the contract test needs, all computed
 * independently of the class under test (Apache Commons Statistics, closed forms, quadrature).
 *
 * @param dist            the distribution, rejecting out-of-support data
 * @param clamping        the same distribution with clampData=true, or null if it has no such flag
 * @param parameters      pre-output parameters per data value
 * @param validData       a value in the support, drawn at random
 * @param regularParams   well-conditioned pre-output parameters of one value, drawn at random
 * @param extremeParams   parameter sets in the regimes where naive formulas fail
 * @param logDensity      independent log density of x given one value's pre-output parameters
 * @param moments         independent {mean, variance} given one value's pre-output parameters
 * @param invalidValue    a value outside the support
 * @param clampedInvalid  what the clamping version must turn invalidValue into (NaN if none)
 */
record ElementwiseCase(String name, ReconstructionDistribution dist, ReconstructionDistribution clamping,
        int parameters, DataSampler validData, ParamSampler regularParams, List<double[]> extremeParams,
        ReferenceDensity logDensity, Moments moments, double invalidValue, double clampedInvalid) {

    interface DataSampler {
        double draw(Random rnd);
    }

    interface ParamSampler {
        double[] draw(Random rnd);
    }

    interface ReferenceDensity {
        double logDensity(double x, double[] params);
    }

    interface Moments {
        double[] meanAndVariance(double[] params);
    }

    @Override
    public String toString() {
        return name;
    }
}
