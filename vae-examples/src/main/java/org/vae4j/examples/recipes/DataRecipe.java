package org.vae4j.examples.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.layers.variational.CompositeReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.activations.Activation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.idx.IdxImages;
import org.vae4j.datasets.idx.IdxLabels;
import org.vae4j.datasets.idx.IdxReader;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.ByteImageSet;
import org.vae4j.datasets.tabular.BadRowPolicy;
import org.vae4j.datasets.tabular.CsvTableReader;
import org.vae4j.datasets.tabular.FeatureScaler;
import org.vae4j.datasets.tabular.Table;
import org.vae4j.datasets.tabular.TabularDataSetIterator;
import org.vae4j.datasets.tabular.TabularSchema;
import org.vae4j.datasets.tabular.TabularSplit;
import org.vae4j.core.distribution.CategoricalReconstructionDistribution;
import org.vae4j.examples.config.Likelihoods;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.plot.ImageShape;
import org.vae4j.examples.run.RunFolder;

/**
 * The user's own data as a recipe ({@code train --data FILE.csv | DIR}): not a paper's
 * experiment but a model sized from the data, so training gets everything a recipe run gets (run
 * folder, checkpoints, resume, metrics.csv, evaluation, plots where they apply).
 *
 * <ul>
 * <li><b>CSV</b> (header line; numeric and one-hot categorical columns, {@link TabularSchema}):
 *     rows are split into train / validation / test by a seeded permutation; numeric columns are
 *     scaled by a {@link FeatureScaler} fitted on the training rows only and saved as
 *     {@value #SCALER}; one-hot groups get a categorical likelihood, numeric columns the chosen
 *     one; a scaled value outside that one's support is refused, or clipped with {@code --clip}
 *     ({@link SupportRule}).</li>
 * <li><b>IDX directory</b>: one {@code *train*images*idx3-ubyte[.gz]} and one
 *     {@code *(t10k|test)*images*idx3-ubyte[.gz]} file of any image size, labels
 *     ({@code *labels*idx1-ubyte[.gz]}) used for plots when present; pixels scaled to [0, 1];
 *     {@code binarization} as for MNIST.</li>
 * </ul>
 */
public final class DataRecipe implements Recipe {

    public static final String NAME = "data";
    /** The run folder's description of the data ({@link DataSource}). */
    public static final String SOURCE = "data-source.json";
    /** The run folder's fitted scaler of a CSV run. */
    public static final String SCALER = "scaler.json";
    private static final Logger LOG = LoggerFactory.getLogger(DataRecipe.class);
    private static final int CSV_BATCH = 64;
    private static final int CSV_UPDATES = 2000;
    private static final Pattern IMAGES = Pattern.compile("(?i).*images.*idx3-ubyte(\\.gz)?");
    private static final Pattern TRAIN = Pattern.compile("(?i).*train.*");
    private static final Pattern TEST = Pattern.compile("(?i).*(t10k|test).*");

    private final DataSource source;
    private final Table table;
    private final ByteImageSet trainImages;
    private final ByteImageSet testImages;
    private final ImageShape imageShape;
    private RunFolder folder;
    /** How a refusal of out-of-support values ends: a new run can pass --clip, a saved run cannot. */
    private String remedy = SupportRule.PASS_CLIP;

    private DataRecipe(DataSource source, Table table, ByteImageSet trainImages, ByteImageSet testImages,
                       ImageShape imageShape) {
        this.source = source;
        this.table = table;
        this.trainImages = trainImages;
        this.testImages = testImages;
        this.imageShape = imageShape;
    }

