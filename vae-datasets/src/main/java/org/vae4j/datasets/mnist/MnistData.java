package org.vae4j.datasets.mnist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.fetch.DataDirectory;
import org.vae4j.datasets.fetch.DatasetMirrors;
import org.vae4j.datasets.fetch.PinnedFile;
import org.vae4j.datasets.fetch.VerifiedDownloader;
import org.vae4j.datasets.idx.IdxImages;
import org.vae4j.datasets.idx.IdxLabels;
import org.vae4j.datasets.idx.IdxReader;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.ByteImageSet;
import org.vae4j.datasets.iterator.Split;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * MNIST or Fashion-MNIST loaded, verified and split, as compact byte arrays (about 55 MB for all
 * 70,000 images) shared by every iterator built from it.
 *
 * <pre>{@code
 * MnistData mnist = MnistData.loader(MnistVariant.MNIST).validationSize(400).load();
 * DataSetIterator train = mnist.iterator(Split.TRAIN)
 *         .binarization(Binarization.DYNAMIC).batchSize(128).seed(42).build();
 * }</pre>
 */
public final class MnistData {

    private static final Logger log = LoggerFactory.getLogger(MnistData.class);
    private static final int SIDE_PIXELS = 28;
    private static final int TRAIN_FILE_EXAMPLES = 60_000;

    private final MnistVariant variant;
    private final Path directory;
    private final ByteImageSet trainFile;
    private final ByteImageSet testFile;
    private final int[] trainIds;
    private final int[] validationIds;

    private MnistData(MnistVariant variant, Path directory, ByteImageSet trainFile, ByteImageSet testFile,
                      int validationSize, long splitSeed) {
        this.variant = variant;
        this.directory = directory;
        this.trainFile = trainFile;
        this.testFile = testFile;
        TrainValidationSplit split = TrainValidationSplit.of(trainFile.count(), validationSize, splitSeed);
        this.trainIds = split.trainIds();
        this.validationIds = split.validationIds();
    }

    public static Loader loader(MnistVariant variant) {
        return new Loader(variant);
    }

    /** Builds data from image sets already in memory (tests, custom IDX files). */
    public static MnistData of(MnistVariant variant, ByteImageSet trainFile, ByteImageSet testFile,
                               int validationSize, long splitSeed) {
        return new MnistData(variant, null, trainFile, testFile, validationSize, splitSeed);
    }

    /**
     * An iterator builder for {@code split}: its example ids and split name are set; training
     * shuffles by default, validation and test keep file order. Set batch size, seed, limit and
     * binarization on the builder.
     */
    public ByteImageDataSetIterator.Builder iterator(Split split) {
        ByteImageSet images = split == Split.TEST ? testFile : trainFile;
        int[] ids = switch (split) {
            case TRAIN -> trainIds;
            case VALIDATION -> validationIds;
            case TEST -> allIds(testFile.count());
        };
        if (ids.length == 0) {
            throw new IllegalStateException(split.label() + " split of " + variant.directoryName()
                    + " is empty (validationSize 0?)");
        }
        return ByteImageDataSetIterator.builder(images).exampleIds(ids).split(split.label())
                .shuffle(split == Split.TRAIN);
    }

    public MnistVariant variant() {
        return variant;
    }

    /** Directory the files were read from (null for in-memory data). */
    public Path directory() {
        return directory;
    }

    /** All 60,000 images of the training file (training and validation ids index into it). */
    public ByteImageSet trainFile() {
        return trainFile;
    }

    public ByteImageSet testFile() {
        return testFile;
    }

    public int[] trainIds() {
        return trainIds.clone();
    }

    public int[] validationIds() {
        return validationIds.clone();
    }

    /** Bytes held on the Java heap by the pixel and label arrays. */
    public long heapBytes() {
        return (long) trainFile.pixels().length + testFile.pixels().length + trainFile.labels().length
                + testFile.labels().length + 4L * (trainIds.length + validationIds.length);
    }

