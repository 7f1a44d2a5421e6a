package org.vae4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.CompositeReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import java.util.Map;

class VaeConfigTest {

    private static VaeConfig.Builder valid() {
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(200, 200).latentSize(50);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        VaeConfig c = VaeConfig.builder().inputSize(10).build();
        assertEquals(java.util.List.of(400), c.encoderLayerSizes());
        assertEquals(java.util.List.of(400), c.decoderLayerSizes());
        assertEquals(20, c.latentSize());
        assertEquals(new org.nd4j.linalg.learning.config.Adam(1e-3), c.updater());
        assertEquals(1e-3, c.learningRate());
        assertEquals(DataType.FLOAT, c.dataType());
        assertEquals(1, c.monteCarloSamples());
        assertEquals(new org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution(),
                c.reconstructionDistribution());
        assertEquals(TrainingEngine.VAE4J, c.engine());
        assertEquals(KlObjective.standard(), c.klObjective());
        assertTrue(c.klObjective().isStandard());
    }

    @Test
    void jsonRoundTripKeepsEngineAndKlObjective() {
        VaeConfig c = valid().engine(TrainingEngine.VAE4J).beta(0.25).klWarmupIterations(5000).freeBitsNats(0.125)
                .build();
        VaeConfig back = VaeConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(new KlObjective(0.25, 5000, 0.125), back.klObjective());
        VaeConfig dl4j = valid().engine(TrainingEngine.DL4J).build();
        assertEquals(dl4j, VaeConfig.fromJson(dl4j.toJson()));
    }

    @Test
    void jsonWrittenBeforeTheEngineFieldsReadsAsTheDefaults() {
        String json = valid().build().toJson();
        String old = json.replaceAll(",\\s*\"engine\"\\s*:\\s*\"VAE4J\"", "")
                .replaceAll(",\\s*\"klObjective\"\\s*:\\s*\\{[^}]*\\}", "");
        assertTrue(!old.contains("engine") && !old.contains("klObjective"), old);
        VaeConfig back = VaeConfig.fromJson(old);
        assertEquals(valid().build(), back);
    }

