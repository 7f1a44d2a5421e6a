package org.vae4j.eval.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.binarize.PixelBinarizer;
import org.vae4j.datasets.idx.IdxImages;
import org.vae4j.datasets.idx.IdxReader;

/** MNIST as the evaluation benchmarks and {@code bench/pytorch_eval.py} read it. */
final class MnistBench {

    private MnistBench() {
    }

    /**
     * @param features  [examples, 784] FLOAT, 1 where byte / 255 &gt; 0.5 (byte &gt;= 128), else 0
     * @param ones      number of 1s, printed by both sides so that a data mismatch shows
     * @param sha256    of the IDX file
     */
    record Images(INDArray features, long ones, String sha256) {
    }

    /** The first {@code limit} images of an IDX3 file, statically binarized. */
    static Images binarized(Path file, int limit) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("No MNIST file " + file + " (set MNIST_DIR)");
        }
        IdxImages images = IdxReader.readImages(file);
        int n = Math.min(limit, images.count());
        int pixels = images.pixelsPerImage();
        float[] values = new float[n * pixels];
        for (int i = 0; i < n; i++) {
            PixelBinarizer.write(images.pixels(), i * pixels, pixels, values, i * pixels,
                    Binarization.STATIC_THRESHOLD, 0);
        }
        long ones = 0;
        for (float v : values) {
            ones += v > 0 ? 1 : 0;
        }
        return new Images(Nd4j.create(values, new long[] {n, pixels}, 'c'), ones, images.contentSha256());
    }

    /** VmHWM of this process in MB (1024 * 1024 bytes). */
    static double peakRssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
