package org.vae4j.bench.speed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.bench.data.MnistImages;
import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.idx.IdxImages;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.ByteImageSet;
import org.vae4j.datasets.mnist.MnistFiles;
import org.vae4j.datasets.mnist.MnistVariant;

/**
 * The data of an MNIST model without a recipe ({@code bench}): all 60,000 training images binarized by threshold
 * (pixel / 255 &gt; 0.5), a new permutation per epoch; evaluation and the test -ELBO on the test images binarized the
 * same way.
 */
public final class ThresholdedMnist implements BenchmarkData {

    private final BenchmarkModel model;
    /** The folder of the IDX files, or null for the one vae4j reads (VAE4J_DATA, ~/.vae4j/data, ...). */
    private final Path directory;

    /**
     * The MNIST files in the folder vae4j reads.
     *
     * @throws IllegalArgumentException for a model that is not trained on all of MNIST's training images
     *                                  binarized by threshold: its data has its own loader (a recipe's, a CSV's)
     */
    public ThresholdedMnist(BenchmarkModel model) {
        this(model, null);
    }

    /** The MNIST files in {@code directory} (bench/run.sh's MNIST_DIR). */
    public ThresholdedMnist(BenchmarkModel model, Path directory) {
        BenchmarkModel.Training t = model.training();
        if (t.data() != BenchmarkModel.Data.MNIST || t.binarization() != Binarization.STATIC_THRESHOLD
                || t.validationHeldOut() != 0) {
            throw new IllegalArgumentException(BenchmarkModels.FILE + ": model '" + model.name() + "' is not trained "
                    + "on all MNIST training images binarized by threshold: name the recipe whose data it is");
        }
        this.model = model;
        this.directory = directory;
    }

    @Override
    public VaeConfig config(long seed) {
        return model.config(seed);
    }

    /**
     * The training images as the MNIST recipes serve theirs: bytes in memory, binarized per minibatch by
     * {@link ByteImageDataSetIterator}. (A float matrix of all 60,000 binarized images cost start-up
     * 0.1-0.25 s after ND4J's initialisation, to allocate and write its 188 MB, and as much resident memory.)
     */
    @Override
    public Training load(long seed, Integer limit) throws IOException {
        IdxImages images = idx(MnistFiles.TRAIN_IMAGES);
        ByteImageSet set = new ByteImageSet(MnistVariant.MNIST.directoryName(), images.pixels(),
                images.pixelsPerImage(), null, List.of(), Map.of());
        ByteImageDataSetIterator.Builder train = ByteImageDataSetIterator.builder(set)
                .binarization(Binarization.STATIC_THRESHOLD).batchSize(model.batchSize()).shuffle(true).seed(seed);
        if (limit != null && limit < set.count()) {
            train.limit(limit);
        }
        return new Training(train.build(), () -> images(MnistFiles.TEST_IMAGES, Integer.MAX_VALUE).features());
    }

    @Override
    public INDArray evaluationRows(long modelSeed, int examples) throws IOException {
        return images(MnistFiles.TEST_IMAGES, examples).features();
    }

    private MnistImages images(String file, int limit) throws IOException {
        return MnistImages.thresholded(idx(file), limit);
    }

    /** The IDX image file {@code file} in this data's folder. */
    private IdxImages idx(String file) throws IOException {
        return directory == null ? MnistImages.read(file) : MnistImages.read(directory.resolve(file));
    }

    /** The 10,000 test images, binarized as the training images: the test -ELBO of every MNIST model. */
    public static INDArray testImages() throws IOException {
        return testImages(Integer.MAX_VALUE);
    }

    /** The first {@code examples} test images, binarized by threshold: what every MNIST model's evaluation scores. */
    public static INDArray testImages(int examples) throws IOException {
        return MnistImages.thresholded(MnistFiles.TEST_IMAGES, examples).features();
    }
}
