package org.vae4j.eval.ais;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LatentQuadrature;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.AnnealingDetails;

/**
 * AIS against log p(x) by quadrature ({@link LatentQuadrature}) for a non-linear Bernoulli decoder
 * with a 2-D latent and a deliberately poor encoder (q(z|x) narrow and shifted away from the
 * posterior), on the examples where importance sampling with k = 5000 samples of that q misses by
 * more than 0.5 nats. AIS starts from the prior: its answer does not depend on the encoder.
 */
class AisBernoulliQuadratureTest {

    private static final int INPUT = 8;
    private static final int EXAMPLES = 8;

    @Test
    void aisFromThePriorIsWithin005NatsWhereImportanceSamplingMissesByHalfANat() {
        VaeConfig config = VaeConfig.builder().inputSize(INPUT).encoderLayerSizes(10).decoderLayerSizes(10)
                .latentSize(2).hiddenActivation(Activation.TANH)
                .reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                .dataType(DataType.DOUBLE).seed(21).build();
        VaeModel model = VaeModel.create(config);
        // The decoder of BernoulliQuadratureTest: p(x|z) varies strongly over the latent space.
        model.layer().getParam("d0W").muli(3.0);
        model.layer().getParam("pXZW").muli(2.0);
        // The poor encoder: standard deviation 0.15 everywhere, means shrunk and shifted by 1.
        model.layer().getParam("pZXLogStd2W").assign(0);
        model.layer().getParam("pZXLogStd2b").assign(Math.log(0.15 * 0.15));
        model.layer().getParam("pZXMeanW").muli(0.2);
        model.layer().getParam("pZXMeanb").addi(1.0);

        Random random = new Random(5);
        double[][] values = new double[EXAMPLES][INPUT];
        for (double[] row : values) {
            for (int d = 0; d < INPUT; d++) {
                row[d] = random.nextBoolean() ? 1 : 0;
            }
        }
        INDArray x = Nd4j.createFromArray(values);
        double[] importance = ImportanceSampledLikelihood.builder(model).importanceSamples(5000).seed(8).build()
                .evaluate(x).perExample().logLikelihoodNats();
        LogLikelihoodReport ais = AnnealedImportanceSampling.builder(model).initialDistribution(InitialDistribution.PRIOR)
                .steps(300).leapfrogSteps(2).chains(128).seed(2).build().evaluate(x);

        int missed = 0;
        double worst = 0;
        for (int i = 0; i < EXAMPLES; i++) {
            double quadrature = LatentQuadrature.logLikelihood(model, x.getRow(i, true));
            double isError = importance[i] - quadrature;
            double aisError = ais.perExample().logLikelihoodNats()[i] - quadrature;
            System.out.printf("2-D Bernoulli example %d: quadrature %.4f, IS(k=5000) %+.4f, AIS %+.4f (chain SE %.4f)%n",
                    i, quadrature, isError, aisError, ((AnnealingDetails) ais.details()).chainStandardErrorNats()[i]);
            if (Math.abs(isError) > 0.5) {
                missed++;
                worst = Math.max(worst, Math.abs(aisError));
            }
        }
        System.out.printf("IS misses by > 0.5 nats on %d of %d examples; there AIS is within %.4f nats; %.2f s%n",
                missed, EXAMPLES, worst, ais.summary().wallSeconds());
        assertTrue(missed >= 4, "the poor encoder makes importance sampling miss: " + missed + " examples");
        assertTrue(worst < 0.05, "max |AIS - quadrature| where IS misses = " + worst + " nats");
    }
}
