package org.vae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.LayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/**
 * vae4j's fused updater against DL4J's own LayerUpdater (UpdaterBlock.update + params.subi) on the
 * same gradients: every optimiser kind, with L2, weight decay and a learning-rate schedule, in
 * FLOAT and DOUBLE; parameters and updater state (the checkpointed layout) agree to round-off.
 */
class FusedUpdaterTest {

    private static final MapSchedule SCHEDULE = new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.02, 3, 0.005));

    private static VaeConfig config(DataType type, IUpdater updater, double l2, double weightDecay) {
        // Large enough (> 65,536 parameters per updater block) that the loop is split across threads.
        return VaeConfig.builder().inputSize(300).encoderLayerSizes(250).latentSize(4).dataType(type).seed(3)
                .updater(updater).l2(l2).weightDecay(weightDecay).build();
    }

    private static LayerUpdater layerUpdater(VaeModel model) {
        INDArray state = ((MultiLayerNetwork) model.network()).getUpdater(true).getStateViewArray();
        return new LayerUpdater(model.layer(), state);
    }

    private static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            cases.add(Arguments.of(type, new Adam(0.01), 0.0, 0.0));
            cases.add(Arguments.of(type, new Adam(SCHEDULE), 1e-3, 1e-3));
            cases.add(Arguments.of(type, new AdaGrad(0.02), 1.0 / 60_000, 0.0));
            cases.add(Arguments.of(type, new AdaGrad(SCHEDULE), 0.0, 1e-3));
            cases.add(Arguments.of(type, new RmsProp(0.01), 1e-3, 0.0));
            cases.add(Arguments.of(type, new Nesterovs(SCHEDULE, 0.9), 1e-3, 1e-3));
            cases.add(Arguments.of(type, new AdaMax(0.01), 0.0, 1e-3));
            cases.add(Arguments.of(type, new Sgd(0.05), 1e-3, 0.0));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} l2={2} wd={3}")
    @MethodSource("cases")
    void equalsDl4jsLayerUpdaterOverSeveralSteps(DataType type, IUpdater updater, double l2, double weightDecay) {
        assertEqualsDl4j(type, updater, l2, weightDecay);
    }

    /** -Dvae4j.updater=native: libnd4j's updater kernels on contiguous views compute DL4J's update too. */
    @ParameterizedTest(name = "native {0} {1} l2={2} wd={3}")
    @MethodSource("cases")
    void theNativeStrategyEqualsDl4jsLayerUpdaterToo(DataType type, IUpdater updater, double l2, double weightDecay) {
        String before = System.getProperty("vae4j.updater");
        System.setProperty("vae4j.updater", "native");
        try {
            assertEqualsDl4j(type, updater, l2, weightDecay);
        } finally {
            if (before == null) {
                System.clearProperty("vae4j.updater");
            } else {
                System.setProperty("vae4j.updater", before);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aMistypedStrategyIsOneClearErrorNotAClassInitialisationFailure() {
        System.setProperty("vae4j.updater", "fast");
        try {
            VaeModel model = VaeModel.create(config(DataType.FLOAT, new Adam(0.01), 0, 0));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FusedUpdater.forLayer(model.layer(), layerUpdater(model)));
            org.junit.jupiter.api.Assertions.assertEquals("-Dvae4j.updater=fast: expected java or native", e.getMessage());
        } finally {
            System.clearProperty("vae4j.updater");
        }
    }

    private static void assertEqualsDl4j(DataType type, IUpdater updater, double l2, double weightDecay) {
        VaeModel dl4j = VaeModel.create(config(type, updater, l2, weightDecay));
        VaeModel vae4j = VaeModel.create(config(type, updater, l2, weightDecay));
        LayerUpdater reference = layerUpdater(dl4j);
        FusedUpdater fused = FusedUpdater.forLayer(vae4j.layer(), layerUpdater(vae4j));
        assertNotNull(fused);
        INDArray start = vae4j.layer().params().dup();
        for (int t = 0; t < 6; t++) {
            Nd4j.getRandom().setSeed(100 + t);
            INDArray gradient = Nd4j.randn(type, dl4j.layer().getGradientsViewArray().shape()).muli(t % 2 == 0 ? 1 : 1e-3);
            INDArray gradientCopy = gradient.dup();
            dl4j.layer().getGradientsViewArray().assign(gradient);
            vae4j.layer().getGradientsViewArray().assign(gradient);
            // DL4J's path: the full LayerUpdater (minibatch size 1: nothing to divide), then params -= update.
            reference.update(dl4j.layer(), new DefaultGradient(dl4j.layer().getGradientsViewArray()), t, 0, 1,
                    LayerWorkspaceMgr.noWorkspaces());
            dl4j.layer().params().subi(dl4j.layer().getGradientsViewArray());
            fused.apply(t, 0);
            assertTrue(relativeDifference(gradientCopy, vae4j.layer().getGradientsViewArray()) == 0,
                    "the gradient view is left as it was");
        }
        double tolerance = type == DataType.FLOAT ? 2e-6 : 1e-13;
        double params = relativeDifference(dl4j.layer().params(), vae4j.layer().params());
        assertTrue(params < tolerance, "parameters differ by " + params);
        INDArray dl4jState = ((MultiLayerNetwork) dl4j.network()).getUpdater().getStateViewArray();
        INDArray vae4jState = ((MultiLayerNetwork) vae4j.network()).getUpdater().getStateViewArray();
        if (dl4jState != null) {
            double state = relativeDifference(dl4jState, vae4jState);
            assertTrue(state < tolerance, "updater state differs by " + state);
        }
        assertTrue(relativeDifference(start, vae4j.layer().params()) > 1e-4, "the steps moved the parameters");
    }

    @Test
    void saysWhyItCannotReproduceAnUpdater() {
        VaeModel adaDelta = VaeModel.create(config(DataType.FLOAT, new AdaDelta(), 0, 0));
        assertTrue(FusedUpdater.unsupportedReason(adaDelta.layer(), layerUpdater(adaDelta)).contains("AdaDelta"));
        assertNull(FusedUpdater.forLayer(adaDelta.layer(), layerUpdater(adaDelta)));
        VaeModel adam = VaeModel.create(config(DataType.FLOAT, new Adam(1e-3), 1e-4, 1e-4));
        assertNull(FusedUpdater.unsupportedReason(adam.layer(), layerUpdater(adam)));
    }

    @Test
    void refusesToWriteIntoArraysTheLayerNoLongerUses() {
        VaeModel model = VaeModel.create(config(DataType.FLOAT, new Adam(1e-3), 0, 0));
        FusedUpdater fused = FusedUpdater.forLayer(model.layer(), layerUpdater(model));
        ((MultiLayerNetwork) model.network()).initGradientsView();   // a new gradient view array
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fused.apply(0, 0));
        assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    }
}