    /**
     * A CSV's columns: {@code columns} (empty = every header column but {@code idColumn}), those
     * in {@code categorical} one-hot with the categories the file uses (in order of appearance).
     * Reads and checks the whole file now, so a bad file fails before a run folder exists (values
     * outside the likelihood's support too, once the seed is known: {@link #checkSupport}).
     * {@code clip}: such values are clipped into the support instead of refused ({@link SupportRule}).
     */
    public static DataRecipe csv(Path file, List<String> columns, List<String> categorical, String idColumn,
                                 String likelihood, DataSource.Scaling scaling, double validationFraction,
                                 double testFraction, boolean clip) throws IOException {
        requireFile(file);
        Likelihoods.of(likelihood);
        fraction("--validation-fraction", validationFraction);
        fraction("--test-fraction", testFraction);
        if (validationFraction + testFraction >= 0.9) {
            throw new IllegalArgumentException("--validation-fraction + --test-fraction = "
                    + (validationFraction + testFraction) + ": leave at least 10% of the rows for training");
        }
        List<String> header = CsvTableReader.header(file);
        List<String> used = columns.isEmpty() ? header.stream().filter(c -> !c.equals(idColumn)).toList() : columns;
        for (String name : Stream.concat(Stream.concat(used.stream(), categorical.stream()),
                Stream.ofNullable(idColumn)).toList()) {
            if (!header.contains(name)) {
                throw new InvalidDataFileException(file, "no column '" + name + "' in header " + header);
            }
        }
        for (String name : categorical) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("--categorical " + name + ": not one of the columns used " + used);
            }
        }
        if (idColumn != null && used.contains(idColumn)) {
            throw new IllegalArgumentException("--id-column " + idColumn + " is also a feature column; leave it out of --columns");
        }
        TabularSchema.Builder schema = TabularSchema.builder();
        for (String name : used) {
            if (categorical.contains(name)) {
                List<String> categories = new ArrayList<>(new LinkedHashSet<>(CsvTableReader.column(file, name)));
                categories.remove("");
                schema.categorical(name, categories.toArray(String[]::new));
            } else {
                schema.numeric(name);
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
        return new DataRecipe(source.withFileSha256(table.fileSha256()), table, null, null, null);
    }

    /** The IDX image files in {@code directory} (see the class comment), read and checked now. */
    public static DataRecipe idx(Path directory, String likelihood) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such directory of IDX files");
        }
        Likelihoods.of(likelihood);
        Path train = imageFile(directory, TRAIN, "training (a name with 'train')");
        Path test = imageFile(directory, TEST, "test (a name with 't10k' or 'test')");
        IdxImages trainIdx = IdxReader.readImages(train);
        IdxImages testIdx = IdxReader.readImages(test);
        if (trainIdx.rows() != testIdx.rows() || trainIdx.columns() != testIdx.columns()) {
            throw new InvalidDataFileException(test, "images are " + testIdx.rows() + "x" + testIdx.columns()
                    + " but the training images in " + train.getFileName() + " are " + trainIdx.rows() + "x"
                    + trainIdx.columns());
        }
        String name = directory.toAbsolutePath().normalize().getFileName().toString();
        IdxLabels trainLabels = labels(train);
        IdxLabels testLabels = labels(test);
        boolean labeled = trainLabels != null && testLabels != null;
        List<String> classes = labeled ? classNames(trainLabels, testLabels) : List.of();
        ByteImageSet trainSet = imageSet(name, trainIdx, labeled ? trainLabels : null, classes);
        ByteImageSet testSet = imageSet(name, testIdx, labeled ? testLabels : null, classes);
        Map<String, String> sha = new LinkedHashMap<>(trainSet.fileSha256());
        sha.putAll(testSet.fileSha256());
        DataSource source = new DataSource(DataSource.Kind.IDX, directory.toAbsolutePath().normalize(), likelihood,
                null, null, DataSource.Scaling.NONE, 0, 0, false, sha);
        return new DataRecipe(source, null, trainSet, testSet, new ImageShape(trainIdx.rows(), trainIdx.columns()));
    }

    /** The data of an existing {@code train --data} run, read as it was read then. */
    public static DataRecipe fromRunFolder(RunFolder folder) throws IOException {
        Path file = folder.resolve(SOURCE);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "a train --data run keeps its data description here");
        }
        DataSource saved = DataSource.fromJson(Files.readString(file), file);
        DataRecipe recipe;
        if (saved.kind() == DataSource.Kind.CSV) {
            recipe = reread(saved, folder);
        } else {
            requireRecorded(saved.path(), folder);
            verifyImageFiles(saved, folder);
            recipe = idx(saved.path(), saved.likelihood());
        }
        recipe.remedy = SupportRule.TRAIN_WITH_CLIP;
        if (!recipe.source.fileSha256().equals(saved.fileSha256())) {
            throw new IOException(saved.path() + " changed since the run in " + folder.directory() + " started (SHA-256 "
                    + saved.fileSha256() + ", now " + recipe.source.fileSha256() + "); the run's splits and "
                    + "scaling would not be the same");
        }
        return recipe;
    }

    /**
     * The CSV a run was trained on, read again. A run folder may come from someone else: the file
     * its data-source.json names is checked against the recorded SHA-256 before it is parsed, so
     * no error message ever shows a line of a file that is not the run's data (e.g. /etc/shadow).
     */
    private static DataRecipe reread(DataSource saved, RunFolder folder) throws IOException {
        requireRecorded(saved.path(), folder);
        Path fileName = saved.path().getFileName();
        String expected = fileName == null ? null : saved.fileSha256().get(fileName.toString());
        String actual = org.vae4j.datasets.Sha256.ofFile(saved.path());
        if (!actual.equals(expected)) {
            throw new IOException(saved.path() + " is not the file the run in " + folder.directory() + " was trained on "
                    + "(SHA-256 " + (expected == null ? "not recorded for it" : expected) + ", the file has " + actual
                    + "); not reading it");
        }
        Table table = CsvTableReader.read(saved.path(), saved.schema(), BadRowPolicy.REJECT);
        return new DataRecipe(saved.withFileSha256(table.fileSha256()), table, null, null, null);
    }

    /** Where {@link #loadData} writes the fitted scaler; writes {@value #SOURCE} there. */
    public void useFolder(RunFolder runFolder) throws IOException {
        this.folder = runFolder;
        if (!Files.exists(runFolder.resolve(SOURCE))) {
            runFolder.writeText(SOURCE, source.toJson(runFolder.directory()));
        }
    }

    public DataSource source() {
        return source;
    }

    /** Run folder name: the file's or directory's name. */
    public String folderName() {
        String name = source.path().getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "your own data: train --data FILE.csv | DIR (IDX images); a model sized from the data";
    }

    @Override
    public String description() {
        return """
                Trains on your own data: a CSV table (train --data FILE.csv; numeric and one-hot categorical
                columns; rows split into train/validation/test; numeric columns scaled on the training rows,
                the scaler saved as scaler.json) or a directory of IDX image files of any size (train --data DIR).
                The model is sized from the data; every value can be overridden with --set. Score new rows
                with: ./vae4j score RUN_DIR --data new.csv.
                """.strip();
    }

    @Override
    public RecipeSettings defaultSettings() {
        if (source.kind() == DataSource.Kind.CSV) {
            // Small tables give few updates per epoch: about 2,000 updates in all (measured on a
            // 600-row table: 240 updates left correlation-breaking rows unnoticed, 2,400 ranked them first).
            int trainRows = (int) Math.round(table.rows() * (1 - source.validationFraction() - source.testFraction()));
            int batchesPerEpoch = Math.max(1, (trainRows + CSV_BATCH - 1) / CSV_BATCH);
            int epochs = Math.max(20, Math.min(300, (CSV_UPDATES + batchesPerEpoch - 1) / batchesPerEpoch));
            return new RecipeSettings(epochs, CSV_BATCH, Binarization.NONE, -1, 1, -1, 200, 0, 0);
        }
        boolean bernoulli = source.likelihood().equals("bernoulli");
        int validation = Math.max(1, Math.min(5000, trainImages.count() / 10));
        return new RecipeSettings(20, 100, bernoulli ? Binarization.DYNAMIC : Binarization.NONE, -1, validation, -1,
                100, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        if (source.kind() == DataSource.Kind.CSV) {
            int features = table.features();
            int hidden = Math.max(16, Math.min(256, 2 * features));
            int latent = Math.max(2, Math.min(16, features / 4));
            return VaeConfig.builder().inputSize(features).encoderLayerSizes(hidden).latentSize(latent)
                    .hiddenActivation(Activation.TANH).reconstructionDistribution(tableLikelihood())
                    .updater(UpdaterKind.ADAM, 5e-3).seed(12345).build();
        }
        int pixels = imageShape.pixels();
        int hidden = Math.max(64, Math.min(500, pixels / 2));
        return VaeConfig.builder().inputSize(pixels).encoderLayerSizes(hidden).latentSize(Math.min(20, pixels))
                .hiddenActivation(Activation.TANH).reconstructionDistribution(Likelihoods.of(source.likelihood()))
                .updater(UpdaterKind.ADAM, 1e-3).seed(12345).build();
    }

    /** The chosen likelihood on numeric columns, a categorical one on each one-hot group. */
    private ReconstructionDistribution tableLikelihood() {
        List<TabularSchema.Column> columns = source.schema().columns();
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
        if (source.kind() == DataSource.Kind.IDX) {
            return images(settings, seed);
        }
        SplitRows rows = splitRows(seed);
        FeatureScaler scaler = fitScaler(table.select(rows.train()));
        if (folder != null && scaler != null) {
            folder.writeText(SCALER, scaler.toJson());
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
        return new RecipeData(new TabularDataSetIterator(train, "train", settings.batchSize(), true, seed),
                new TabularDataSetIterator(split.validation(), "validation", evalBatch, false, seed + 1),
                new TabularDataSetIterator(test, "test", evalBatch, false, seed + 2), List.of(), null);
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
    public void checkSupport(long seed) throws IOException {
        if (source.kind() == DataSource.Kind.CSV) {
            modelRows(fitScaler(table.select(splitRows(seed).train())), false);
        }
    }

    /**
     * Every row of the file as the model sees it, in file order: scaled by {@code scaler} (null =
     * as read), then the run's {@link SupportRule} applied (refused, or clipped with one WARN line
     * when {@code warn}).
     */
    private Table modelRows(FeatureScaler scaler, boolean warn) throws InvalidDataFileException {
        Table scaled = scaler == null ? table : scaler.transform(table);
        return source.supportRule().apply(source.path(), table, scaled, source.scaling(), remedy, warn);
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
        return source.supportRule().apply(file, rows, scaled, source.scaling(), remedy, true);
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

    private RecipeData images(RecipeSettings s, long seed) {
        if (s.validationSize() >= trainImages.count()) {
            throw new IllegalArgumentException("RecipeSettings.validationSize = " + s.validationSize() + ": the "
                    + "training file has only " + trainImages.count() + " images");
        }
        int[] ids = new int[trainImages.count()];
        Arrays.setAll(ids, i -> i);
        SplittableRandom random = new SplittableRandom(0);
        for (int i = ids.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        int[] validation = Arrays.copyOfRange(ids, 0, s.validationSize());
        int[] train = Arrays.copyOfRange(ids, s.validationSize(), ids.length);
        Arrays.sort(validation);
        Arrays.sort(train);
        int evalBatch = RecipeDataLoader.EVALUATION_BATCH;
        ByteImageDataSetIterator trainIt = ByteImageDataSetIterator.builder(trainImages).exampleIds(train)
                .split("train").binarization(s.binarization()).batchSize(s.batchSize()).limit(s.trainLimit())
                .seed(seed).build();
        ByteImageDataSetIterator validationIt = ByteImageDataSetIterator.builder(trainImages).exampleIds(validation)
                .split("validation").shuffle(false).binarization(s.evaluationBinarization()).batchSize(evalBatch)
                .seed(seed + 1).build();
        ByteImageDataSetIterator testIt = ByteImageDataSetIterator.builder(testImages).split("test").shuffle(false)
                .binarization(s.evaluationBinarization()).batchSize(evalBatch).limit(s.testLimit()).seed(seed + 2)
                .build();
        return new RecipeData(trainIt, validationIt, testIt, trainImages.classNames(), imageShape);
    }

    private static Path imageFile(Path directory, Pattern which, String what) throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.list(directory)) {
            found = files.filter(p -> IMAGES.matcher(p.getFileName().toString()).matches()
                    && which.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        if (found.size() != 1) {
            throw new NoSuchFileException(directory.toString(), null, (found.isEmpty() ? "no " : found.size() + " ")
                    + what + " IDX image file" + (found.isEmpty() ? "" : "s " + found.stream()
                    .map(p -> p.getFileName().toString()).toList()) + "; expected exactly one *images*idx3-ubyte[.gz]");
        }
        return found.get(0);
    }

    /** The labels file next to an images file ({@code images} -> {@code labels}, idx3 -> idx1), or null. */
    private static IdxLabels labels(Path images) throws IOException {
        String name = images.getFileName().toString().replace("images", "labels").replace("idx3", "idx1");
        Path file = images.resolveSibling(name);
        if (!Files.exists(file)) {
            return null;
        }
        IdxLabels labels = IdxReader.readLabels(file);
        return labels;
    }

    private static List<String> classNames(IdxLabels... all) {
        int max = 0;
        for (IdxLabels labels : all) {
            for (byte b : labels.labels()) {
                max = Math.max(max, b & 0xff);
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            names.add(String.valueOf(c));
        }
        return names;
    }

    private static ByteImageSet imageSet(String name, IdxImages images, IdxLabels labels, List<String> classes)
            throws IOException {
        if (labels != null && labels.count() != images.count()) {
            throw new InvalidDataFileException(labels.source(), labels.count() + " labels but "
                    + images.source().getFileName() + " has " + images.count() + " images");
        }
        Map<String, String> sha = new LinkedHashMap<>();
        sha.put(images.source().getFileName().toString(), images.contentSha256());
        if (labels != null) {
            sha.put(labels.source().getFileName().toString(), labels.contentSha256());
        }
        return new ByteImageSet(name, images.pixels(), images.pixelsPerImage(), labels == null ? null : labels.labels(),
                classes, sha);
    }

    private static int[] firstRows(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }

    /**
     * The IDX files a run recorded, each checked against its SHA-256 before any is parsed, as
     * {@link #reread} does for a CSV: the recorded names are plain file names in the directory.
     */
    private static void verifyImageFiles(DataSource saved, RunFolder folder) throws IOException {
        if (saved.fileSha256().isEmpty()) {
            throw new IOException(folder.resolve(SOURCE) + ": fileSha256 is empty; the run's IDX files cannot be verified");
        }
        for (Map.Entry<String, String> recorded : saved.fileSha256().entrySet()) {
            Path name = Path.of(recorded.getKey());
            if (name.getNameCount() != 1 || name.isAbsolute() || recorded.getKey().equals("..")) {
                throw new IOException(folder.resolve(SOURCE) + ": fileSha256 names '" + recorded.getKey()
                        + "', not a file name in the data directory");
            }
            Path file = saved.path().resolve(name);
            // Recorded as the IDX reader hashes: the uncompressed content.
            String actual = Files.isRegularFile(file) ? org.vae4j.datasets.Sha256.ofContent(file) : "no such file";
            if (!actual.equals(recorded.getValue())) {
                throw new IOException(file + " is not the file the run in " + folder.directory() + " was trained on "
                        + "(SHA-256 " + recorded.getValue() + ", the file has " + actual + "); not reading it");
            }
        }
    }

    /** The data a run folder names is where its data-source.json says, or the one line says how to fix it. */
    private static void requireRecorded(Path data, RunFolder folder) throws IOException {
        if (!Files.exists(data)) {
            throw new NoSuchFileException(folder.resolve(SOURCE).toString(), null, "the run's data, "
                    + folder.directory().toAbsolutePath().normalize().relativize(data) + " from the run folder ("
                    + data + "), is not there: the run folder or its data moved; put the data there, or correct "
                    + "\"path\" (its SHA-256 is checked)");
        }
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
