package org.vae4j.examples.recipes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.mnist.MnistVariant;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.plot.ImageGridPlot;
import org.vae4j.examples.run.RunContext;
import org.vae4j.examples.run.TestSet;

/**
 * Anomaly scores for MNIST test digits: the importance-sampled log p(x) against DL4J's
 * "reconstruction probability" (An and Cho 2015), which averages log p(x|z) over z ~ q(z|x) and
 * so ignores the prior: it is not a likelihood. The recipe ranks the test digits by both scores,
 * reports their Spearman rank correlation, and draws the most and least typical digits of each
 * class under each score.
 */
public final class MnistAnomalyRecipe implements Recipe {

    public static final String NAME = "mnist-anomaly";
    public static final String CSV = "anomaly.csv";
    public static final String JSON = "anomaly.json";
    public static final String IS_PLOT = "anomaly-is-log-px.png";
    public static final String RECONSTRUCTION_PLOT = "anomaly-reconstruction-probability.png";
    /** z draws per example of DL4J's reconstruction probability. */
    static final int RECONSTRUCTION_SAMPLES = 16;
    /** Digits shown per class at each end of the ranking. */
    static final int SHOWN = 5;

    private static final Logger LOG = LoggerFactory.getLogger(MnistAnomalyRecipe.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "rank MNIST test digits by IS log p(x) vs DL4J's reconstruction probability; best/worst per class";
    }

    @Override
    public String description() {
        return """
                A 784-500-20 tanh VAE with a Bernoulli decoder (Adam 0.001, batch 100, dynamic binarization) is
                trained on MNIST; then each test digit gets two anomaly scores: the importance-sampled log p(x)
                (k = evalImportanceSamples) and DL4J's reconstruction log-probability
                (VariationalAutoencoder.reconstructionLogProbability, An and Cho 2015, 16 samples), which
                averages log p(x|z) over q(z|x) and leaves out the prior. anomaly.csv lists both scores and
                ranks per digit, anomaly.json their Spearman rank correlation and the most and least typical
                digits per class, and two PNGs show them (per class: 5 most typical, then 5 least typical).
                """.strip();
    }

    @Override
    public RecipeSettings defaultSettings() {
        return new RecipeSettings(20, 100, Binarization.DYNAMIC, -1, 400, 1000, 500, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        return VaeConfig.builder().inputSize(784).encoderLayerSizes(500).decoderLayerSizes(500).latentSize(20)
                .hiddenActivation(Activation.TANH).reconstructionDistribution(new LogitBernoulliReconstructionDistribution())
                .updater(UpdaterKind.ADAM, 1e-3).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return RecipeDataLoader.mnist(MnistVariant.MNIST, settings, seed);
    }

    @Override
    public void afterTraining(RunContext run) throws IOException {
        if (run.evaluation() == null) {
            throw new IllegalArgumentException("mnist-anomaly ranks by log p(x): RecipeSettings.evalImportanceSamples "
                    + "must be >= 1");
        }
        TestSet test = TestSet.collect(run.data().test(), true);
        double[] logPx = run.evaluation().perExample().logLikelihoodNats();
        double[] reconstruction = reconstructionLogProbability(run, test.features());
        int n = logPx.length;
        int[] isRank = ranks(logPx);
        int[] reconstructionRank = ranks(reconstruction);
        StringBuilder csv = new StringBuilder("index,label,is_log_px_nats,dl4j_reconstruction_log_probability_nats,"
                + "is_rank,reconstruction_rank\n");
        for (int i = 0; i < n; i++) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%d,%d%n", i, test.labels()[i], logPx[i],
                    reconstruction[i], isRank[i], reconstructionRank[i]));
        }
        run.folder().writeText(CSV, csv.toString());

        double spearman = pearson(isRank, reconstructionRank);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("examples", n);
        root.put("spearmanRankCorrelation", spearman);
        root.put("reconstructionSamples", RECONSTRUCTION_SAMPLES);
        root.put("importanceSamples", run.evaluation().summary().importanceSamples());
        ObjectNode perClass = root.putObject("perClass");
        List<String> classes = run.data().classNames();
        for (int c = 0; c < classes.size(); c++) {
            ObjectNode node = perClass.putObject(classes.get(c));
            int[] byIs = ofClassSorted(test.labels(), c, logPx);
            int[] byReconstruction = ofClassSorted(test.labels(), c, reconstruction);
            node.set("mostTypicalByLogPx", ids(json, head(byIs)));
            node.set("leastTypicalByLogPx", ids(json, tail(byIs)));
            node.set("mostTypicalByReconstruction", ids(json, head(byReconstruction)));
            node.set("leastTypicalByReconstruction", ids(json, tail(byReconstruction)));
        }
        run.folder().writeText(JSON, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        plot(run, test, logPx, IS_PLOT, "per class: 5 most, then 5 least likely by IS log p(x)");
        plot(run, test, reconstruction, RECONSTRUCTION_PLOT,
                "per class: 5 most, then 5 least likely by DL4J reconstruction probability");
        LOG.info(String.format(Locale.ROOT, "Anomaly ranking of %d test digits: Spearman correlation of IS log p(x) "
                + "and DL4J reconstruction log-probability = %.3f", n, spearman));
    }

    private static double[] reconstructionLogProbability(RunContext run, INDArray x) {
        double[] out = new double[(int) x.rows()];
        int batch = 250;
        for (int start = 0; start < out.length; start += batch) {
            int end = Math.min(out.length, start + batch);
            INDArray rows = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            double[] part = run.model().layer().reconstructionLogProbability(rows, RECONSTRUCTION_SAMPLES)
                    .toDoubleVector();
            System.arraycopy(part, 0, out, start, part.length);
        }
        return out;
    }

    private static void plot(RunContext run, TestSet test, double[] score, String file, String title)
            throws IOException {
        List<float[]> cells = new ArrayList<>();
        float[][] pixels = test.features().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        float[] blank = new float[pixels[0].length];
        for (int c = 0; c < run.data().classNames().size(); c++) {
            int[] sorted = ofClassSorted(test.labels(), c, score);
            for (int[] part : List.of(head(sorted), tail(sorted))) {
                for (int k = 0; k < SHOWN; k++) {
                    cells.add(k < part.length ? pixels[part[k]] : blank);
                }
            }
        }
        ImageGridPlot.save(cells.toArray(float[][]::new), run.data().imageShape(), 2 * SHOWN, title,
                run.folder().resolve(file));
    }

    /** Indices of class {@code c}, highest score first. */
    static int[] ofClassSorted(int[] labels, int c, double[] score) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == c).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> score[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] head(int[] sorted) {
        return Arrays.copyOf(sorted, Math.min(SHOWN, sorted.length));
    }

    /** The lowest scores, lowest first. */
    private static int[] tail(int[] sorted) {
        int[] t = new int[Math.min(SHOWN, sorted.length)];
        for (int k = 0; k < t.length; k++) {
            t[k] = sorted[sorted.length - 1 - k];
        }
        return t;
    }

    private static ArrayNode ids(ObjectMapper json, int[] ids) {
        ArrayNode array = json.createArrayNode();
        Arrays.stream(ids).forEach(array::add);
        return array;
    }

    /** Rank 1 = highest score. */
    static int[] ranks(double[] score) {
        Integer[] order = IntStream.range(0, score.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
        int[] rank = new int[score.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r + 1;
        }
        return rank;
    }

    static double pearson(int[] a, int[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
