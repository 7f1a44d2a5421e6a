package org.vae4j.examples.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.CompositeReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.activations.Activation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.CategoricalReconstructionDistribution;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.tabular.BadRowPolicy;
import org.vae4j.datasets.tabular.CsvTableReader;
import org.vae4j.datasets.tabular.FeatureScaler;
import org.vae4j.datasets.tabular.Table;
import org.vae4j.datasets.tabular.TabularDataSetIterator;
import org.vae4j.datasets.tabular.TabularSchema;
import org.vae4j.datasets.tabular.TabularSplit;
import org.vae4j.examples.config.Likelihoods;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.run.RunFolder;

/**
 * A CSV table as a recipe ({@code train --data FILE.csv}; header line; numeric and one-hot
 * categorical columns, {@link TabularSchema}): rows are split into train / validation / test by a
 * seeded permutation; numeric columns are scaled by a {@link FeatureScaler} fitted on the training
 * rows only and saved as {@value #SCALER}; one-hot groups get a categorical likelihood, numeric
 * columns the chosen one; a scaled value outside that one's support is refused, or clipped with
 * {@code --clip} ({@link SupportRule}). Made by {@link #open} (a new run) or
 * {@link DataRecipe#fromRunFolder} (a saved run's data, read again).
 *
 * @param source       the file, its schema, scaling, split fractions and SHA-256 ({@link DataSource.Kind#CSV})
 * @param table        every row of the file as read with {@code source}'s schema, in file order
 * @param savedRun     the data of a saved run: a refusal of out-of-support values says to train a new
 *                     run with {@code --clip} (the saved run cannot change), not to pass it
 * @param scalerFolder where {@link #loadData} writes the fitted scaler ({@link #inFolder}); empty when
 *                     no run folder is written (a benchmark, {@code score}, {@code eval})
 */
