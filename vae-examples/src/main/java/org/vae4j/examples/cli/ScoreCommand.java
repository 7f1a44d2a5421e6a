package org.vae4j.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.model.VaeModel;
import org.vae4j.datasets.tabular.BadRowPolicy;
import org.vae4j.datasets.tabular.CsvTableReader;
import org.vae4j.datasets.tabular.FeatureScaler;
import org.vae4j.datasets.tabular.Table;
import org.vae4j.datasets.tabular.TabularDataSetIterator;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.plot.ScoreHistogramPlot;
import org.vae4j.examples.recipes.CsvDataRecipe;
import org.vae4j.examples.recipes.DataRecipe;
import org.vae4j.examples.recipes.DataSource;
import org.vae4j.examples.run.Progress;
import org.vae4j.examples.run.RunEvaluation;
import org.vae4j.examples.run.RunFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Anomaly scores for new CSV rows with a model trained by 'train --data FILE.csv': per row the "
                + "importance-sampled -log p(x), the -ELBO and DL4J's reconstruction log-probability, in nats, read "
                + "and scaled as the training rows were.",
                "Writes into --out (default RUN_DIR/score-<file name>): scores.csv ranked by -log p(x), most anomalous "
                + "first, with a flag for rows above the threshold (a quantile of the run's validation rows' "
                + "-log p(x)); score.json; score-histogram.png."},
        footer = {"", "Example:", "  ./vae4j score runs/sensors-20260101-120000 --data new-sensors.csv --quantile 0.99"})
final class ScoreCommand implements Callable<Integer> {

