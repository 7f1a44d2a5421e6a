package org.vae4j.bench.speed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LearnedScaleReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.npy.Npy;

/**
 * First, untimed step of {@code bench/compare.sh eval} and of {@code bench/compare.sh tabular}'s evaluation: the
 * model both sides evaluate. Loads {@code WORK/model.zip}, or trains one as {@code benchmark train --model M} does
 * (the same data and pipeline, {@link TrainSpeed}) and saves it there; then writes for {@code bench/pytorch_eval.py}:
 * <ul>
 * <li>{@code WORK/params/<DL4J key>.npy}: every parameter of the VAE layer, float32, DL4J's [nIn, nOut] layout
 *     (a layer is {@code x @ W + b}); a learned-scale Gaussian decoder's output layer {@code pXZ} has 2 x columns
 *     outputs, all means first, then all scale pre-activations r (sigma = softplus(r) + minScale);</li>
 * <li>{@code WORK/}{@value #TEST_ROWS_FILE}, for a model sized from its data: the test rows as
 *     {@code benchmark eval} evaluates them (split and standardized with the model's seed), float32 [rows, columns]
 *     (PyTorch reads MNIST's test images from the IDX file itself);</li>
 * <li>{@code WORK/model.json}: sizes, activation, likelihood, minScale, seed, keys.</li>
 * </ul>
 * A trained model matters: an untrained one has a posterior so far from p(z|x) that a handful of weights dominate,
 * which is not the regime being timed.
 */
public final class EvalExport {

    public static final String TEST_ROWS_FILE = "test-rows.npy";
    public static final String MODEL_JSON = "model.json";

    private EvalExport() {
    }

    /**
     * Trains (when {@code work} has no model.zip) and exports the evaluation model of {@code model} on
     * {@code data}; returns what it did, one line per step.
     */
    public static String export(BenchmarkModel model, BenchmarkData data, Path work, int epochs, long seed)
            throws IOException {
        data.open();
        Files.createDirectories(work.resolve("params"));
        Path zip = work.resolve(EvalSpeed.MODEL_FILE);
        StringJoiner log = new StringJoiner("\n");
        VaeModel vae;
        if (Files.isRegularFile(zip)) {
            vae = VaeModel.load(zip);
            log.add("loaded " + zip);
        } else {
            long start = System.nanoTime();
            TrainSpeed.Trained trained = TrainSpeed.train(model, data, epochs, seed, null);
            vae = trained.model();
            if (trained.data() != null) {
                vae.setData(trained.data());
            }
            vae.save(zip);
            log.add(String.format(Locale.ROOT, "trained %s (%s) for %d epoch(s) in %.0f s, test -ELBO %.3f; saved %s",
                    model.name(), BenchmarkModel.architecture(vae.config()), epochs, (System.nanoTime() - start) / 1e9,
                    trained.result().testNegativeElbo(), zip));
        }
        VaeConfig config = vae.config();
        EvalSpeed.requireArchitecture(model, data.config(config.seed()), config, zip);
        data.requireTrainedOn(vae, zip);

        StringJoiner keys = new StringJoiner("\", \"", "[\"", "\"]");
        for (Map.Entry<String, INDArray> p : vae.layer().paramTable().entrySet()) {
            writeFloat32(work.resolve("params").resolve(p.getKey() + ".npy"), p.getValue());
            keys.add(p.getKey());
        }
        Optional<INDArray> rows = data.exportedRows(config.seed());
        if (rows.isPresent()) {
            writeFloat32(work.resolve(TEST_ROWS_FILE), rows.get());
        }
        double minScale = config.reconstructionDistribution() instanceof LearnedScaleReconstructionDistribution d
                ? d.getMinScale() : Double.NaN;
        String json = String.format(Locale.ROOT, "{\"arch\": \"%s\", \"inputSize\": %d, \"encoderLayerSizes\": %s, "
                        + "\"decoderLayerSizes\": %s, \"latentSize\": %d, \"hiddenActivation\": \"%s\", "
                        + "\"reconstructionDistribution\": \"%s\", \"minScale\": %s, \"dataType\": \"%s\", "
                        + "\"seed\": %d, \"testRows\": %s, \"keys\": %s}%n",
                model.name(), config.inputSize(), config.encoderLayerSizes(), config.decoderLayerSizes(),
                config.latentSize(), config.hiddenActivation().name().toLowerCase(Locale.ROOT),
                config.reconstructionDistribution().getClass().getSimpleName(),
                Double.isNaN(minScale) ? "null" : Double.toString(minScale), config.dataType(), config.seed(),
                rows.map(r -> String.valueOf(r.rows())).orElse("null"), keys);
        Files.writeString(work.resolve(MODEL_JSON), json);
        log.add("wrote " + work.resolve("params") + rows.map(r -> ", " + work.resolve(TEST_ROWS_FILE) + " ("
                + r.rows() + " test rows)").orElse("") + " and " + work.resolve(MODEL_JSON));
        return log.toString();
    }

    private static void writeFloat32(Path file, INDArray array) throws IOException {
        Npy.writeFloat32(file, array.shape(), array.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }
}
