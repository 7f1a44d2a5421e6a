package org.vae4j.bench.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.backend.HostTransfer;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.binarize.PixelBinarizer;
import org.vae4j.datasets.fetch.DataDirectory;
import org.vae4j.datasets.idx.IdxImages;
import org.vae4j.datasets.idx.IdxReader;
import org.vae4j.datasets.mnist.MnistFiles;
import org.vae4j.datasets.mnist.MnistVariant;

/**
 * MNIST images statically binarized (pixel / 255 &gt; 0.5, i.e. byte &gt;= 128) into a float32 matrix, as the
 * {@code bench} model trains on them and as {@code bench/bench_common.py} binarizes them for the PyTorch side: the one
 * reader of the benchmarks' thresholded images.
 *
 * @param features [examples, 784] FLOAT
 * @param ones     number of 1 pixels: both sides print it, so that different data shows
 */
public record MnistImages(INDArray features, long ones) {

    /** Rows binarized per step: a float[] of all 60,000 images would add 188 MB of heap to the RSS. */
    private static final int CHUNK_ROWS = 1000;

    /**
     * The first {@code limit} images of {@code file} (an IDX3 image file name of {@link MnistFiles}) in the MNIST
     * directory vae4j reads ({@link DataDirectory}: VAE4J_DATA, ~/.vae4j/data, ...).
     */
    public static MnistImages thresholded(String file, int limit) throws IOException {
        return thresholded(read(file), limit);
    }

    /** The first {@code limit} images of the IDX3 image file {@code idx}. */
    public static MnistImages thresholded(Path idx, int limit) throws IOException {
        return thresholded(read(idx), limit);
    }

    /** The IDX3 image file {@code file} (a name of {@link MnistFiles}) in the MNIST directory vae4j reads. */
    public static IdxImages read(String file) throws IOException {
        return IdxReader.readImages(find(file));
    }

    /** The IDX3 image file {@code idx}, or a FileNotFoundException naming it and how to fetch MNIST. */
    public static IdxImages read(Path idx) throws IOException {
        if (!Files.isRegularFile(idx)) {
            throw new FileNotFoundException("No MNIST file " + idx + " (scripts/fetch-data.sh mnist; MNIST_DIR)");
        }
        return IdxReader.readImages(idx);
    }

    /**
     * The first {@code limit} images of {@code images}, binarized in blocks of rows on vae4j's threads,
     * each block copied into the matrix in one bulk transfer. (Start-up waits for this: one image at a
     * time through ND4J views took 0.7 s for the 60,000 training images, most of the benchmark's
     * start-up after ND4J's own initialisation.)
     */
    public static MnistImages thresholded(IdxImages images, int limit) {
        int n = Math.min(limit, images.count());
        int pixels = images.pixelsPerImage();
        // Every element is written below: no zero-filling pass over the 188 MB of the training images.
        INDArray features = Nd4j.createUninitialized(DataType.FLOAT, n, pixels);
        byte[] bytes = images.pixels();
        int blocks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int parts = Math.max(1, Math.min(Vae4jThreads.threads(), blocks));
        long[] onesOfPart = new long[parts];
        Vae4jThreads.forEachPart(parts, part -> {
            float[] values = new float[CHUNK_ROWS * pixels];
            long ones = 0;
            for (int block = blocks * part / parts; block < blocks * (part + 1) / parts; block++) {
                int first = block * CHUNK_ROWS;
                int count = Math.min(CHUNK_ROWS, n - first) * pixels;
                int offset = first * pixels;
                PixelBinarizer.write(bytes, offset, count, values, 0, Binarization.STATIC_THRESHOLD, 0);
                for (int i = 0; i < count; i++) {
                    ones += (int) values[i];   // 0 or 1
                }
                HostTransfer.write(values, 0, count, features, offset);
            }
            onesOfPart[part] = ones;
        });
        return new MnistImages(features, java.util.Arrays.stream(onesOfPart).sum());
    }

    /** {@code file} in the first MNIST directory of {@link DataDirectory}'s order that holds all four files. */
    static Path find(String file) throws FileNotFoundException {
        List<DataDirectory.Location> locations = DataDirectory.locations(null);
        List<Path> looked = new ArrayList<>();
        for (DataDirectory.Location location : locations) {
            Path directory = location.root().resolve(location.dl4jCache()
                    ? MnistVariant.MNIST.dl4jCacheDirectoryName() : MnistVariant.MNIST.directoryName());
            looked.add(directory);
            if (MnistFiles.complete(directory)) {
                return MnistFiles.find(directory, file).orElseThrow();
            }
        }
        throw new FileNotFoundException("MNIST not found: run scripts/fetch-data.sh mnist (looked in"
                + DataDirectory.describe(looked, locations) + ")");
    }
}
