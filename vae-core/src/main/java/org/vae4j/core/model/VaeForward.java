package org.vae4j.core.model;

import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.params.VariationalAutoencoderParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward passes through the encoder and decoder of DL4J's VAE layer, read from its parameter
 * table. DL4J's layer returns only the mean of q(z|x) from {@code activate}; the log-variance
 * (parameters {@code pZXLogStd2W}/{@code pZXLogStd2b}) and the decoder's pre-output for a given
 * z are computed here exactly as the layer computes them in {@code computeGradientAndScore}.
 */
public final class VaeForward {

    private final VariationalAutoencoder layer;
    private final org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder conf;

    public VaeForward(VariationalAutoencoder layer) {
        this.layer = layer;
        this.conf = (org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) layer.conf().getLayer();
    }

    /** q(z|x) for the rows of {@code x} ([examples, inputSize], cast to the layer's data type). */
    public LatentPosterior encode(INDArray x) {
        IActivation hidden = conf.getActivationFn();
        INDArray current = x.castTo(param("e0W").dataType());
        for (int i = 0; i < conf.getEncoderLayerSizes().length; i++) {
            current = current.mmul(param("e" + i + "W")).addiRowVector(param("e" + i + "b"));
            current = hidden.getActivation(current, false);
        }
        IActivation pzx = conf.getPzxActivationFn();
        INDArray mean = current.mmul(param(VariationalAutoencoderParamInitializer.PZX_MEAN_W))
                .addiRowVector(param(VariationalAutoencoderParamInitializer.PZX_MEAN_B));
        INDArray logVariance = current.mmul(param(VariationalAutoencoderParamInitializer.PZX_LOGSTD2_W))
                .addiRowVector(param(VariationalAutoencoderParamInitializer.PZX_LOGSTD2_B));
        return new LatentPosterior(pzx.getActivation(mean, false), pzx.getActivation(logVariance, false));
    }

    /**
     * Parameters of p(x|z) before the distribution's own activation ("pre-output"), the input of
     * {@code ReconstructionDistribution.exampleNegLogProbability}: [examples, distributionInputSize].
     */
    public INDArray decoderPreOutput(INDArray z) {
        IActivation hidden = conf.getActivationFn();
        INDArray current = z.castTo(param("d0W").dataType());
        for (int i = 0; i < conf.getDecoderLayerSizes().length; i++) {
            current = current.mmul(param("d" + i + "W")).addiRowVector(param("d" + i + "b"));
            current = hidden.getActivation(current, false);
        }
        return current.mmul(param(VariationalAutoencoderParamInitializer.PXZ_W))
                .addiRowVector(param(VariationalAutoencoderParamInitializer.PXZ_B));
    }

    private INDArray param(String key) {
        return layer.getParam(key);
    }
}
