package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.Recipes;

/**
 * The benchmark models build the networks that bench/README.md publishes and that
 * bench/pytorch_train.py builds in PyTorch: each network's parameter shapes and count are checked
 * against numbers computed here from the published layer sizes alone (a layer of a inputs and b
 * outputs has an a x b weight and b biases, as torch.nn.Linear), and the twin's MODELS table is
 * read from bench/pytorch_train.py itself, so neither side can drift from the other unnoticed.
 */
class BenchmarkModelTest {

    private static final BenchmarkModel BENCH = BenchmarkModels.named("bench");
    private static final BenchmarkModel KINGMA_WELLING = BenchmarkModels.named("kingma-welling");
    private static final BenchmarkModel IWAE = BenchmarkModels.named("iwae");
    private static final BenchmarkModel TABULAR = BenchmarkModels.named("tabular");

    /** bench/pytorch_train.py, from the module directory Maven runs tests in. */
    private static final Path PYTORCH_TRAIN = Path.of("..", "bench", "pytorch_train.py");

    /** A published architecture: 784 inputs, hidden sizes (the decoder mirrors them), latent size, activation. */
    private record Published(int inputs, List<Integer> hidden, int latent, Activation activation, int outputsPerInput) {

        /** Shapes of the VAE's parameters in DL4J's order: encoder, mean and log-variance heads, decoder, output. */
        List<List<Long>> shapes() {
            List<List<Long>> shapes = new ArrayList<>();
            int in = inputs;
            for (int h : hidden) {
                dense(shapes, in, h);
                in = h;
            }
            dense(shapes, in, latent);
            dense(shapes, in, latent);
            in = latent;
            for (int k = hidden.size() - 1; k >= 0; k--) {
                dense(shapes, in, hidden.get(k));
                in = hidden.get(k);
            }
            dense(shapes, in, inputs * outputsPerInput);
            return shapes;
        }

        long parameters() {
            return shapes().stream().mapToLong(s -> s.stream().reduce(1L, (a, b) -> a * b)).sum();
        }

        private static void dense(List<List<Long>> shapes, long in, long out) {
            shapes.add(List.of(in, out));   // weights
            shapes.add(List.of(out));       // biases
        }
    }

    @Test
    void eachMnistModelBuildsItsPublishedNetwork() {
        // bench/README.md: bench 784-400-20 ReLU; kingma-welling 784-500-20 tanh; iwae 784-200-200-50 tanh;
        // all with a Bernoulli decoder (one logit per pixel) mirroring the encoder.
        assertNetwork(BENCH, new Published(784, List.of(400), 20, Activation.RELU, 1), 652_824);
        assertNetwork(KINGMA_WELLING, new Published(784, List.of(500), 20, Activation.TANH, 1), 815_824);
        assertNetwork(IWAE, new Published(784, List.of(200, 200), 50, Activation.TANH, 1), 425_284);
    }

    /**
     * {@code expectedParameters} is each published count worked by hand, e.g. bench:
     * (784 x 400 + 400) + 2 (400 x 20 + 20) + (20 x 400 + 400) + (400 x 784 + 784) = 652,824; the
     * record's {@link Published#parameters} must agree with it before the network is compared.
     */
    private static void assertNetwork(BenchmarkModel m, Published published, long expectedParameters) {
        assertEquals(expectedParameters, published.parameters(), m.name() + ": the hand count");
        try (VaeModel model = VaeModel.create(m.config(1))) {
            List<List<Long>> built = new ArrayList<>();
            for (INDArray p : model.layer().paramTable().values()) {
                built.add(Arrays.stream(p.shape()).boxed().toList());
            }
            assertEquals(published.shapes(), built, m.name());
            assertEquals(expectedParameters, model.parameterCount(), m.name());
            assertEquals(published.activation().getActivationFunction().getClass(),
                    ((VariationalAutoencoder) model.layer().conf().getLayer()).getActivationFn().getClass(),
                    m.name());
        }
    }

    @Test
    void trainingSettingsAreThePublishedOnes() {
        // bench/README.md: bench trains all 60,000 images binarized once (pixel / 255 > 0.5), Adam 1e-3, batch 128,
        // float32; kingma-welling AdaGrad 0.02 with L2 1/60,000, batch 100; iwae Adam 1e-3, batch 20; both recipes
        // dynamically binarized, 400 images held out for validation (59,600 trained on).
        VaeConfig bench = BENCH.config(12345);
        assertEquals(Adam.class, bench.updater().getClass());
        assertEquals(1e-3, bench.updater().getLearningRate(0, 0), 1e-15);
        assertEquals(DataType.FLOAT, bench.dataType());
        assertEquals(128, BENCH.batchSize());
        assertEquals(Binarization.STATIC_THRESHOLD, BENCH.binarization());
        assertEquals(60_000, BENCH.trainingExamples(null));
        assertEquals(500, BENCH.trainingExamples(500));
        assertEquals(60_000, BENCH.trainingExamples(70_000));

        VaeConfig kingmaWelling = KINGMA_WELLING.config(1);
        assertEquals(AdaGrad.class, kingmaWelling.updater().getClass());
        assertEquals(0.02, kingmaWelling.updater().getLearningRate(0, 0), 1e-15);
        assertEquals(1.0 / 60_000, kingmaWelling.l2(), 1e-18);
        assertEquals(100, KINGMA_WELLING.batchSize());

        VaeConfig iwae = IWAE.config(1);
        assertEquals(Adam.class, iwae.updater().getClass());
        assertEquals(1e-3, iwae.updater().getLearningRate(0, 0), 1e-15);
        assertEquals(20, IWAE.batchSize());
        for (BenchmarkModel m : List.of(KINGMA_WELLING, IWAE)) {
            assertEquals(Binarization.DYNAMIC, m.binarization(), m.name());
            assertEquals(59_600, m.trainingExamples(null), m.name());
            // The benchmark trains the recipe as users do: its config, batch and data are the recipe's own.
            Recipe recipe = Recipes.named(m.recipe().orElseThrow());
            assertEquals(recipe.defaultSettings().batchSize(), m.batchSize(), m.name());
            assertEquals(recipe.defaultSettings().binarization(), m.binarization(), m.name());
            assertEquals(recipe.defaultSettings().validationSize(), m.training().validationHeldOut(), m.name());
            assertEquals(recipe.defaultConfig().toBuilder().seed(3).build(), m.config(3), m.name());
        }
        assertEquals(99, IWAE.config(99).seed());
    }

