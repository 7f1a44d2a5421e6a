package org.vae4j.bench.fidelity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.npy.Npy;

/**
 * A {@link VaeModel} whose parameters come from a directory of {@code KEY.npy} files, one per
 * parameter of DL4J's VariationalAutoencoder layer, in DL4J's layout: weights [nIn, nOut] (a layer
 * is {@code x @ W + b}), biases [nOut]. This is what {@code vae4j benchmark export} writes and what
 * {@code bench/vae_twin.py} exports, so vae4j's evaluator can score weights trained elsewhere.
 */
public final class TwinWeights {

    private TwinWeights() {
    }

    /**
     * A model of {@code config}'s architecture holding the weights in {@code directory}; every
     * parameter must be there with exactly its shape, and no other .npy file may be.
     */
    public static VaeModel load(VaeConfig config, Path directory) throws IOException {
        VaeModel model = VaeModel.create(config);
        Map<String, INDArray> table = model.layer().paramTable();
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy"))
                    .forEach(n -> files.add(n.substring(0, n.length() - 4)));
        }
        if (!files.equals(new TreeSet<>(table.keySet()))) {
            throw new IOException(directory + " holds parameters " + files + ", the model " + config
                    + " has " + new TreeSet<>(table.keySet()));
        }
        for (Map.Entry<String, INDArray> p : table.entrySet()) {
            Npy.Array array = Npy.read(directory.resolve(p.getKey() + ".npy"));
            long[] expected = p.getValue().shape();
            if (!Arrays.equals(array.shape(), expected)) {
                throw new IOException(p.getKey() + ".npy has shape " + Arrays.toString(array.shape()) + ", the model's "
                        + p.getKey() + " is " + Arrays.toString(expected) + " (DL4J layout: W [nIn, nOut], b [nOut])");
            }
            p.getValue().assign(Nd4j.create(array.values(), expected, 'c').castTo(p.getValue().dataType()));
        }
        return model;
    }
}
