package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.Recipes;

/**
 * The benchmark models of bench/models.json build the networks that bench/README.md publishes, are the recipes and
 * the {@code train --data} default they say they are, and are what the PyTorch side builds from the same file: each
 * network's parameter shapes and count are checked against numbers computed here from the published layer sizes
 * alone (a layer of a inputs and b outputs has an a x b weight and b biases, as torch.nn.Linear), each recipe's
 * model against the recipe's own config and settings, and both sides' networks, optimisers, learning-rate schedules
 * and data settings against each other: bench/describe_models.py prints what the PyTorch builders make of the file,
 * so neither side can drift from the other unnoticed.
 */
class BenchmarkModelTest {

    private static final BenchmarkModel BENCH = BenchmarkModels.named("bench");
    private static final BenchmarkModel KINGMA_WELLING = BenchmarkModels.named("kingma-welling");
    private static final BenchmarkModel IWAE = BenchmarkModels.named("iwae");
    private static final BenchmarkModel TABULAR = BenchmarkModels.named("tabular");

    /** bench/describe_models.py, from the module directory Maven runs tests in. */
    private static final Path DESCRIBE_MODELS = Path.of("..", "bench", "describe_models.py");
    /** The PyTorch side's interpreter, as bench/README.md asks for it (Debian's python3-torch). */
    private static final String PYTHON = "/usr/bin/python3";
    /** Column counts of the tabular model compared: below, at and above the sizing rule's clamps. */
    private static final List<Integer> TABULAR_COLUMNS = List.of(4, 20, 300);

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
        // bench/README.md: bench 784-400-20 ReLU (bench/run.sh's latent2: 784-400-2); kingma-welling 784-500-20 tanh;
        // iwae 784-200-200-50 tanh;
        // all with a Bernoulli decoder (one logit per pixel) mirroring the encoder.
        assertNetwork(BENCH, new Published(784, List.of(400), 20, Activation.RELU, 1), 652_824);
        assertNetwork(BenchmarkModels.named("latent2"), new Published(784, List.of(400), 2, Activation.RELU, 1), 631_188);
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

    /**
     * What bench/describe_models.py reports the PyTorch side builds from bench/models.json, for every model of the
     * file (the tabular one for several column counts), against vae4j's networks, optimisers and data settings built
     * from the same file: parameters (DL4J's keys, order and layout), hidden activation and likelihood of both
     * PyTorch builders (pytorch_train.py's and the fidelity twin's); torch.optim's class, learning rate at each epoch
     * (its LambdaLR) and weight decay of weights and biases (DL4J's L2 touches weights only); the twin's DL4J updater,
     * L2 and rates; and the minibatch, binarization and held-out images vae4j trains with (the recipe's own settings
     * for a recipe's model, train --data's for the tabular one).
     */
    @Test
    void pytorchBuildsTheSameNetworksAndOptimisersFromTheFile(@TempDir Path dir) throws Exception {
        JsonNode described = describeModels();
        List<Integer> epochs = new ArrayList<>();
        described.get("epochs").forEach(e -> epochs.add(e.asInt()));
        List<String> names = new ArrayList<>();
        described.get("models").fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>();
        for (BenchmarkModel m : BenchmarkModels.all()) {
            if (m.fromData()) {
                TABULAR_COLUMNS.forEach(c -> expected.add(m.name() + "@" + c));
            } else {
                expected.add(m.name());
            }
        }
        assertEquals(expected, names, "the models of bench/models.json, on both sides");

        for (BenchmarkModel m : BenchmarkModels.all()) {
            for (int columns : m.fromData() ? TABULAR_COLUMNS : List.of(0)) {
                String name = m.fromData() ? m.name() + "@" + columns : m.name();
                JsonNode py = described.get("models").get(name);
                JavaSide java = javaSide(m, columns, dir);
                for (Iterator<Map.Entry<String, JsonNode>> it = py.get("networks").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> builder = it.next();
                    String where = name + ", " + builder.getKey();
                    assertEquals(java.parameters(), parameters(builder.getValue().get("parameters")), where);
                    assertEquals(java.config().hiddenActivation().name().toLowerCase(Locale.ROOT),
                            builder.getValue().get("activation").asText(), where);
                    assertEquals(likelihood(java.config()), builder.getValue().get("likelihood").asText(), where);
                }
                assertEquals(m.training().data() == BenchmarkModel.Data.MNIST ? 2 : 1, py.get("networks").size(),
                        name + ": the twin is built for the MNIST models");

                IUpdater updater = java.config().updater();
                JsonNode torch = py.get("torch");
                assertEquals(updater.getClass().getSimpleName().toLowerCase(Locale.ROOT),
                        torch.get("optimizer").asText().toLowerCase(Locale.ROOT), name);
                assertRates(updater, epochs, torch.get("rates"), 1e-12, name + ", torch.optim");
                assertEquals(java.config().l2(), torch.get("weightDecay").get("weights").asDouble(), name);
                assertEquals(0.0, torch.get("weightDecay").get("biases").asDouble(), name);
                if (py.has("twin")) {
                    JsonNode twin = py.get("twin");
                    assertEquals(updater.getClass().getSimpleName().toLowerCase(Locale.ROOT),
                            twin.get("updater").asText(), name);
                    assertEquals(java.config().l2(), twin.get("l2").asDouble(), name);
                    assertRates(updater, epochs, twin.get("rates"), 0, name + ", twin");
                }

                assertEquals(java.batchSize(), py.get("batch").asInt(), name);
                assertEquals(java.binarization(), py.get("binarization").asText(), name);
                assertEquals(java.validationHeldOut(), py.get("validationHeldOut").asInt(), name);
            }
        }
    }