    @Test
    void invalidKlObjectiveInJsonIsReportedLikeTheBuilder() {
        String json = valid().beta(2).build().toJson().replace("\"beta\" : 2.0", "\"beta\" : -2.0");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> VaeConfig.fromJson(json));
        assertEquals("VaeConfig.klObjective.beta", e.field());
    }

    @Test
    void decoderDefaultsToTheEncoderReversed() {
        VaeConfig c = valid().encoderLayerSizes(300, 100).build();
        assertEquals(java.util.List.of(100, 300), c.decoderLayerSizes());
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        VaeConfig c = valid().decoderLayerSizes(150, 250).hiddenActivation(Activation.TANH)
                .reconstructionDistribution(new GaussianReconstructionDistribution(Activation.IDENTITY))
                .monteCarloSamples(3).updater(UpdaterKind.ADAGRAD, 0.01).l2(1e-4).weightDecay(1e-5)
                .seed(77).dataType(DataType.DOUBLE).build();
        VaeConfig back = VaeConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertTrue(c.toJson().contains("GaussianReconstructionDistribution"), c.toJson());
    }

    @Test
    void jsonRoundTripWithCompositeDistribution() {
        CompositeReconstructionDistribution composite = new CompositeReconstructionDistribution.Builder()
                .addDistribution(3, new BernoulliReconstructionDistribution(Activation.SIGMOID))
                .addDistribution(2, new GaussianReconstructionDistribution(Activation.IDENTITY)).build();
        VaeConfig c = VaeConfig.builder().inputSize(5).encoderLayerSizes(4).latentSize(2)
                .reconstructionDistribution(composite).build();
        assertEquals(c, VaeConfig.fromJson(c.toJson()));
    }

    @Test
    void invalidJsonValueIsReportedLikeTheBuilder() {
        String json = valid().build().toJson().replace("\"latentSize\" : 50", "\"latentSize\" : -3");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> VaeConfig.fromJson(json));
        assertEquals("VaeConfig.latentSize", e.field());
        assertEquals("-3", e.value());
    }

    @Test
    void malformedJsonNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.fromJson("{oops"));
        assertTrue(e.getMessage().startsWith("Not a valid VaeConfig JSON"), e.getMessage());
    }

    @Test
    void updaterWithScheduleRoundTripsAndTheNetworkFollowsIt() {
        MapSchedule schedule = new MapSchedule(ScheduleType.EPOCH, Map.of(0, 1e-3, 3, 5e-4));
        VaeConfig c = valid().updater(new AdaGrad(schedule)).build();
        VaeConfig back = VaeConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(schedule, back.learningRateSchedule());
        assertEquals(1e-3, back.learningRate(100, 2));
        assertEquals(5e-4, back.learningRate(100, 3));
        var layerUpdater = org.vae4j.core.model.VaeNetworks.multiLayerConfiguration(back).getConf(0).getLayer()
                .getUpdaterByParam("e0W");
        assertEquals(back.updater(), layerUpdater);
    }

    @Test
    void configsOfVersion01WithAnUpdaterNameAndALearningRateStillRead() {
        String json = valid().build().toJson();
        String old = json.replaceAll("\"updater\"\\s*:\\s*\\{[^}]*\\}", "\"updater\" : \"ADAGRAD\", \"learningRate\" : 0.02");
        assertTrue(old.contains("\"ADAGRAD\""), old);
        assertEquals(valid().updater(new AdaGrad(0.02)).build(), VaeConfig.fromJson(old));
    }

    @Test
    void learningRateScalesASchedulePreservingItsShape() {
        VaeConfig c = valid().updater(new Adam(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 1e-3, 10, 1e-4))))
                .learningRate(2e-3).build();
        assertEquals(2e-3, c.learningRate(0, 0), 1e-15);
        assertEquals(2e-4, c.learningRate(10, 0), 1e-15);
        VaeConfig exponential = valid().updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 1e-3, 0.5)))
                .learningRate(4e-3).build();
        assertEquals(1e-3, exponential.learningRate(2, 0), 1e-15);
        assertEquals(exponential, VaeConfig.fromJson(exponential.toJson()));
        VaeConfig constant = valid().learningRate(0.25).build();
        assertEquals(new Adam(0.25), constant.updater());
    }

    @Test
    void theConfigCannotBeChangedThroughTheUpdaterItReturns() {
        VaeConfig c = valid().build();
        c.updater().setLrAndSchedule(0.5, null);
        assertEquals(1e-3, c.learningRate());
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                bad("VaeConfig.inputSize", "0", ">= 1", b -> b.inputSize(0)),
                bad("VaeConfig.encoderLayerSizes", "[]", "at least one", b -> b.encoderLayerSizes()),
                bad("VaeConfig.encoderLayerSizes[1]", "0", ">= 1", b -> b.encoderLayerSizes(10, 0)),
                bad("VaeConfig.decoderLayerSizes[0]", "-5", ">= 1", b -> b.decoderLayerSizes(-5)),
                bad("VaeConfig.latentSize", "0", ">= 1", b -> b.latentSize(0)),
                bad("VaeConfig.hiddenActivation", "null", "must be set", b -> b.hiddenActivation(null)),
                bad("VaeConfig.reconstructionDistribution", "null", "must be set",
                        b -> b.reconstructionDistribution(null)),
                bad("VaeConfig.monteCarloSamples", "0", ">= 1", b -> b.monteCarloSamples(0)),
                bad("VaeConfig.updater", "null", "must be set", b -> b.updater((org.nd4j.linalg.learning.config.IUpdater) null)),
                bad("VaeConfig.learningRate", "0.0", "> 0", b -> b.learningRate(0)),
                bad("VaeConfig.learningRate", "NaN", "finite", b -> b.learningRate(Double.NaN)),
                bad("VaeConfig.l2", "-1.0", ">= 0", b -> b.l2(-1)),
                bad("VaeConfig.weightDecay", "Infinity", "finite", b -> b.weightDecay(Double.POSITIVE_INFINITY)),
                bad("VaeConfig.dataType", "HALF", "FLOAT or DOUBLE", b -> b.dataType(DataType.HALF)),
                bad("VaeConfig.klObjective.beta", "-0.5", ">= 0", b -> b.beta(-0.5)),
                bad("VaeConfig.klObjective.beta", "NaN", "finite", b -> b.beta(Double.NaN)),
                bad("VaeConfig.klObjective.warmupIterations", "-1", ">= 0", b -> b.klWarmupIterations(-1)),
                bad("VaeConfig.klObjective.freeBitsNats", "-0.1", ">= 0", b -> b.freeBitsNats(-0.1)),
                bad("VaeConfig.klObjective", "KlObjective[beta=4.0, warmupIterations=0, freeBitsNats=0.0]",
                        "use engine VAE4J", b -> b.engine(TrainingEngine.DL4J).beta(4)),
                bad("VaeConfig.klObjective", "KlObjective[beta=1.0, warmupIterations=100, freeBitsNats=0.0]",
                        "with engine DL4J", b -> b.engine(TrainingEngine.DL4J).klWarmupIterations(100)),
                bad("VaeConfig.klObjective", "KlObjective[beta=1.0, warmupIterations=0, freeBitsNats=0.5]",
                        "with engine DL4J", b -> b.engine(TrainingEngine.DL4J).freeBitsNats(0.5)),
                bad("VaeConfig.reconstructionDistribution", "composite over 3 columns", "inputSize = 784",
                        b -> b.reconstructionDistribution(new CompositeReconstructionDistribution.Builder()
                                .addDistribution(3, new BernoulliReconstructionDistribution(Activation.SIGMOID))
                                .build())));
    }

    private static Arguments bad(String field, String value, String allowedFragment,
                                 UnaryOperator<VaeConfig.Builder> change) {
        return Arguments.of(field, value, allowedFragment, change);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidConfigs")
    void everyInvalidFieldIsRejectedWithFieldValueAndRange(String field, String value, String allowedFragment,
                                                           UnaryOperator<VaeConfig.Builder> change) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> change.apply(valid()).build());
        assertEquals(field, e.field());
        assertEquals(value, e.value());
        assertTrue(e.allowed().contains(allowedFragment), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + " = " + value + ": "), e.getMessage());
    }
}
