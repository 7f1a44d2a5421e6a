package org.vae4j.bench.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.npy.Npy;

class TwinWeightsTest {

    private static final VaeConfig CONFIG = VaeConfig.builder().inputSize(6).encoderLayerSizes(4, 3)
            .decoderLayerSizes(3, 4).latentSize(2).hiddenActivation(Activation.TANH).seed(3).build();

    /** Each parameter as KEY.npy in DL4J's layout, as bench/vae_twin.py and vae4j benchmark export write them. */
    private static void export(VaeModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, INDArray> p : model.layer().paramTable().entrySet()) {
            INDArray c = p.getValue().castTo(DataType.FLOAT).dup('c');
            Npy.writeFloat32(dir.resolve(p.getKey() + ".npy"), c.shape(), c.data().asFloat());
        }
    }

    @Test
    void exportedWeightsLoadIntoAModelThatComputesTheSame(@TempDir Path dir) throws IOException {
        VaeModel source = VaeModel.create(CONFIG.toBuilder().seed(99).build());
        export(source, dir);
        VaeModel loaded = TwinWeights.load(CONFIG, dir);
        assertEquals(source.layer().params(), loaded.layer().params(), "every parameter, through the flat view");
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 6);
        assertEquals(source.encode(x).mean(), loaded.encode(x).mean());
        assertEquals(source.encode(x).logVariance(), loaded.encode(x).logVariance());
    }

    @Test
    void aMissingOrMisshapenParameterIsRefusedByName(@TempDir Path dir) throws IOException {
        export(VaeModel.create(CONFIG), dir);
        Npy.writeFloat32(dir.resolve("e0W.npy"), new long[] {4, 6}, new float[24]);   // torch's [out, in]
        IOException shape = assertThrows(IOException.class, () -> TwinWeights.load(CONFIG, dir));
        assertTrue(shape.getMessage().contains("e0W.npy has shape [4, 6]") && shape.getMessage().contains("[6, 4]"),
                shape.getMessage());
        Files.delete(dir.resolve("pXZb.npy"));
        IOException missing = assertThrows(IOException.class, () -> TwinWeights.load(CONFIG, dir));
        assertTrue(missing.getMessage().contains("pXZb"), missing.getMessage());
    }
}
