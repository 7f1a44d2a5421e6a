package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeNetworks;

/**
 * vae4j's trainer applies each optimiser exactly as DL4J does: a few steps of {@code VaeTrainer}
 * (both engines, vae4j's fused updaters included) and of DL4J's own {@code pretrainLayer} on the
 * same network, minibatches and noise end with the same parameters, in DOUBLE to round-off. This
 * covers the updater state's initial value (AdaGrad and RmsProp start from epsilon, not 0), L2,
 * weight decay and learning-rate schedules.
 */
class UpdaterParityTest {

    private static final long SEED = 11;
    private static final INDArray DATA = SyntheticData.binaryPrototypes(36, 10, 3, 2, DataType.DOUBLE);
    private static final MapSchedule SCHEDULE = new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.05, 2, 0.01));

    static Stream<Arguments> updaters() {
        return Stream.of(
                Arguments.of("Adam", new Adam(0.01), 0.0, 0.0),
                Arguments.of("Adam + L2 + schedule", new Adam(SCHEDULE), 1e-2, 0.0),
                Arguments.of("AdaGrad + L2", new AdaGrad(0.05), 1.0 / 60, 0.0),
                Arguments.of("AdaGrad + schedule", new AdaGrad(SCHEDULE), 0.0, 0.0),
                Arguments.of("RmsProp", new RmsProp(0.01), 0.0, 0.0),
                Arguments.of("Nesterovs + weight decay", new Nesterovs(0.05, 0.9), 0.0, 1e-2),
                Arguments.of("Sgd + L2", new Sgd(0.1), 1e-2, 0.0),
                Arguments.of("AdaMax", new AdaMax(0.01), 0.0, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void vae4jTrainsLikeDl4jsPretrainLayer(String name, IUpdater updater, double l2, double weightDecay) {
        VaeConfig config = VaeConfig.builder().inputSize(10).encoderLayerSizes(7).decoderLayerSizes(6).latentSize(2)
                .hiddenActivation(Activation.TANH).dataType(DataType.DOUBLE).seed(SEED).updater(updater).l2(l2)
                .weightDecay(weightDecay).build();
        INDArray expected = dl4jPretrain(config);
        for (TrainingEngine engine : List.of(TrainingEngine.DL4J, TrainingEngine.VAE4J)) {
            VaeModel model = VaeModel.create(config.toBuilder().engine(engine).build());
            VaeTrainer.builder(model).epochs(1).checkpointEveryEpochs(0).build().fit(minibatches());
            INDArray actual = model.layer().params();
            double scale = expected.norm2Number().doubleValue();
            double difference = expected.sub(actual).norm2Number().doubleValue();
            assertTrue(difference <= 1e-9 * scale, name + ", engine " + engine + ": |vae4j - DL4J| = " + difference
                    + " (|params| = " + scale + ")");
        }
    }

    /** DL4J's own training of the same network: pretrainLayer, one step per minibatch, vae4j's noise seeds. */
    private static INDArray dl4jPretrain(VaeConfig config) {
        MultiLayerNetwork network = new MultiLayerNetwork(VaeNetworks.multiLayerConfiguration(config));
        network.init();
        long[] iteration = {0};
        Nd4j.getRandom().setSeed(ElboStep.noiseSeed(config.seed(), 0));
        network.setListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int i, int epoch) {
                Nd4j.getRandom().setSeed(ElboStep.noiseSeed(config.seed(), ++iteration[0]));
            }
        });
        network.pretrainLayer(0, minibatches());
        return network.getLayer(0).params();
    }

    private static InMemoryEpochIterator minibatches() {
        return new InMemoryEpochIterator(DATA, null, 12, false, SEED);
    }
}
