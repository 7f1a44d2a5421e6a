package org.vae4j.core.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.VaeTrainer;

/**
 * Writes the compatibility fixture under src/test/resources/fixtures: a model saved by vae4j 0.1.0
 * and the reconstruction it gave then. Run once per release whose format changes; never overwrite
 * the 0.1.0 files. Usage: java ... FirstReleaseModelFixture vae-core/src/test/resources/fixtures
 */
public final class FirstReleaseModelFixture {

    static final String MODEL = "model-0.1.0.zip";
    static final String RECONSTRUCTION = "model-0.1.0-reconstruction.txt";

    static INDArray input() {
        return SyntheticData.binaryPrototypes(4, 12, 3, 21, DataType.FLOAT);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(8).latentSize(3)
                .hiddenActivation(Activation.TANH).seed(1).build();
        VaeModel model = VaeModel.create(config);
        model.setData(DataDescription.synthetic("fixture", 60, 21));
        VaeTrainer.builder(model).epochs(2).build().fit(new InMemoryEpochIterator(
                SyntheticData.binaryPrototypes(60, 12, 3, 21, DataType.FLOAT), null, 20, true, 1));
        model.save(dir.resolve(MODEL));
        INDArray reconstruction = model.reconstruct(input());
        String text = Arrays.stream(reconstruction.data().asDouble())
                .mapToObj(v -> String.format(Locale.ROOT, "%.9g", v)).collect(Collectors.joining("\n"));
        Files.writeString(dir.resolve(RECONSTRUCTION), text + "\n");
    }
}
