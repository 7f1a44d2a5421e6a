package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Bernoulli over binary data, parametrized by the logit {@code l} (one pre-output column per data
 * column, identity link; p = sigmoid(l)).
 *
 * <p>-log p(x) = softplus(l) - x*l = (1-x) softplus(l) + x softplus(-l), the latter form being
 * exact to relative precision at any logit, also when the prediction is confidently right. DL4J's built-in
 * {@code BernoulliReconstructionDistribution} takes log(sigmoid(l)) in float and replaces the
 * resulting infinities by 0, so a confidently wrong logit of +-20 costs it 20 nats instead of 40.
 *
 * <p>Data must be in [0,1]. For x in (0,1) the value is the binary cross-entropy, which is not a
 * normalized density on [0,1]; use {@link ContinuousBernoulliReconstructionDistribution} for that.
 */
public class LogitBernoulliReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("clampData")
    private final boolean clampData;

    /** Rejects data outside [0,1]. */
    public LogitBernoulliReconstructionDistribution() {
        this(false);
    }

    /** @param clampData clamp data into [0,1] instead of rejecting it */
    @JsonCreator
    public LogitBernoulliReconstructionDistribution(@JsonProperty("clampData") boolean clampData) {
        this.clampData = clampData;
    }

    public boolean isClampData() {
        return clampData;
    }

    /**
     * FLOAT models take a vectorised form of the same density, -log p = relu(l) - x l +
     * log1p(exp(-|l|)): a handful of native whole-array ops instead of a Java loop per element
     * (this is the inner loop of training and of importance-sampled evaluation, where the loop
     * capped evaluation at ~12k samples/s). It is exact to float precision at any logit (relu(l) - x l
     * is 0 or |l| exactly for binary x; nothing saturates). DOUBLE inputs, and data outside [0,1] or
     * NaN (which must be named or clamped), take the element-wise path in double.
     */
    @Override
    public INDArray exampleNegLogProbability(INDArray x, INDArray preOutDistributionParams) {
        if (!vectorised(x, preOutDistributionParams)) {
            return super.exampleNegLogProbability(x, preOutDistributionParams);
        }
        return negLogDensities(x, preOutDistributionParams).sum(true, 1);
    }

    @Override
    public double negLogProbability(INDArray x, INDArray preOutDistributionParams, boolean average) {
        if (!vectorised(x, preOutDistributionParams)) {
            return super.negLogProbability(x, preOutDistributionParams, average);
        }
        double total = negLogDensities(x, preOutDistributionParams).castTo(DataType.DOUBLE).sumNumber().doubleValue();
        return average ? total / x.rows() : total;
    }

    /**
     * sigmoid(l) - x. (The element-wise double path writes it as (1 - x) sigmoid(l) - x sigmoid(-l)
     * to keep e^-|l| where sigmoid rounds to 1; in float that difference is below 6e-8 anyway.)
     */
    @Override
    public INDArray gradient(INDArray x, INDArray preOutDistributionParams) {
        if (!vectorised(x, preOutDistributionParams)) {
            return super.gradient(x, preOutDistributionParams);
        }
        return Transforms.sigmoid(preOutDistributionParams, true).subi(x.castTo(preOutDistributionParams.dataType()));
    }

    /** softplus(l) - x l = relu(l) + log1p(exp(-|l|)) - x l, with two allocations and in-place ops. */
    private static INDArray negLogDensities(INDArray x, INDArray logits) {
        INDArray result = Transforms.relu(logits, true);
        INDArray scratch = Transforms.abs(logits, true).negi();
        result.addi(Transforms.log1p(Transforms.exp(scratch, false), false));
        return result.subi(scratch.assign(x).muli(logits));
    }

    /**
     * FLOAT (or narrower), shapes agree and every value is in [0,1]. ND4J's min/max reductions skip
     * NaN, so NaN is tested separately (a sum propagates it); NaN data then takes the element-wise
     * path, which names it.
     */
    private static boolean vectorised(INDArray x, INDArray logits) {
        if (logits.dataType() == DataType.DOUBLE || x.rank() != 2 || logits.rank() != 2
                || x.rows() != logits.rows() || x.columns() != logits.columns() || x.length() == 0) {
            return false;
        }
        return x.minNumber().doubleValue() >= 0 && x.maxNumber().doubleValue() <= 1
                && !Double.isNaN(x.sumNumber().doubleValue());
    }

    @Override
    protected int parametersPerValue() {
        return 1;
    }

    @Override
    protected double negLogDensity(double x, double[] p) {
        // = softplus(l) - x l, written so that a correct confident logit gives e^-|l| without cancellation
        return (1 - x) * StableMath.softplus(p[0]) + x * StableMath.softplus(-p[0]);
    }

    @Override
    protected void negLogDensityGradient(double x, double[] p, double[] g) {
        // = sigmoid(l) - x, without the cancellation of 1 - sigmoid(l) at large l
        g[0] = (1 - x) * StableMath.sigmoid(p[0]) - x * StableMath.sigmoid(-p[0]);
    }

    @Override
    protected double mean(double[] p) {
        return StableMath.sigmoid(p[0]);
    }

    @Override
    protected double sample(double[] p, Random rng) {
        return rng.nextDouble() < StableMath.sigmoid(p[0]) ? 1.0 : 0.0;
    }

    @Override
    protected double checkSupport(double x, int row, int column) {
        return unitIntervalSupport(x, row, column, clampData);
    }

    @Override
    protected Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clampData", clampData);
        return m;
    }
}