    @Test
    void thePytorchTwinsModelsTableHasTheSameModels() throws IOException {
        String source = Files.readString(PYTORCH_TRAIN);
        for (BenchmarkModel m : List.of(BENCH, KINGMA_WELLING, IWAE)) {
            Matcher row = modelsRow(source, m.name(), "hidden=\\[([0-9, ]+)\\], latent=(\\d+), "
                    + "activation=torch\\.(\\w+), batch=(\\d+), dynamic=(True|False)");
            VaeConfig c = m.config(1);
            List<Integer> hidden = Arrays.stream(row.group(1).split(",\\s*")).map(Integer::valueOf).toList();
            assertEquals(hidden, c.encoderLayerSizes(), m.name());
            assertEquals(hidden, c.decoderLayerSizes(), m.name() + ": the twin's decoder mirrors its encoder");
            assertEquals(Integer.parseInt(row.group(2)), c.latentSize(), m.name());
            assertEquals(row.group(3), c.hiddenActivation().name().toLowerCase(Locale.ROOT), m.name());
            assertEquals(Integer.parseInt(row.group(4)), m.batchSize(), m.name());
            assertEquals(row.group(5).equals("True"), m.binarization() == Binarization.DYNAMIC, m.name());
        }
        Matcher tabular = modelsRow(source, TABULAR.name(),
                "hidden=None, latent=None, activation=torch\\.(\\w+), batch=(\\d+), dynamic=False");
        assertEquals("tanh", tabular.group(1));
        assertEquals(Integer.parseInt(tabular.group(2)), TABULAR.batchSize());
        Matcher rate = Pattern.compile("(?m)^TABULAR_LR = ([0-9.eE-]+)$").matcher(source);
        assertTrue(rate.find(), "TABULAR_LR in " + PYTORCH_TRAIN);
        assertEquals(5e-3, Double.parseDouble(rate.group(1)));
    }

    private static Matcher modelsRow(String source, String name, String fields) {
        Matcher row = Pattern.compile("\"" + Pattern.quote(name) + "\": dict\\(" + fields + "\\)").matcher(source);
        assertTrue(row.find(), "no MODELS row for '" + name + "' of that form in " + PYTORCH_TRAIN);
        return row;
    }

    /**
     * The tabular model is {@code train --data}'s default for the file: for bench/make_tabular.py's
     * 20 columns, bench/README.md publishes 20-40-5 tanh with a learned-scale Gaussian p(x|z) (the
     * decoder outputs 20 means and 20 scale pre-activations, sigma = softplus(r) + 1e-3), Adam 5e-3,
     * batch 64: (20 x 40 + 40) + 2 (40 x 5 + 5) + (5 x 40 + 40) + (40 x 40 + 40) = 3,130 parameters.
     */
    @Test
    void tabularBuildsTheNetworkPublishedForTwentyColumns(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int j = 1; j <= 20; j++) {
            csv.append(j == 1 ? "" : ",").append("f").append(j);
        }
        csv.append('\n');
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 20; j++) {
                csv.append(j == 0 ? "" : ",").append((i * 7 + j * 3) % 11);
            }
            csv.append('\n');
        }
        Files.writeString(dir.resolve("t.csv"), csv);
        CsvBenchmarkData tabular = new CsvBenchmarkData(TABULAR, dir.resolve("t.csv"));
        tabular.open();
        VaeConfig c = tabular.config(99);
        assertEquals(99, c.seed());
        Published published = new Published(20, List.of(40), 5, Activation.TANH, 2);
        assertEquals(3_130, published.parameters());
        try (VaeModel model = VaeModel.create(c)) {
            List<List<Long>> built = new ArrayList<>();
            for (INDArray p : model.layer().paramTable().values()) {
                built.add(Arrays.stream(p.shape()).boxed().toList());
            }
            assertEquals(published.shapes(), built);
            assertEquals(3_130, model.parameterCount());
        }
        assertEquals(Activation.TANH, c.hiddenActivation());
        assertEquals(Adam.class, c.updater().getClass());
        assertEquals(5e-3, c.updater().getLearningRate(0, 0), 1e-12);
        assertEquals(DataType.FLOAT, c.dataType());
        LearnedScaleGaussianReconstructionDistribution gaussian =
                assertInstanceOf(LearnedScaleGaussianReconstructionDistribution.class, c.reconstructionDistribution());
        assertEquals(1e-3, gaussian.getMinScale());
        assertEquals(64, TABULAR.batchSize());
        assertEquals(tabular.recipe().defaultSettings().batchSize(), TABULAR.batchSize(),
                "the benchmark trains with train --data's own batch");
        assertEquals(Binarization.NONE, TABULAR.binarization());
        assertTrue(TABULAR.fromData());
        assertThrows(IllegalStateException.class, () -> TABULAR.config(1));
    }
}
