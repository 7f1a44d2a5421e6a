package org.vae4j.eval.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.backend.ComputePaths;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LaplaceReconstructionDistribution;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
import org.vae4j.core.distribution.PoissonReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;

/**
 * vae4j's element-wise densities take the host path (the decoder with folded biases, a tanh or
 * sigmoid hidden layer on heap blocks, the distribution's own row kernels) and give the ND4J-op
 * path's numbers: the same noise, so per-example log p(x) agrees to the data type's round-off. The
 * ND4J path is what a device backend runs (played on the CPU with {@link ArrayMemory#simulate}).
 */
class ElementwiseEvaluationPathTest {

    static Stream<Arguments> cases() {
        return Stream.of(DataType.FLOAT, DataType.DOUBLE).flatMap(type -> Stream.of(
                Arguments.of("learned-scale Gaussian, tanh", new LearnedScaleGaussianReconstructionDistribution(),
                        Activation.TANH, type),
                Arguments.of("Laplace, sigmoid", new LaplaceReconstructionDistribution(1e-3), Activation.SIGMOID, type),
                Arguments.of("Poisson, relu", new PoissonReconstructionDistribution(), Activation.RELU, type)));
    }

    @BeforeEach
    void forgetEarlierChoices() {
        ComputePaths.clear();
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("cases")
    void hostPathGivesTheNd4jPathsNumbers(String name, ReconstructionDistribution distribution, Activation activation,
                                         DataType type) {
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(7).encoderLayerSizes(9)
                .decoderLayerSizes(11, 6).latentSize(3).hiddenActivation(activation)
                .reconstructionDistribution(distribution).dataType(type).seed(12).build());
        Nd4j.getRandom().setSeed(3);
        INDArray x = distribution instanceof PoissonReconstructionDistribution
                ? Nd4j.rand(DataType.DOUBLE, 23, 7).mul(6).castTo(DataType.INT32).castTo(type)
                : Nd4j.randn(DataType.DOUBLE, 23, 7).mul(2).castTo(type);
        // 23 examples x 70 samples in blocks of 3 examples: many chunks, a short last block.
        ImportanceSampledLikelihood estimator = ImportanceSampledLikelihood.builder(model).importanceSamples(70)
                .seed(5).memoryBudgetBytes(3L * 70 * 4000).iwaeSampleCounts(1, 70).build();

        double[] host = estimator.evaluate(x).perExample().logLikelihoodNats();
        assertEquals(ImportanceSampledLikelihood.ELEMENTWISE_PATH,
                ComputePaths.pathOf(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT));
        double[] nd4j;
        try (ArrayMemory.Scope ignored = ArrayMemory.simulate(ArrayMemory.DEVICE)) {
            nd4j = estimator.evaluate(x).perExample().logLikelihoodNats();
        }
        assertEquals(ImportanceSampledLikelihood.DISTRIBUTION_OPS_PATH,
                ComputePaths.pathOf(ImportanceSampledLikelihood.LOG_LIKELIHOOD_COMPONENT));

        for (int i = 0; i < host.length; i++) {
            // DOUBLE: the same arithmetic up to summation order; FLOAT: float round-off in the
            // decoder and the float-precision scale and sigmoid passes.
            double tolerance = (type == DataType.DOUBLE ? 1e-9 : 2e-5) * Math.max(1, Math.abs(nd4j[i]));
            assertEquals(nd4j[i], host[i], tolerance, name + " " + type + " example " + i);
        }
    }
}
