package org.vae4j.examples.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.nd4j.linalg.activations.Activation;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.idx.IdxImages;
import org.vae4j.datasets.idx.IdxLabels;
import org.vae4j.datasets.idx.IdxReader;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.ByteImageSet;
import org.vae4j.examples.config.Likelihoods;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.plot.ImageShape;
import org.vae4j.examples.run.RunFolder;

/**
 * A directory of IDX images as a recipe ({@code train --data DIR}): one
 * {@code *train*images*idx3-ubyte[.gz]} and one {@code *(t10k|test)*images*idx3-ubyte[.gz]} file
 * of any image size, labels ({@code *labels*idx1-ubyte[.gz]}) used for plots when present; pixels
 * scaled to [0, 1]; {@code binarization} as for MNIST. Made by {@link #open}, which reads and
 * checks the files.
 *
 * @param source      the directory, likelihood and the files' SHA-256 ({@link DataSource.Kind#IDX})
 * @param trainImages the training file's images (validation images are drawn from them)
 * @param testImages  the test file's images
 * @param imageShape  rows x columns of every image, both files alike
 */
public record IdxDataRecipe(DataSource source, ByteImageSet trainImages, ByteImageSet testImages,
                            ImageShape imageShape) implements DataRecipe {

    private static final Pattern IMAGES = Pattern.compile("(?i).*images.*idx3-ubyte(\\.gz)?");
    private static final Pattern TRAIN = Pattern.compile("(?i).*train.*");
    private static final Pattern TEST = Pattern.compile("(?i).*(t10k|test).*");

    public IdxDataRecipe {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(imageShape, "imageShape");
        if (source.kind() != DataSource.Kind.IDX) {
            throw new IllegalArgumentException("IdxDataRecipe of a " + source.kind() + " data source");
        }
        Map<String, String> read = new LinkedHashMap<>(trainImages.fileSha256());
        read.putAll(testImages.fileSha256());
        if (!read.equals(source.fileSha256())) {
            throw new IllegalArgumentException("the images' files " + read + " are not the data source's "
                    + source.fileSha256());
        }
        if (trainImages.pixelsPerImage() != imageShape.pixels() || testImages.pixelsPerImage() != imageShape.pixels()) {
            throw new IllegalArgumentException("images of " + trainImages.pixelsPerImage() + " and "
                    + testImages.pixelsPerImage() + " pixels are not " + imageShape.rows() + "x" + imageShape.columns());
        }
    }

    /** The IDX image files in {@code directory} (see the class comment), read and checked now. */
    public static IdxDataRecipe open(Path directory, String likelihood) throws IOException {
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
        return new IdxDataRecipe(source, trainSet, testSet, new ImageShape(trainIdx.rows(), trainIdx.columns()));
    }

    /** Pixels are scaled into [0, 1] as they are read: nothing to refuse before the run starts. */
    @Override
    public void checkSupport(long seed) {
    }

    /** Writes {@value DataRecipe#SOURCE}; loading images writes nothing into the folder. */
    @Override
    public IdxDataRecipe inFolder(RunFolder runFolder) throws IOException {
        source.saveUnlessPresent(runFolder);
        return this;
    }

    @Override
    public RecipeSettings defaultSettings() {
        boolean bernoulli = source.likelihood().equals("bernoulli");
        int validation = Math.max(1, Math.min(5000, trainImages.count() / 10));
        return new RecipeSettings(20, 100, bernoulli ? Binarization.DYNAMIC : Binarization.NONE, -1, validation, -1,
                100, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        int pixels = imageShape.pixels();
        int hidden = Math.max(64, Math.min(500, pixels / 2));
        return VaeConfig.builder().inputSize(pixels).encoderLayerSizes(hidden).latentSize(Math.min(20, pixels))
                .hiddenActivation(Activation.TANH).reconstructionDistribution(Likelihoods.of(source.likelihood()))
                .updater(UpdaterKind.ADAM, 1e-3).seed(12345).build();
    }

    /**
     * Validation images are a fixed random {@code validationSize} of the training file's (the same
     * for every seed); the rest train.
     */
    @Override
    public RecipeData loadData(RecipeSettings s, long seed) {
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
        return IdxReader.readLabels(file);
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

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DataRecipe[%s %s]", source.kind(), source.path());
    }
}
