package org.vae4j.eval.estimate;

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

/**
 * The estimator against log p(x) by quadrature for a non-linear Bernoulli decoder with a 2-D latent
 * ({@link LatentQuadrature}).
 */
class BernoulliQuadratureTest {

    private static final int INPUT = 8;
    private static final int EXAMPLES = 6;

    @Test
    void estimateAgreesWithQuadratureWithinPointOneNats() {
        VaeConfig config = VaeConfig.builder().inputSize(INPUT).encoderLayerSizes(10).decoderLayerSizes(10)
                .latentSize(2).hiddenActivation(Activation.TANH)
                .reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                .dataType(DataType.DOUBLE).seed(21).build();
        VaeModel model = VaeModel.create(config);
        // Sharpen the decoder so that p(x|z) varies strongly over the latent space.
        model.layer().getParam("d0W").muli(3.0);
        model.layer().getParam("pXZW").muli(2.0);

        Random random = new Random(5);
        double[][] values = new double[EXAMPLES][INPUT];
        for (double[] row : values) {
            for (int d = 0; d < INPUT; d++) {
                row[d] = random.nextBoolean() ? 1 : 0;
            }
        }
        INDArray x = Nd4j.createFromArray(values);
        PerExampleEstimates perExample = ImportanceSampledLikelihood.builder(model).importanceSamples(3000).seed(8)
                .build().evaluate(x).perExample();
        double[] estimate = perExample.logLikelihoodNats();

        double worst = 0;
        for (int i = 0; i < EXAMPLES; i++) {
            double quadrature = LatentQuadrature.logLikelihood(model, x.getRow(i, true));
            worst = Math.max(worst, Math.abs(quadrature - estimate[i]));
        }
        System.out.printf("Bernoulli 2-D latent, k=3000: max |estimate - quadrature| = %.5f nats over %d examples,"
                + " ESS %s%n", worst, EXAMPLES, java.util.Arrays.toString(perExample.effectiveSampleSize()));
        assertTrue(worst < 0.1, "max |estimate - quadrature| = " + worst + " nats");
    }
}