public record CsvDataRecipe(DataSource source, Table table, boolean savedRun, Optional<RunFolder> scalerFolder)
        implements DataRecipe {

    /** The run folder's fitted scaler. */
    public static final String SCALER = "scaler.json";
    private static final Logger LOG = LoggerFactory.getLogger(CsvDataRecipe.class);
    private static final int CSV_BATCH = 64;
    private static final int CSV_UPDATES = 2000;

    public CsvDataRecipe {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(scalerFolder, "scalerFolder");
        if (source.kind() != DataSource.Kind.CSV) {
            throw new IllegalArgumentException("CsvDataRecipe of a " + source.kind() + " data source");
        }
        if (!table.fileSha256().equals(source.fileSha256())) {
            throw new IllegalArgumentException("the table was read from " + table.fileSha256()
                    + ", not the data source's " + source.fileSha256());
        }
    }

    /**
     * A CSV's columns: {@code columns} (empty = every header column but {@code idColumn} and the
     * condition), those in {@code categorical} one-hot with the categories the file uses (in order
     * of appearance); {@code condition} (may be empty) the columns of a conditional VAE's c, after
     * the data columns.
     * Reads and checks the whole file now, so a bad file fails before a run folder exists (values
     * outside the likelihood's support too, once the seed is known: {@link #checkSupport}).
     * {@code clip}: such values are clipped into the support instead of refused ({@link SupportRule}).
     */
    public static CsvDataRecipe open(Path file, List<String> columns, List<String> categorical,
                                     List<String> condition, String idColumn, String likelihood,
                                     DataSource.Scaling scaling, double validationFraction, double testFraction,
                                     boolean clip) throws IOException {
        requireFile(file);
        Likelihoods.of(likelihood);
        fraction("--validation-fraction", validationFraction);
        fraction("--test-fraction", testFraction);
        if (validationFraction + testFraction >= 0.9) {
            throw new IllegalArgumentException("--validation-fraction + --test-fraction = "
                    + (validationFraction + testFraction) + ": leave at least 10% of the rows for training");
        }
        List<String> header = CsvTableReader.header(file);
        List<String> used = columns.isEmpty() ? header.stream()
                .filter(c -> !c.equals(idColumn) && !condition.contains(c)).toList() : columns;
        for (String name : Stream.of(used.stream(), categorical.stream(), condition.stream(),
                Stream.ofNullable(idColumn)).flatMap(s -> s).toList()) {
            if (!header.contains(name)) {
                throw new InvalidDataFileException(file, "no column '" + name + "' in header " + header);
            }
        }
        for (String name : categorical) {
            if (!used.contains(name) && !condition.contains(name)) {
                throw new IllegalArgumentException("--categorical " + name + ": not one of the columns used " + used
                        + (condition.isEmpty() ? "" : " or the condition " + condition));
            }
        }
        for (String name : condition) {
            if (used.contains(name)) {
                throw new IllegalArgumentException("--condition " + name + " is also a data column; leave it out of "
                        + "--columns (a column is either x or c)");
            }
            if (name.equals(idColumn)) {
                throw new IllegalArgumentException("--condition " + name + " is also the --id-column");
            }
        }
        if (new LinkedHashSet<>(condition).size() != condition.size()) {
            throw new IllegalArgumentException("--condition names a column twice: " + condition);
        }
        if (used.isEmpty()) {
            throw new IllegalArgumentException("--condition " + condition + " leaves no data column to model");
        }
        if (idColumn != null && used.contains(idColumn)) {
            throw new IllegalArgumentException("--id-column " + idColumn + " is also a feature column; leave it out of --columns");
        }
        TabularSchema.Builder schema = TabularSchema.builder();
        for (String name : used) {
            if (categorical.contains(name)) {
                schema.categorical(name, categoriesOf(file, name));
            } else {
                schema.numeric(name);
            }
        }
        for (String name : condition) {
            if (categorical.contains(name)) {
                schema.categoricalCondition(name, categoriesOf(file, name));
            } else {
                schema.numericCondition(name);
            }
        }
        DataSource source = new DataSource(DataSource.Kind.CSV, file.toAbsolutePath().normalize(), likelihood,
                schema.build(), idColumn, scaling == null ? DataSource.Scaling.defaultFor(likelihood) : scaling,
                validationFraction, testFraction, clip, Map.of());
        Table table = CsvTableReader.read(file, source.schema(), BadRowPolicy.REJECT);
        if (table.rows() < 10) {
            throw new InvalidDataFileException(file, table.rows() + " rows: too few to split into training, "
                    + "validation and test rows (at least 10)");
        }
        return new CsvDataRecipe(source.withFileSha256(table.fileSha256()), table, false, Optional.empty());
    }

    /** The categories a column of {@code file} uses, in order of appearance (empty cells aside). */
    private static String[] categoriesOf(Path file, String column) throws IOException {
        List<String> categories = new ArrayList<>(new LinkedHashSet<>(CsvTableReader.column(file, column)));
        categories.remove("");
        return categories.toArray(String[]::new);
    }

    /** Features of the condition columns, the last of each row (0 for an unconditional VAE). */
    public int conditionWidth() {
        return source.schema().conditionWidth();
    }

    /**
     * The CSV a run was trained on, read again. A run folder may come from someone else: the file
     * its data-source.json names is checked against the recorded SHA-256 before it is parsed, so
     * no error message ever shows a line of a file that is not the run's data (e.g. /etc/shadow).
     */
    static CsvDataRecipe reread(DataSource saved, RunFolder folder) throws IOException {
        requireFile(saved.path());
        Path fileName = saved.path().getFileName();
        String expected = fileName == null ? null : saved.fileSha256().get(fileName.toString());
        String actual = org.vae4j.datasets.Sha256.ofFile(saved.path());
        if (!actual.equals(expected)) {
            throw new IOException(saved.path() + " is not the file the run in " + folder.directory() + " was trained on "
                    + "(SHA-256 " + (expected == null ? "not recorded for it" : expected) + ", the file has " + actual
                    + "); not reading it");
        }
        Table table = CsvTableReader.read(saved.path(), saved.schema(), BadRowPolicy.REJECT);
        return new CsvDataRecipe(saved.withFileSha256(table.fileSha256()), table, true, Optional.empty());
    }

    /** Writes {@value DataRecipe#SOURCE} into {@code runFolder}; the copy returned writes {@value #SCALER} there too. */
    @Override
    public CsvDataRecipe inFolder(RunFolder runFolder) throws IOException {
        source.saveUnlessPresent(runFolder);
        return new CsvDataRecipe(source, table, savedRun, Optional.of(runFolder));
    }

    @Override
    public RecipeSettings defaultSettings() {
        // Small tables give few updates per epoch: about 2,000 updates in all (measured on a
        // 600-row table: 240 updates left correlation-breaking rows unnoticed, 2,400 ranked them first).
        int trainRows = (int) Math.round(table.rows() * (1 - source.validationFraction() - source.testFraction()));
        int batchesPerEpoch = Math.max(1, (trainRows + CSV_BATCH - 1) / CSV_BATCH);
        int epochs = Math.max(20, Math.min(300, (CSV_UPDATES + batchesPerEpoch - 1) / batchesPerEpoch));
        return new RecipeSettings(epochs, CSV_BATCH, Binarization.NONE, -1, 1, -1, 200, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        int features = table.features() - conditionWidth();
        int hidden = Math.max(16, Math.min(256, 2 * features));
        int latent = Math.max(2, Math.min(16, features / 4));
        return VaeConfig.builder().inputSize(features).conditionSize(conditionWidth()).encoderLayerSizes(hidden)
                .latentSize(latent)
                .hiddenActivation(Activation.TANH).reconstructionDistribution(tableLikelihood())
                .updater(UpdaterKind.ADAM, 5e-3).seed(12345).build();
    }

    /** The chosen likelihood on numeric data columns, a categorical one on each one-hot group (the condition has none). */
    private ReconstructionDistribution tableLikelihood() {
        List<TabularSchema.Column> columns = source.schema().columns().stream().filter(c -> !c.condition()).toList();
        if (columns.stream().allMatch(TabularSchema.Column::numeric)) {
            return Likelihoods.of(source.likelihood());
        }
        CompositeReconstructionDistribution.Builder composite = new CompositeReconstructionDistribution.Builder();
        int numericRun = 0;
        for (TabularSchema.Column column : columns) {
            if (column.numeric()) {
                numericRun++;
                continue;
            }
            if (numericRun > 0) {
                composite.addDistribution(numericRun, Likelihoods.of(source.likelihood()));
                numericRun = 0;
            }
            composite.addDistribution(column.categories().size(),
                    new CategoricalReconstructionDistribution(column.categories().size()));
        }
        if (numericRun > 0) {
            composite.addDistribution(numericRun, Likelihoods.of(source.likelihood()));
        }
        return composite.build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        SplitRows rows = splitRows(seed);
        FeatureScaler scaler = fitScaler(table.select(rows.train()));
        if (scalerFolder.isPresent() && scaler != null) {
            scalerFolder.get().writeText(SCALER, scaler.toJson());
        }
        LOG.info("{}: {} training, {} validation, {} test rows; {} features; scaling {}", source.path(),
                rows.train().length, rows.validation().length, rows.test().length, table.features(),
                source.scaling());
        int evalBatch = RecipeDataLoader.EVALUATION_BATCH;
        Split split = rows.of(modelRows(scaler, true));
        Table train = split.train();
        Table test = split.test();
        if (settings.trainLimit() > 0 && settings.trainLimit() < train.rows()) {
            train = train.select(firstRows(settings.trainLimit()));
        }
        if (settings.testLimit() > 0 && settings.testLimit() < test.rows()) {
            test = test.select(firstRows(settings.testLimit()));
        }
        int c = conditionWidth();
        return new RecipeData(new TabularDataSetIterator(train, "train", settings.batchSize(), true, seed, c),
                new TabularDataSetIterator(split.validation(), "validation", evalBatch, false, seed + 1, c),
                new TabularDataSetIterator(test, "test", evalBatch, false, seed + 2, c), List.of(), null);
    }

    /** The rows of each split: as read ({@link #split}) or as the model sees them. */
    public record Split(Table train, Table validation, Table test) {
    }

    /** The file's row indices (0-based) of each split, each in file order. */
    private record SplitRows(int[] train, int[] validation, int[] test) {

        Split of(Table rows) {
            return new Split(rows.select(train), rows.select(validation), rows.select(test));
        }
    }

    /** The run's rows split as training splits them (the config's seed), as read from the file. */
    public Split split(long seed) {
        return splitRows(seed).of(table);
    }

    /** Test rows first, then validation rows from the rest (the same rows, in the same order, as ever). */
    private SplitRows splitRows(long seed) {
        TabularSplit first = TabularSplit.of(table, source.testFraction(), seed);
        double validationShare = source.validationFraction() / (1 - source.testFraction());
        TabularSplit second = TabularSplit.of(first.train(), validationShare, seed + 1);
        return new SplitRows(compose(first.trainRows(), second.trainRows()),
                compose(first.trainRows(), second.heldOutRows()), first.heldOutRows());
    }

    /** {@code outer[inner[k]]}: rows of a subset of rows, as rows of the file. */
    private static int[] compose(int[] outer, int[] inner) {
        int[] rows = new int[inner.length];
        for (int k = 0; k < inner.length; k++) {
            rows[k] = outer[inner[k]];
        }
        return rows;
    }

    private FeatureScaler fitScaler(Table train) {
        return switch (source.scaling()) {
            case NONE -> null;
            case MIN_MAX -> FeatureScaler.fit(train, FeatureScaler.Kind.MIN_MAX);
            case STANDARDIZE -> FeatureScaler.fit(train, FeatureScaler.Kind.STANDARDIZE);
        };
    }

    /**
     * Refuses, with one line naming the file, row, column, value and support, a CSV with a value
     * outside the likelihood's support once scaled as training from {@code seed} scales it (the
     * config's seed: min-max scaling is fitted on that seed's training rows). Called before a run
     * folder exists, so refused data leaves nothing behind; with {@code --clip}, passes (training
     * clips and says how many values it clipped).
     */
    @Override
    public void checkSupport(long seed) throws IOException {
        modelRows(fitScaler(table.select(splitRows(seed).train())), false);
    }

    /**
     * Every row of the file as the model sees it, in file order: scaled by {@code scaler} (null =
     * as read), then the run's {@link SupportRule} applied (refused, or clipped with one WARN line
     * when {@code warn}).
     */
    private Table modelRows(FeatureScaler scaler, boolean warn) throws InvalidDataFileException {
        Table scaled = scaler == null ? table : scaler.transform(table);
        return source.supportRule().apply(source.path(), table, scaled, source.scaling(), remedy(), warn,
                conditionWidth());
    }

    /** How a refusal of out-of-support values ends: a new run can pass --clip, a saved run cannot. */
    private String remedy() {
        return savedRun ? SupportRule.TRAIN_WITH_CLIP : SupportRule.PASS_CLIP;
    }

    /** The validation rows as training fed them to the model ({@code seed}: the config's; the run's saved scaler). */
    public Table validationRows(FeatureScaler scaler, long seed) throws InvalidDataFileException {
        return modelRows(scaler, false).select(splitRows(seed).validation());
    }

    /**
     * New rows for a trained run, as its model sees them: {@code rows} of {@code file} (read with
     * the run's schema and {@link BadRowPolicy#REJECT}, so row {@code i} is the file's data row
     * {@code i + 1}) scaled by the run's {@code scaler}, then the run's {@link SupportRule} applied:
     * refused by the same one line as in training, or clipped with one WARN line when the run was
     * trained with {@code --clip}.
     */
    public Table newRows(Path file, Table rows, FeatureScaler scaler) throws InvalidDataFileException {
        Table scaled = scaler == null ? rows : scaler.transform(rows);
        return source.supportRule().apply(file, rows, scaled, source.scaling(), remedy(), true, conditionWidth());
    }

    /** The scaler a CSV run saved in its folder, or null for a run without scaling. */
    public FeatureScaler savedScaler(RunFolder runFolder) throws IOException {
        if (source.scaling() == DataSource.Scaling.NONE) {
            return null;
        }
        Path file = runFolder.resolve(SCALER);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "the run's fitted scaler is missing");
        }
        try {
            return FeatureScaler.fromJson(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static int[] firstRows(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }

    private static void requireFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, Files.isDirectory(file)
                    ? "a directory; --data takes a CSV file, or a directory of IDX image files"
                    : Files.exists(file) ? "not a regular file (a device or pipe); --data takes a CSV file"
                    : "no such file");
        }
    }

    private static void fraction(String option, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(option + " = " + value + ": must be > 0 and < 1");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DataRecipe[%s %s]", source.kind(), source.path());
    }
}
