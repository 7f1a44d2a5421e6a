package org.vae4j.core.distribution;

import java.util.Objects;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * p(x|z, c) of a conditional VAE inside DL4J's {@code VariationalAutoencoder} layer: the layer's
 * input is the row [x | c] (the condition's {@code conditionSize} columns last), and this scores
 * only x with {@code distribution}; the condition columns have no density (log-probability 0, no
 * gradient) and are never generated. It is what makes a vae4j conditional model a standard DL4J
 * network file: DL4J's own JSON and {@code ModelSerializer} store it like any distribution
 * (public JSON creator), and the condition's width travels with the network.
 *
 * <p>DL4J's layer itself cannot train such a model: it would add noise and KL to the latent units
 * vae4j clamps to c. vae4j's engine and estimators read this class to know the split.
 */
public final class ConditionalReconstructionDistribution implements ReconstructionDistribution {

    @JsonProperty("distribution")
    private final ReconstructionDistribution distribution;
    @JsonProperty("conditionSize")
    private final int conditionSize;

    /**
     * @param distribution  p(x|z, c) of the data columns
     * @param conditionSize the condition's columns at the end of each input row, >= 1
     */
    @JsonCreator
    public ConditionalReconstructionDistribution(@JsonProperty("distribution") ReconstructionDistribution distribution,
                                                 @JsonProperty("conditionSize") int conditionSize) {
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        if (conditionSize < 1) {
            throw new IllegalArgumentException("conditionSize must be >= 1, got " + conditionSize);
        }
        this.conditionSize = conditionSize;
    }

    /** p(x|z, c) of the data columns. */
    public ReconstructionDistribution distribution() {
        return distribution;
    }

    public int conditionSize() {
        return conditionSize;
    }

    /**
     * The density of the data columns of {@code distribution}'s input: the wrapped distribution for a
     * conditional one, else {@code distribution} itself.
     */
    public static ReconstructionDistribution dataDistribution(ReconstructionDistribution distribution) {
        return distribution instanceof ConditionalReconstructionDistribution c ? c.distribution : distribution;
    }

    /** The condition's width when {@code distribution} is conditional, else 0. */
    public static int conditionSizeOf(ReconstructionDistribution distribution) {
        return distribution instanceof ConditionalReconstructionDistribution c ? c.conditionSize : 0;
    }

    /** The data columns of input rows [x | c]. */
    public INDArray dataColumns(INDArray input) {
        long dataColumns = input.columns() - conditionSize;
        if (input.rank() != 2 || dataColumns < 1) {
            throw new IllegalArgumentException("A conditional model's input rows are [x | c] with " + conditionSize
                    + " condition columns last; got shape " + java.util.Arrays.toString(input.shape()));
        }
        return input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dataColumns));
    }

    @Override
    public boolean hasLossFunction() {
        return distribution.hasLossFunction();
    }

    @Override
    public int distributionInputSize(int dataSize) {
        return distribution.distributionInputSize(dataSize - conditionSize);
    }

    @Override
    public double negLogProbability(INDArray x, INDArray preOutDistributionParams, boolean average) {
        return distribution.negLogProbability(dataColumns(x), preOutDistributionParams, average);
    }

    @Override
    public INDArray exampleNegLogProbability(INDArray x, INDArray preOutDistributionParams) {
        return distribution.exampleNegLogProbability(dataColumns(x), preOutDistributionParams);
    }

    @Override
    public INDArray gradient(INDArray x, INDArray preOutDistributionParams) {
        return distribution.gradient(dataColumns(x), preOutDistributionParams);
    }

    @Override
    public INDArray generateRandom(INDArray preOutDistributionParams) {
        return distribution.generateRandom(preOutDistributionParams);
    }

    @Override
    public INDArray generateAtMean(INDArray preOutDistributionParams) {
        return distribution.generateAtMean(preOutDistributionParams);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConditionalReconstructionDistribution other && other.conditionSize == conditionSize
                && other.distribution.equals(distribution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(distribution, conditionSize);
    }

    @Override
    public String toString() {
        return "Conditional(" + distribution + ", conditionSize=" + conditionSize + ")";
    }
}
