package org.vae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.LayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/** vae4j's fused Adam against DL4J's own LayerUpdater on the same gradients. */
class FusedAdamTest {

    private static VaeConfig config(DataType type) {
        // Large enough (> 65,536 parameters per updater block) that the loop is split across threads.
        return VaeConfig.builder().inputSize(300).encoderLayerSizes(250).latentSize(4).dataType(type).seed(3)
                .learningRate(0.01).build();
    }

    private static LayerUpdater layerUpdater(VaeModel model) {
        INDArray state = ((MultiLayerNetwork) model.network()).getUpdater(true).getStateViewArray();
        return new LayerUpdater(model.layer(), state);
    }

    private static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void equalsDl4jsLayerUpdaterOverSeveralSteps(DataType type) {
        VaeModel dl4j = VaeModel.create(config(type));
        VaeModel vae4j = VaeModel.create(config(type));
        LayerUpdater reference = layerUpdater(dl4j);
        FusedAdam fused = FusedAdam.forLayer(vae4j.layer(), layerUpdater(vae4j));
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
        double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-13;
        double params = relativeDifference(dl4j.layer().params(), vae4j.layer().params());
        assertTrue(params < tolerance, "parameters differ by " + params);
        INDArray dl4jState = ((MultiLayerNetwork) dl4j.network()).getUpdater().getStateViewArray();
        INDArray vae4jState = ((MultiLayerNetwork) vae4j.network()).getUpdater().getStateViewArray();
        double state = relativeDifference(dl4jState, vae4jState);
        assertTrue(state < tolerance, "Adam state differs by " + state);
        assertTrue(relativeDifference(start, vae4j.layer().params()) > 1e-3, "the steps moved the parameters");
    }

    @Test
    void onlyWhereItIsExactlyDl4jsUpdate() {
        VaeModel adam = VaeModel.create(config(DataType.FLOAT));
        assertNull(FusedAdam.unsupportedReason(adam.layer(), layerUpdater(adam)));

        VaeModel l2 = VaeModel.create(config(DataType.FLOAT).toBuilder().l2(1e-4).build());
        assertTrue(FusedAdam.unsupportedReason(l2.layer(), layerUpdater(l2)).contains("regularisation"));
        assertNull(FusedAdam.forLayer(l2.layer(), layerUpdater(l2)));

        VaeModel decay = VaeModel.create(config(DataType.FLOAT).toBuilder().weightDecay(1e-4).build());
        assertTrue(FusedAdam.unsupportedReason(decay.layer(), layerUpdater(decay)).contains("regularisation"));

        VaeModel adagrad = VaeModel.create(config(DataType.FLOAT).toBuilder().updater(UpdaterKind.ADAGRAD, 0.01).build());
        assertTrue(FusedAdam.unsupportedReason(adagrad.layer(), layerUpdater(adagrad)).contains("AdaGrad"));
    }

    @Test
    void refusesToWriteIntoArraysTheLayerNoLongerUses() {
        VaeModel model = VaeModel.create(config(DataType.FLOAT));
        FusedAdam fused = FusedAdam.forLayer(model.layer(), layerUpdater(model));
        ((MultiLayerNetwork) model.network()).initGradientsView();   // a new gradient view array
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fused.apply(0, 0));
        assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    }
}
