package org.vae4j.bench.fidelity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.bench.data.MnistImages;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.core.engine.FusedElboGradient;
import org.vae4j.core.train.ElboStep;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.core.train.VaeTrainer;
import org.vae4j.datasets.mnist.MnistData;
import org.vae4j.datasets.mnist.MnistVariant;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LoggingEvaluationListener;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;
import org.vae4j.eval.report.LogLikelihoodReportWriter;
import org.vae4j.datasets.npy.Npy;

/**
 * The Java side of {@code bench/fidelity.sh} (issue 14): vae4j and its PyTorch twin
 * ({@code bench/vae_twin.py}) trained under one protocol and scored by vae4j's own evaluator on
 * the same images with the same seed. The models are bench/models.json's, which the twin reads too.
 * Subcommands, each one JVM:
 * <pre>
 * train-ids RUN_DIR OUT.npy
 *     the training-file ids a vae4j MNIST run trained on (its validation split and trainLimit
 *     applied, read from the run folder's config.json), int32, for the twin
 * train-bench --epochs N --seed S --mnist DIR --examples N --out DIR
 *     the bench model of bench/models.json (784-400-20 ReLU, Adam 1e-3, batch 128, all 60,000
 *     training images binarized pixel/255 &gt; 0.5, float32), trained by VaeTrainer: writes
 *     DIR/model.zip, DIR/metrics.csv (training -ELBO per epoch) and DIR/test.npy, the first N test
 *     images binarized the same way
 * score --data FILE.npy (--model ZIP | --config-from ZIP --params DIR) --k K --eval-seed E --out DIR [--name NAME]
 *     ImportanceSampledLikelihood on the examples of FILE.npy (as vae4j eval --export-data writes
 *     them): eval.json and eval-per-example.csv in DIR, as vae4j eval writes them, and one RESULT
 *     line. --params DIR holds one KEY.npy per parameter
 *     of DL4J's VAE layer (e0W, e0b, ..., pZXMeanW, pZXLogStd2W, d0W, pXZW, pXZb) in DL4J's
 *     layout (W [nIn, nOut], b [nOut]), loaded into a model of the architecture of --config-from.
 * step-check --recipe iwae-vae-mnist|kingma-welling-mnist|bench --mnist DIR --steps T --out DIR
 *     the model of that recipe (or that name) in bench/models.json, freshly initialised from seed
 *     12345, the first minibatch of training images (binarized
 *     pixel/255 &gt; 0.5), the noise ElboStep will draw at iterations 0..T-1, the gradient of
 *     iteration 0 (FusedElboGradient, before regularisation and updater) and the parameters after
 *     T ElboStep updates, all as .npy under DIR, for {@code bench/vae_twin.py --step-check DIR}:
 *     the twin then computes the same gradient and steps on the same noise, so any difference
 *     beyond float rounding is a difference of method, not of random numbers.
 * </pre>
 */
public final class FidelityTool {

    /** The seed of the models step-check builds: the recipes' default seed. */
    private static final long STEP_CHECK_SEED = 12345;
    /** vae4j eval's files (vae-examples' RunEvaluation), which bench/fidelity_summary.py reads. */
    private static final String EVAL_JSON = "eval.json";
    private static final String EVAL_CSV = "eval-per-example.csv";
    /** vae4j eval's default --eval-seed. */
    private static final long DEFAULT_EVAL_SEED = 1;

