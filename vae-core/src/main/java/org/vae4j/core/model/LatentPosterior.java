package org.vae4j.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * q(z|x) = N(mean, diag(exp(logVariance))) for a minibatch: both arrays are [examples, latentSize].
 */
public record LatentPosterior(INDArray mean, INDArray logVariance) {

    /** Standard deviation exp(logVariance / 2), [examples, latentSize]. */
    public INDArray standardDeviation() {
        return Transforms.exp(logVariance.mul(0.5), false);
    }

    /** The reparametrised sample mean + sd * noise for standard normal {@code noise} of the same shape. */
    public INDArray sample(INDArray noise) {
        return standardDeviation().muli(noise).addi(mean);
    }

    /**
     * KL(q(z|x) || N(0, I)) per example and latent dimension in nats, [examples, latentSize]:
     * 0.5 (mean^2 + exp(logVariance) - logVariance - 1).
     */
    public INDArray klPerDimension() {
        INDArray variance = Transforms.exp(logVariance, true);
        return mean.mul(mean).addi(variance).subi(logVariance).subi(1.0).muli(0.5);
    }

    /** KL(q(z|x) || N(0, I)) per example in nats, summed over latent dimensions: [examples]. */
    public INDArray klPerExample() {
        return klPerDimension().sum(1);
    }
}