    private static int[] allIds(int count) {
        int[] ids = new int[count];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    /** Reads and checks one images/labels pair; the set is named after the variant. */
    static ByteImageSet readPair(MnistVariant variant, Path imagesFile, Path labelsFile, boolean verifyChecksums)
            throws IOException {
        IdxImages images = IdxReader.readImages(imagesFile);
        IdxLabels labels = IdxReader.readLabels(labelsFile);
        if (images.rows() != SIDE_PIXELS || images.columns() != SIDE_PIXELS) {
            throw new InvalidDataFileException(imagesFile, "images are " + images.rows() + "x" + images.columns()
                    + ", " + variant + " images are 28x28");
        }
        if (images.count() != labels.count()) {
            throw new InvalidDataFileException(imagesFile, "holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.count() + " labels; the two files do not belong together");
        }
        int classes = variant.classNames().size();
        byte[] values = labels.labels();
        for (int i = 0; i < values.length; i++) {
            if ((values[i] & 0xff) >= classes) {
                throw new InvalidDataFileException(labelsFile, "label " + (values[i] & 0xff) + " at index " + i
                        + " is not one of the " + classes + " classes");
            }
        }
        if (verifyChecksums) {
            verify(variant, imagesFile, images.contentSha256());
            verify(variant, labelsFile, labels.contentSha256());
        }
        Map<String, String> sha = new LinkedHashMap<>();
        sha.put(baseName(imagesFile), images.contentSha256());
        sha.put(baseName(labelsFile), labels.contentSha256());
        return new ByteImageSet(variant.directoryName(), images.pixels(), images.pixelsPerImage(), values,
                variant.classNames(), sha);
    }

    private static void verify(MnistVariant variant, Path file, String actual) throws IOException {
        String pinned = variant.contentSha256().get(baseName(file));
        if (pinned == null) {
            throw new InvalidDataFileException(file, "not a file of " + variant + " (known: "
                    + variant.contentSha256().keySet() + ")");
        }
        if (!pinned.equals(actual)) {
            throw new InvalidDataFileException(file, "content SHA-256 is " + actual + " but the official file's is "
                    + pinned + "; delete it and run scripts/fetch-data.sh (or load with download enabled)");
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** Finds, optionally downloads, reads and verifies the files. */
    public static final class Loader {
        private final MnistVariant variant;
        private Path dataDirectory;
        private List<DataDirectory.Location> locations;
        private boolean download;
        private boolean verifyChecksums = true;
        private int validationSize = 400;
        private long splitSeed;

        private Loader(MnistVariant variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
        }

        /** Explicit data directory; highest priority in {@link DataDirectory}'s order. */
        public Loader dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /**
         * Search exactly these locations instead of {@link DataDirectory#locations(Path)}'s
         * (tests; applications that manage their own directories).
         */
        public Loader locations(List<DataDirectory.Location> locations) {
            this.locations = List.copyOf(locations);
            return this;
        }

        /** Download missing files from {@link DatasetMirrors} (default false: fail, naming where we looked). */
        public Loader download(boolean download) {
            this.download = download;
            return this;
        }

        /** Check content against the pinned official SHA-256 (default true). */
        public Loader verifyChecksums(boolean verify) {
            this.verifyChecksums = verify;
            return this;
        }

        /** Examples of the training file held out for validation (default 400, as Burda et al. 2015). */
        public Loader validationSize(int size) {
            this.validationSize = size;
            return this;
        }

        /** Seed of the train/validation partition, kept apart from the training seed so that the
         * validation set stays fixed across training runs (default 0). */
        public Loader splitSeed(long seed) {
            this.splitSeed = seed;
            return this;
        }

        public MnistData load() throws IOException {
            if (validationSize < 0 || validationSize >= TRAIN_FILE_EXAMPLES) {
                throw new IllegalArgumentException("validationSize must be in [0, " + TRAIN_FILE_EXAMPLES
                        + "), got " + validationSize);
            }
            Path directory = locate(locations != null ? locations : DataDirectory.locations(dataDirectory));
            long start = System.nanoTime();
            ByteImageSet train = readPair(variant, find(directory, MnistFiles.TRAIN_IMAGES),
                    find(directory, MnistFiles.TRAIN_LABELS), verifyChecksums);
            ByteImageSet test = readPair(variant, find(directory, MnistFiles.TEST_IMAGES),
                    find(directory, MnistFiles.TEST_LABELS), verifyChecksums);
            if (train.count() != TRAIN_FILE_EXAMPLES) {
                throw new InvalidDataFileException(find(directory, MnistFiles.TRAIN_IMAGES), "holds "
                        + train.count() + " images, the training file has " + TRAIN_FILE_EXAMPLES);
            }
            log.info("loaded {} from {} in {} ms ({} train-file, {} test images)", variant, directory,
                    (System.nanoTime() - start) / 1_000_000, train.count(), test.count());
            return new MnistData(variant, directory, train, test, validationSize, splitSeed);
        }

        private Path locate(List<DataDirectory.Location> locations) throws IOException {
            List<Path> looked = new ArrayList<>();
            for (DataDirectory.Location location : locations) {
                Path candidate = location.root().resolve(location.dl4jCache()
                        ? variant.dl4jCacheDirectoryName() : variant.directoryName());
                looked.add(candidate);
                if (MnistFiles.complete(candidate)) {
                    return candidate;
                }
            }
            if (download) {
                Path target = DataDirectory.downloadLocation(locations).root().resolve(variant.directoryName());
                VerifiedDownloader downloader = VerifiedDownloader.builder().build();
                for (String name : MnistFiles.ALL) {
                    if (MnistFiles.find(target, name).isEmpty()) {
                        downloader.fetch(new PinnedFile(name + ".gz", variant.contentSha256().get(name)),
                                DatasetMirrors.baseUrls(variant.directoryName()), target);
                    }
                }
                return target;
            }
            throw new FileNotFoundException(variant + " files (" + String.join(", ", MnistFiles.ALL)
                    + ", raw or .gz) not found; looked in:" + DataDirectory.describe(looked, locations)
                    + "\nRun scripts/fetch-data.sh, or load with download(true).");
        }

        private static Path find(Path directory, String name) throws IOException {
            return MnistFiles.find(directory, name).orElseThrow(() -> new FileNotFoundException(
                    directory.resolve(name) + "[.gz] not found"));
        }
    }
}