    /** What vae4j trains for {@code m} (the tabular model: on a CSV of {@code columns} columns). */
    private record JavaSide(VaeConfig config, List<List<Object>> parameters, int batchSize, String binarization,
                            int validationHeldOut) {
    }

    private static JavaSide javaSide(BenchmarkModel m, int columns, Path dir) throws IOException {
        VaeConfig config;
        RecipeSettings settings;
        if (m.fromData()) {
            CsvBenchmarkData data = new CsvBenchmarkData(m, table(dir, columns, 50));
            data.open();
            config = data.config(1);
            settings = data.recipe().defaultSettings();
        } else {
            config = m.config(1);
            settings = m.recipe().map(r -> Recipes.named(r).defaultSettings()).orElse(null);
        }
        List<List<Object>> parameters = new ArrayList<>();
        try (VaeModel model = VaeModel.create(config)) {
            for (Map.Entry<String, INDArray> p : model.layer().paramTable().entrySet()) {
                long[] shape = p.getValue().shape();
                // DL4J holds biases as [1, nOut]; PyTorch and the exported .npy files as [nOut].
                if (p.getKey().endsWith("b") && shape.length == 2 && shape[0] == 1) {
                    shape = new long[] {shape[1]};
                }
                parameters.add(List.of(p.getKey(), Arrays.stream(shape).boxed().toList()));
            }
        }
        if (settings == null) {
            return new JavaSide(config, parameters, m.batchSize(), binarization(m.binarization()),
                    m.training().validationHeldOut());
        }
        // A recipe's model and the tabular model train with their pipeline's own settings.
        return new JavaSide(config, parameters, settings.batchSize(), binarization(settings.binarization()),
                m.fromData() ? 0 : settings.validationSize());
    }

    private static String binarization(Binarization b) {
        return switch (b) {
            case STATIC_THRESHOLD -> "threshold";
            case DYNAMIC -> "dynamic";
            case NONE -> "none";
            default -> b.name();
        };
    }

    private static String likelihood(VaeConfig config) {
        if (config.reconstructionDistribution() instanceof LogitBernoulliReconstructionDistribution) {
            return "bernoulli";
        }
        if (config.reconstructionDistribution() instanceof LearnedScaleGaussianReconstructionDistribution) {
            return "gaussian";
        }
        return config.reconstructionDistribution().getClass().getSimpleName();
    }

    private static List<List<Object>> parameters(JsonNode described) {
        List<List<Object>> parameters = new ArrayList<>();
        for (JsonNode p : described) {
            List<Long> shape = new ArrayList<>();
            p.get(1).forEach(d -> shape.add(d.asLong()));
            parameters.add(List.of(p.get(0).asText(), shape));
        }
        return parameters;
    }

    private static void assertRates(IUpdater updater, List<Integer> epochs, JsonNode rates, double relative,
                                    String where) {
        assertEquals(epochs.size(), rates.size(), where);
        for (int i = 0; i < epochs.size(); i++) {
            double expected = updater.getLearningRate(0, epochs.get(i));
            assertEquals(expected, rates.get(i).asDouble(), relative * expected, where + ": epoch " + epochs.get(i));
        }
    }

    /** bench/describe_models.py's report, or the test is skipped when python3 with torch is not there. */
    private static JsonNode describeModels() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && run(PYTHON, "-c", "import torch").exitCode() == 0,
                "skipped: needs " + PYTHON + " with torch (apt-get install python3-torch python3-numpy), which "
                        + "builds the PyTorch side of bench/models.json");
        List<String> command = new ArrayList<>(List.of(PYTHON, DESCRIBE_MODELS.toString()));
        TABULAR_COLUMNS.forEach(c -> command.add(String.valueOf(c)));
        Output out = run(command.toArray(String[]::new));
        assertEquals(0, out.exitCode(), String.join(" ", command) + ": " + out.stderr());
        return new ObjectMapper().readTree(out.stdout());
    }

    private record Output(int exitCode, String stdout, String stderr) {
    }

    private static Output run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] stdout = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Output(p.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr.join(), StandardCharsets.UTF_8));
    }

    /** A CSV file of {@code columns} numeric columns and {@code rows} rows (their values do not matter here). */
    private static Path table(Path dir, int columns, int rows) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int j = 1; j <= columns; j++) {
            csv.append(j == 1 ? "" : ",").append("f").append(j);
        }
        csv.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                csv.append(j == 0 ? "" : ",").append((i * 7 + j * 3) % 11);
            }
            csv.append('\n');
        }
        Path file = dir.resolve("t" + columns + ".csv");
        Files.writeString(file, csv);
        return file;
    }

    /**
     * The tabular model is {@code train --data}'s default for the file: for bench/make_tabular.py's
     * 20 columns, bench/README.md publishes 20-40-5 tanh with a learned-scale Gaussian p(x|z) (the
     * decoder outputs 20 means and 20 scale pre-activations, sigma = softplus(r) + 1e-3), Adam 5e-3,
     * batch 64: (20 x 40 + 40) + 2 (40 x 5 + 5) + (5 x 40 + 40) + (40 x 40 + 40) = 3,130 parameters.
     */
    @Test
    void tabularBuildsTheNetworkPublishedForTwentyColumns(@TempDir Path dir) throws IOException {
        CsvBenchmarkData tabular = new CsvBenchmarkData(TABULAR, table(dir, 20, 50));
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