    static final String CSV = "scores.csv";
    static final String JSON = "score.json";
    static final String PNG = "score-histogram.png";
    /** Rows per call of DL4J's reconstructionLogProbability. */
    private static final int BATCH = 250;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run folder of 'train --data FILE.csv'.")
    Path runDirectory;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Rows to score: a CSV with the "
            + "training file's columns (and its --id-column, if the run has one).")
    Path data;

    @Option(names = "--condition", split = ",", paramLabel = "NAME[,NAME...]", description = "The run's condition "
            + "columns (train --data ... --condition): optional, since the run records them; when given, they must be "
            + "the run's, and a run trained without a condition refuses it. Rows are ranked by -log p(x|c).")
    List<String> condition = new ArrayList<>();

    @Option(names = {"-k", "--importance-samples"}, defaultValue = "200", description = "Importance samples per row "
            + "for -log p(x), >= 1 (default: ${DEFAULT-VALUE}).")
    int importanceSamples;

    @Option(names = "--quantile", defaultValue = "0.99", description = "Threshold: this quantile of the validation "
            + "rows' -log p(x), > 0 and < 1 (default: ${DEFAULT-VALUE}).")
    double quantile;

    @Option(names = "--reconstruction-samples", defaultValue = "16", description = "Draws z ~ q(z|x) per row of "
            + "DL4J's reconstruction log-probability, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int reconstructionSamples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the importance samples and of the reconstruction draws (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder.")
    Path out;

    @Mixin
    ProgressOption progressOption;

    /** The three scores of each row, nats per example. */
    record Scores(double[] negativeLogLikelihood, double[] negativeElbo, double[] reconstructionLogProbability) {
    }

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "-k", importanceSamples, 1, Integer.MAX_VALUE);
        CountOptions.require(spec, "--reconstruction-samples", reconstructionSamples, 1, 1000);
        if (!(quantile > 0 && quantile < 1)) {
            throw CountOptions.invalid(spec, "--quantile", String.valueOf(quantile), "must be > 0 and < 1");
        }
        if (!Files.isRegularFile(data)) {
            throw new NoSuchFileException(data.toString(), null, Files.isDirectory(data)
                    ? "a directory; score reads a CSV file"
                    : Files.exists(data) ? "not a regular file (a device or pipe); score reads a CSV file"
                    : "no such file");
        }
        return RunFolderLog.aroundWriting(runDirectory, "score", spec, this::score);
    }

    private Integer score() throws Exception {
        RunFolder folder = RunFolder.open(runDirectory);
        EffectiveConfig config = folder.readConfig();
        if (!DataRecipe.NAME.equals(config.recipe())) {
            throw new IllegalArgumentException(runDirectory + " is a run of recipe '" + config.recipe()
                    + "'; score works on runs of 'train --data FILE.csv'");
        }
        DataRecipe saved = DataRecipe.fromRunFolder(folder);
        if (!(saved instanceof CsvDataRecipe recipe)) {
            throw new IllegalArgumentException(runDirectory + " was trained on IDX images (" + saved.source().path()
                    + "); score reads CSV rows for runs trained on a CSV");
        }
        DataSource source = recipe.source();
        List<String> runCondition = source.schema().conditionColumns();
        if (!condition.isEmpty() && !condition.equals(runCondition)) {
            throw CountOptions.invalid(spec, "--condition", String.join(",", condition), runCondition.isEmpty()
                    ? "the run in " + runDirectory + " was trained without a condition (an unconditional VAE)"
                    : "the run in " + runDirectory + " is conditioned on " + String.join(",", runCondition));
        }
        Path modelFile = folder.resolve(RunFolder.MODEL);
        if (!Files.isRegularFile(modelFile)) {
            throw new NoSuchFileException(modelFile.toString(), null, "the run has no model yet: finish it with "
                    + "./vae4j train --resume " + runDirectory);
        }
        FeatureScaler scaler = recipe.savedScaler(folder);
        // The same reader, schema and checks as training: every bad cell is one line naming row and column.
        Table rows = CsvTableReader.read(data, source.schema(), BadRowPolicy.REJECT);
        List<String> ids = source.idColumn() == null ? null : CsvTableReader.column(data, source.idColumn());
        // The run's rule for values outside the likelihood's support (data-source.json's clip):
        // refused by the same one line as train --data, or clipped with one WARN line.
        Table scored = recipe.newRows(data, rows, scaler);
        VaeModel model = VaeModel.load(modelFile);
        Table validation = recipe.validationRows(scaler, config.vae().seed());

        Progress progress = progressOption.progress();
        double[] validationScores = logLikelihood(model, validation, "validation rows", progress)
                .perExample().logLikelihoodNats();
        negate(validationScores);
        double threshold = quantile(validationScores, quantile);
        Scores scores = scores(model, scored, progress);

        Integer[] order = IntStream.range(0, rows.rows()).boxed().toArray(Integer[]::new);
        double[] negLogPx = scores.negativeLogLikelihood();
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> negLogPx[i]).reversed());
        StringBuilder csv = new StringBuilder("rank,row" + (ids == null ? "" : "," + quote(source.idColumn()))
                + ",neg_log_px_nats,neg_elbo_nats,dl4j_reconstruction_log_probability_nats,above_threshold\n");
        int above = 0;
        for (int r = 0; r < order.length; r++) {
            int i = order[r];
            boolean flagged = negLogPx[i] > threshold;
            above += flagged ? 1 : 0;
            csv.append(r + 1).append(',').append(i + 1);
            if (ids != null) {
                csv.append(',').append(quote(ids.get(i)));
            }
            csv.append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%b%n", negLogPx[i], scores.negativeElbo()[i],
                    scores.reconstructionLogProbability()[i], flagged));
        }
        Path directory = out != null ? out : folder.resolve("score-" + data.getFileName().toString()
                .replaceFirst("(?i)\\.csv$", "").replaceAll("[^A-Za-z0-9._-]", "_"));
        int flaggedRows = above;
        CreatedFolder.removedOnFailure(directory, () -> {
            Files.createDirectories(directory);
            AtomicFiles.writeString(directory.resolve(CSV), csv.toString());
            AtomicFiles.writeString(directory.resolve(JSON), json(rows, runCondition, validationScores.length, threshold, flaggedRows,
                    negLogPx));
            ScoreHistogramPlot.save(negLogPx, validationScores, threshold, "anomaly scores of "
                    + data.getFileName() + " (threshold: " + quantile + " quantile of validation)", directory.resolve(PNG));
            return null;
        });

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "Scored %d rows of %s: %d above the threshold %s > %.3f nats (the %s quantile "
                        + "of %d validation rows; k = %d).%n", rows.rows(), data, above,
                RunEvaluation.quantity(model.config()), threshold, quantile,
                validationScores.length, importanceSamples);
        w.println("Ranked scores: " + directory.resolve(CSV).toAbsolutePath());
        w.println("Histogram: " + directory.resolve(PNG).toAbsolutePath());
        w.flush();
        return 0;
    }

    private LogLikelihoodReport logLikelihood(VaeModel model, Table table, String what, Progress progress) {
        TabularDataSetIterator iterator = new TabularDataSetIterator(table, what, 500, false, 0,
                model.config().conditionSize());
        try (Progress.Bar bar = progress.start(RunEvaluation.quantity(model.config()) + " of " + what + ", k="
                        + importanceSamples, table.rows(),
                "rows")) {
            return ImportanceSampledLikelihood.builder(model).importanceSamples(importanceSamples).seed(seed)
                    .listener(p -> bar.stepTo(p.examplesDone())).build().evaluate(iterator, iterator.description());
        }
    }

    private Scores scores(VaeModel model, Table table, Progress progress) {
        LogLikelihoodReport report = logLikelihood(model, table, "scored rows", progress);
        double[] negLogPx = report.perExample().logLikelihoodNats().clone();
        double[] negElbo = report.perExample().elboNats().clone();
        negate(negLogPx);
        negate(negElbo);
        INDArray x = org.nd4j.linalg.factory.Nd4j.create(table.values(), new long[] {table.rows(), table.features()},
                'c').castTo(model.dataType());
        double[] reconstruction = new double[table.rows()];
        if (model.config().isConditional()) {
            // DL4J's layer would draw the clamped condition units with noise: the same quantity, the
            // mean over z ~ q(z|x, c) of log p(x|z, c), from vae4j's ELBO terms instead.
            return new Scores(negLogPx, negElbo, model.elboOfInputRows(x, reconstructionSamples, seed)
                    .expectedLogLikelihood());
        }
        // DL4J draws the z of its reconstruction log-probability from ND4J's generator: seeded too, so
        // every column of the file is the same for the same --seed.
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(seed);
        for (int start = 0; start < reconstruction.length; start += BATCH) {
            int end = Math.min(reconstruction.length, start + BATCH);
            INDArray part = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).dup();
            double[] values = model.layer().reconstructionLogProbability(part, reconstructionSamples).toDoubleVector();
            System.arraycopy(values, 0, reconstruction, start, values.length);
        }
        return new Scores(negLogPx, negElbo, reconstruction);
    }

    private String json(Table rows, List<String> conditionColumns, int validationRows, double threshold, int above,
                        double[] negLogPx)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("data", data.toAbsolutePath().toString());
        root.put("dataSha256", rows.fileSha256().values().iterator().next());
        root.put("run", runDirectory.toAbsolutePath().toString());
        root.put("rows", rows.rows());
        root.put("importanceSamples", importanceSamples);
        root.put("seed", seed);
        root.put("reconstructionSamples", reconstructionSamples);
        root.put("quantile", quantile);
        root.put("validationRows", validationRows);
        root.put("thresholdNegLogPxNats", threshold);
        root.put("rowsAboveThreshold", above);
        root.put("meanNegLogPxNats", Arrays.stream(negLogPx).average().orElse(Double.NaN));
        root.put("conditionColumns", String.join(",", conditionColumns));
        root.put("units", "nats per row; -log p(x) (of a conditional run: -log p(x|c)): importance sampled; dl4j "
                + "reconstruction log-probability: mean over z ~ q(z|x) of log p(x|z), without the prior (not a "
                + "likelihood; of a conditional run computed by vae4j, given c)");
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** The q-quantile with linear interpolation between order statistics (R's type 7). */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static void negate(double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = -values[i];
        }
    }

    /**
     * One CSV field of scores.csv: a cell a spreadsheet would run as a formula (leading =, +, -, @,
     * tab or carriage return; OWASP's CSV-injection guidance) gets a leading apostrophe, and a field
     * with a comma, quote or line break is quoted with its quotes doubled (RFC 4180), so it reads
     * back as written.
     */
    static String quote(String field) {
        String safe = !field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0 ? "'" + field : field;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
