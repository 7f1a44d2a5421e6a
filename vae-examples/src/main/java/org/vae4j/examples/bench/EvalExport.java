package org.vae4j.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LearnedScaleReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.npy.Npy;

/**
 * First, untimed step of {@code bench/compare.sh tabular}'s evaluation: the model both sides evaluate
 * ({@code org.vae4j.eval.bench.EvalModelExport} does the same for the MNIST models). Loads
 * {@code WORK/model.zip}, or trains one as {@code benchmark train --model tabular} does (the same pipeline,
 * {@link TrainSpeed}) and saves it there; then writes for {@code bench/pytorch_eval.py}:
 * <ul>
 * <li>{@code WORK/params/<DL4J key>.npy}: every parameter of the VAE layer, float32, DL4J's [nIn, nOut] layout
 *     (a layer is {@code x @ W + b}); the decoder's output layer {@code pXZ} has 2 x columns outputs, all means
 *     first, then all scale pre-activations r (sigma = softplus(r) + minScale);</li>
 * <li>{@code WORK/}{@value #TEST_ROWS_FILE}: the test rows as {@code benchmark eval} evaluates them (split and
 *     standardized with the model's seed), float32 [rows, columns];</li>
 * <li>{@code WORK/model.json}: sizes, activation, likelihood, minScale, seed, keys.</li>
 * </ul>
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
    public static String export(BenchmarkModel model, Path data, Path work, int epochs, long seed)
            throws IOException {
        if (!model.fromData()) {
            throw new IllegalArgumentException("--model " + model.cliName() + ": bench/compare.sh eval exports the "
                    + "MNIST models (org.vae4j.eval.bench.EvalModelExport); this exports --model tabular");
        }
        TrainSpeed.requireData(model, data);
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
            vae.setData(trained.data());
            vae.save(zip);
            log.add(String.format(Locale.ROOT, "trained %s (%s) on %s for %d epoch(s) in %.0f s, test -ELBO %.3f; "
                            + "saved %s", model.cliName(), BenchmarkModel.architecture(vae.config()), data, epochs,
                    (System.nanoTime() - start) / 1e9, trained.result().testNegativeElbo(), zip));
        }
        TabularBench tabular = TabularBench.open(data);
        VaeConfig config = vae.config();
        EvalSpeed.requireArchitecture(model, tabular.config(config.seed()), config, zip);
        requireSameFile(vae, tabular, zip);

        StringJoiner keys = new StringJoiner("\", \"", "[\"", "\"]");
        for (Map.Entry<String, INDArray> p : vae.layer().paramTable().entrySet()) {
            writeFloat32(work.resolve("params").resolve(p.getKey() + ".npy"), p.getValue());
            keys.add(p.getKey());
        }
        INDArray test = TabularBench.testRows(tabular.load(config.seed(), null, null));
        writeFloat32(work.resolve(TEST_ROWS_FILE), test);
        double minScale = config.reconstructionDistribution() instanceof LearnedScaleReconstructionDistribution d
                ? d.getMinScale() : Double.NaN;
        String json = String.format(Locale.ROOT, "{\"arch\": \"%s\", \"inputSize\": %d, \"encoderLayerSizes\": %s, "
                        + "\"decoderLayerSizes\": %s, \"latentSize\": %d, \"hiddenActivation\": \"%s\", "
                        + "\"reconstructionDistribution\": \"%s\", \"minScale\": %s, \"dataType\": \"%s\", "
                        + "\"seed\": %d, \"testRows\": %d, \"keys\": %s}%n",
                model.cliName(), config.inputSize(), config.encoderLayerSizes(), config.decoderLayerSizes(),
                config.latentSize(), config.hiddenActivation().name().toLowerCase(Locale.ROOT),
                config.reconstructionDistribution().getClass().getSimpleName(),
                Double.isNaN(minScale) ? "null" : Double.toString(minScale), config.dataType(), config.seed(),
                test.rows(), keys);
        Files.writeString(work.resolve(MODEL_JSON), json);
        log.add("wrote " + work.resolve("params") + ", " + work.resolve(TEST_ROWS_FILE) + " (" + test.rows()
                + " test rows) and " + work.resolve(MODEL_JSON));
        return log.toString();
    }

    /** Fails unless {@code vae} was trained on the file {@code tabular} read (same SHA-256), when it says. */
    static void requireSameFile(VaeModel vae, TabularBench tabular, Path zip) {
        if (vae.data() == null || vae.data().fileSha256().isEmpty()) {
            return;
        }
        Map<String, String> now = tabular.recipe().source().fileSha256();
        if (!Objects.equals(Map.copyOf(vae.data().fileSha256()), Map.copyOf(now))) {
            throw new IllegalArgumentException(zip + " was trained on " + vae.data().fileSha256() + ", not on "
                    + now + " (a model for another --data? remove the folder to train a new one)");
        }
    }

    private static void writeFloat32(Path file, INDArray array) throws IOException {
        Npy.writeFloat32(file, array.shape(), array.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }
}