    private FidelityTool() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: FidelityTool train-ids|train-bench|score|step-check ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "train-ids" -> trainIds(Path.of(rest[0]), Path.of(rest[1]));
            case "train-bench" -> trainBench(options(rest));
            case "score" -> score(options(rest));
            case "step-check" -> stepCheck(options(rest));
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }

    /**
     * The ids of the training file a run trained on, sorted, as the application's MNIST recipes select them: its
     * recipe (fashion-mnist or MNIST), validation split and trainLimit, read from the run folder's config.json.
     */
    static void trainIds(Path runDir, Path out) throws IOException {
        Path configFile = runDir.resolve("config.json");
        JsonNode config = new ObjectMapper().readTree(Files.readString(configFile));
        JsonNode settings = config.path("settings");
        if (!config.path("recipe").isTextual() || !settings.path("validationSize").canConvertToInt()) {
            throw new IOException(configFile + ": no recipe and settings.validationSize (not a vae4j run folder?)");
        }
        MnistVariant variant = switch (config.get("recipe").asText()) {
            case "fashion-mnist" -> MnistVariant.FASHION_MNIST;
            default -> MnistVariant.MNIST;
        };
        int validationSize = settings.get("validationSize").asInt();
        MnistData data = MnistData.loader(variant).validationSize(validationSize).load();
        int[] ids = data.trainIds();
        int limit = settings.path("trainLimit").asInt(-1);
        if (limit > 0 && limit < ids.length) {
            ids = Arrays.copyOf(ids, limit);
        }
        Npy.writeInt32(out, new long[] {ids.length}, ids);
        System.out.printf(Locale.ROOT, "RESULT train_ids=%d validation_size=%d file=%s%n", ids.length,
                validationSize, out);
    }

    /** The bench model and its data (all 60,000 images binarized once), trained by VaeTrainer, then saved. */
    static void trainBench(Map<String, String> o) throws IOException {
        int epochs = Integer.parseInt(required(o, "epochs"));
        long seed = Long.parseLong(required(o, "seed"));
        Path mnist = Path.of(required(o, "mnist"));
        int examples = Integer.parseInt(o.getOrDefault("examples", "10000"));
        Path out = Path.of(required(o, "out"));
        Files.createDirectories(out);
        INDArray train = MnistImages.thresholded(mnist.resolve("train-images-idx3-ubyte"), Integer.MAX_VALUE)
                .features();
        INDArray test = MnistImages.thresholded(mnist.resolve("t10k-images-idx3-ubyte"), examples).features();
        BenchmarkModel bench = BenchmarkModels.named("bench");
        int batch = bench.batchSize();
        VaeModel model = VaeModel.create(bench.config(seed));
        long[] iterations = {0};
        long[] firstIterationEnd = {0};
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                if (iterations[0]++ == 0) {
                    firstIterationEnd[0] = System.nanoTime();
                }
            }
        };
        long start = System.nanoTime();
        TrainingResult result = VaeTrainer.builder(model).epochs(epochs).checkpointEveryEpochs(0).listener(timer)
                .build().fit(new InMemoryEpochIterator(train, null, batch, true, seed));
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        model.setData(new DataDescription("mnist", "train", "STATIC_THRESHOLD", seed, train.rows(), null));
        model.save(out.resolve("model.zip"));
        writeFloat32(out.resolve("test.npy"), test);
        StringBuilder metrics = new StringBuilder("epoch,iteration,train_neg_elbo_nats,wall_seconds\n");
        for (EpochMetrics m : result.history()) {
            metrics.append(m.epoch()).append(',').append(m.iteration()).append(',').append(m.trainNegativeElbo())
                    .append(',').append(m.wallSeconds()).append('\n');
        }
        Files.writeString(out.resolve("metrics.csv"), metrics);
        double lastLoss = result.history().isEmpty() ? Double.NaN
                : result.history().get(result.history().size() - 1).trainNegativeElbo();
        System.out.printf(Locale.ROOT, "RESULT impl=vae4j protocol=bench epochs=%d seed=%d train_s=%.1f "
                        + "ex_per_s=%.0f last_epoch_train_neg_elbo=%.4f test_examples=%d%n", epochs, seed, trainSeconds,
                (train.rows() * (double) epochs - batch) / ((System.nanoTime() - firstIterationEnd[0]) / 1e9),
                lastLoss, test.rows());
    }

    static void score(Map<String, String> o) throws IOException {
        Path dataFile = Path.of(required(o, "data"));
        int k = Integer.parseInt(required(o, "k"));
        long seed = Long.parseLong(o.getOrDefault("eval-seed", String.valueOf(DEFAULT_EVAL_SEED)));
        Path out = Path.of(required(o, "out"));
        String name = o.getOrDefault("name", "model");
        VaeModel model;
        if (o.containsKey("model")) {
            model = VaeModel.load(Path.of(o.get("model")));
        } else {
            VaeConfig config = VaeModel.load(Path.of(required(o, "config-from"))).config();
            model = TwinWeights.load(config, Path.of(required(o, "params")));
        }
        INDArray x = readExamples(dataFile);
        Files.createDirectories(out);
        LogLikelihoodReport report = ImportanceSampledLikelihood.builder(model).importanceSamples(k).seed(seed)
                .listener(new LoggingEvaluationListener()).build()
                .evaluate(x, new DataDescription(dataFile.getFileName().toString(), "test", "as exported", 0, x.rows(),
                        null));
        LogLikelihoodReportWriter.writeJson(report, out.resolve(EVAL_JSON));
        LogLikelihoodReportWriter.writeCsv(report, out.resolve(EVAL_CSV));
        LogLikelihoodSummary s = report.summary();
        System.out.printf(Locale.ROOT, "RESULT side=%s nll=%.4f nll_se=%.4f neg_elbo=%.4f neg_elbo_se=%.4f "
                        + "active_units=%d latent=%d examples=%d k=%d eval_seed=%d data_ones=%.0f wall_s=%.1f%n", name,
                s.negativeLogLikelihoodNats(), s.standardErrorNats(), s.negativeElboNats(), s.elboStandardErrorNats(),
                report.activeUnits().activeCount(), model.config().latentSize(), s.examples(), k, s.seed(),
                x.sumNumber().doubleValue(), s.wallSeconds());
    }

    /** One recipe's first steps with their noise, written for the twin to repeat (see the class comment). */
    static void stepCheck(Map<String, String> o) throws IOException {
        String recipeName = required(o, "recipe");
        int steps = Integer.parseInt(o.getOrDefault("steps", "3"));
        Path out = Path.of(required(o, "out"));
        // The model's config carries its learning-rate schedule.
        BenchmarkModel benchmarkModel = BenchmarkModels.forRecipeOrName(recipeName);
        VaeConfig config = benchmarkModel.config(STEP_CHECK_SEED);
        int batch = benchmarkModel.batchSize();
        VaeModel model = VaeModel.create(config);
        INDArray x = MnistImages.thresholded(Path.of(required(o, "mnist")).resolve("train-images-idx3-ubyte"), batch)
                .features().castTo(model.dataType());
        Files.createDirectories(out);
        writeFloat32(out.resolve("x.npy"), x);
        writeParams(model.layer().paramTable(), out.resolve("params0"));
        for (int t = 0; t < steps; t++) {
            // FusedElboGradient fills its [rows, latent] noise buffer with one Nd4j.randn right after
            // ElboStep has seeded the generator: the same draw, made here first.
            Nd4j.getRandom().setSeed(ElboStep.noiseSeed(config.seed(), t));
            INDArray noise = Nd4j.randn(Nd4j.create(model.dataType(), x.rows(), config.latentSize()));
            writeFloat32(out.resolve("noise-" + t + ".npy"), noise);
        }
        FusedElboGradient engine = new FusedElboGradient(model.layer(), config.klObjective());
        Nd4j.getRandom().setSeed(ElboStep.noiseSeed(config.seed(), 0));
        double firstLoss = engine.computeGradient(x, 0);
        writeParams(engine.gradient().gradientForVariable(), out.resolve("grad0"));
        ElboStep step = new ElboStep(model);
        StringBuilder losses = new StringBuilder();
        for (int t = 0; t < steps; t++) {
            losses.append(t > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6f", step.apply(x, t, 0)));
        }
        writeParams(model.layer().paramTable(), out.resolve("params" + steps));
        System.out.printf(Locale.ROOT, "RESULT step_check=%s steps=%d batch=%d updater=%s l2=%s first_loss=%.6f "
                + "losses=%s out=%s%n", recipeName, steps, batch, config.updater(), config.l2(), firstLoss, losses, out);
    }

    private static void writeParams(Map<String, INDArray> table, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, INDArray> p : table.entrySet()) {
            writeFloat32(dir.resolve(p.getKey() + ".npy"), p.getValue());
        }
    }

    private static void writeFloat32(Path file, INDArray array) throws IOException {
        INDArray c = array.castTo(DataType.FLOAT).dup('c');
        Npy.writeFloat32(file, c.shape(), c.data().asFloat());
    }

    /** A [examples, inputSize] .npy file, as vae4j eval --export-data FILE.npy writes it, as FLOAT. */
    private static INDArray readExamples(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".npy")) {
            throw new IllegalArgumentException("--data " + file + ": score reads .npy files (vae4j eval "
                    + "--export-data FILE.npy)");
        }
        Npy.Array array = Npy.read(file);
        if (array.shape().length != 2) {
            throw new IOException(file + ": expected a 2-D [examples, inputSize] array, got shape "
                    + Arrays.toString(array.shape()));
        }
        return Nd4j.create(array.values(), array.shape(), 'c').castTo(DataType.FLOAT);
    }

    private static String required(Map<String, String> o, String key) {
        String value = o.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            String key = args[i].substring(2);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("--" + key + " given twice");
            }
            o.put(key, args[++i]);
        }
        return o;
    }
}
