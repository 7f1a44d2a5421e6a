package org.vae4j.bench.data;

import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.binarize.PixelBinarizer;
import org.vae4j.datasets.binarize.Seeds;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.Split;
import org.vae4j.datasets.mnist.MnistData;
import org.vae4j.datasets.mnist.MnistVariant;

/**
 * Prints how long one epoch of iteration alone takes over real MNIST (no model), per
 * binarization mode, batch 128, plain and behind ND4J's AsyncDataSetIterator
 * (the non-deprecated parent of DL4J's). A benchmark, not a
 * test: run it with {@code bench/run-iteration-benchmark.sh} after {@code scripts/fetch-data.sh}.
 */
public final class MnistIterationBenchmark {

    private static final int WARMUP_EPOCHS = 5;
    private static final int MEASURED_EPOCHS = 10;

    private MnistIterationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long loadStart = System.nanoTime();
        MnistData mnist = MnistData.loader(MnistVariant.MNIST).validationSize(0).load();
        System.out.printf("load + verify 70,000 images: %.0f ms; arrays held: %.1f MB%n",
                (System.nanoTime() - loadStart) / 1e6, mnist.heapBytes() / 1e6);
        // DYNAMIC twice, first and last: the first mode measured also pays for JIT and ND4J warm-up.
        for (Binarization mode : new Binarization[]{Binarization.DYNAMIC, Binarization.NONE,
                Binarization.STATIC_THRESHOLD, Binarization.STATIC_SAMPLED, Binarization.DYNAMIC}) {
            ByteImageDataSetIterator it = mnist.iterator(Split.TRAIN).binarization(mode).batchSize(128).seed(1)
                    .build();
            report(mode + " plain", it, false);
        }
        pixelWorkOnly(mnist, Binarization.DYNAMIC);
        ByteImageDataSetIterator dynamic = mnist.iterator(Split.TRAIN).binarization(Binarization.DYNAMIC)
                .batchSize(128).seed(1).build();
        report("DYNAMIC async", dynamic, true);
    }

    /** The binarization loops alone (no INDArray), to tell pixel work from ND4J allocation. */
    private static void pixelWorkOnly(MnistData mnist, Binarization mode) {
        byte[] pixels = mnist.trainFile().pixels();
        float[] batch = new float[128 * 784];
        double total = 0;
        for (int e = 0; e < WARMUP_EPOCHS + MEASURED_EPOCHS; e++) {
            long start = System.nanoTime();
            for (int id = 0; id < mnist.trainFile().count(); id++) {
                PixelBinarizer.write(pixels, id * 784, 784, batch, (id % 128) * 784, mode,
                        Seeds.mix(Seeds.DYNAMIC_DRAW_STREAM, 1, e, id));
            }
            if (e >= WARMUP_EPOCHS) {
                total += (System.nanoTime() - start) / 1e6;
            }
        }
        System.out.printf("%-22s pixel work only, 60000 images: mean %.0f ms%n", mode, total / MEASURED_EPOCHS);
    }

    private static void report(String label, ByteImageDataSetIterator it, boolean async) {
        double best = Double.MAX_VALUE;
        double total = 0;
        for (int e = 0; e < WARMUP_EPOCHS + MEASURED_EPOCHS; e++) {
            it.startEpoch(e);
            DataSetIterator source = async ? new AsyncDataSetIterator(it, 4) : it;
            long start = System.nanoTime();
            long checksum = 0;
            while (source.hasNext()) {
                DataSet batch = source.next();
                checksum += batch.getFeatures().size(0);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (source instanceof AsyncDataSetIterator a) {
                a.shutdown();
            }
            if (checksum != it.examples()) {
                throw new IllegalStateException("epoch served " + checksum + " of " + it.examples() + " examples");
            }
            if (e >= WARMUP_EPOCHS) {
                best = Math.min(best, ms);
                total += ms;
            }
        }
        System.out.printf("%-22s epoch of %d examples, batch 128: mean %.0f ms, best %.0f ms (%.0f examples/s)%n",
                label, it.examples(), total / MEASURED_EPOCHS, best, it.examples() / (total / MEASURED_EPOCHS / 1e3));
    }
}
