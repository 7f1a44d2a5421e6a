package org.vae4j.datasets.bench;

import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.datasets.binarize.Binarization;
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

    private static final int WARMUP_EPOCHS = 3;
    private static final int MEASURED_EPOCHS = 5;

    private MnistIterationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long loadStart = System.nanoTime();
        MnistData mnist = MnistData.loader(MnistVariant.MNIST).validationSize(0).load();
        System.out.printf("load + verify 70,000 images: %.0f ms; arrays held: %.1f MB%n",
                (System.nanoTime() - loadStart) / 1e6, mnist.heapBytes() / 1e6);
        for (Binarization mode : Binarization.values()) {
            ByteImageDataSetIterator it = mnist.iterator(Split.TRAIN).binarization(mode).batchSize(128).seed(1)
                    .build();
            report(mode + " plain", it, false);
        }
        ByteImageDataSetIterator dynamic = mnist.iterator(Split.TRAIN).binarization(Binarization.DYNAMIC)
                .batchSize(128).seed(1).build();
        report("DYNAMIC async", dynamic, true);
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
