package org.vae4j.datasets.mnist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.Split;

import java.io.FileNotFoundException;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end on the real MNIST files fetched by {@code scripts/fetch-data.sh}. Missing data is a
 * failure, not a skip: a green build must mean the real-data path was exercised.
 */
class MnistRealDataIT {

    private static MnistData mnist;

    @BeforeAll
    static void load() throws IOException {
        try {
            mnist = MnistData.loader(MnistVariant.MNIST).validationSize(400).load();
        } catch (FileNotFoundException e) {
            fail("real MNIST not found: run scripts/fetch-data.sh (it fills $VAE4J_DATA or ~/.vae4j/data)\n"
                    + e.getMessage(), e);
        }
    }

    @Test
    void splitsHaveTheIwaeSizesAndOfficialChecksums() {
        DataDescription train = mnist.iterator(Split.TRAIN).build().description();
        DataDescription validation = mnist.iterator(Split.VALIDATION).build().description();
        DataDescription test = mnist.iterator(Split.TEST).build().description();
        assertEquals(59_600, train.examples());
        assertEquals(400, validation.examples());
        assertEquals(10_000, test.examples());
        assertEquals("mnist", test.name());
        assertEquals("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                test.fileSha256().get(MnistFiles.TEST_IMAGES));
        assertEquals(MnistVariant.MNIST.contentSha256().get(MnistFiles.TRAIN_LABELS),
                train.fileSha256().get(MnistFiles.TRAIN_LABELS));
    }

    @Test
    void knownFirstLabelsAndMeanPixel() {
        // The first training digit of MNIST is a 5, the first test digit a 7.
        assertEquals(5, mnist.trainFile().labels()[0]);
        assertEquals(7, mnist.testFile().labels()[0]);
        ByteImageDataSetIterator test = mnist.iterator(Split.TEST).batchSize(1000).build();
        double sum = 0;
        long pixels = 0;
        while (test.hasNext()) {
            DataSet batch = test.next();
            sum += batch.getFeatures().sumNumber().doubleValue();
            pixels += batch.getFeatures().length();
        }
        // Mean grey value of the MNIST test set, the 0.1325 of common normalisation recipes.
        assertEquals(0.1325, sum / pixels, 5e-4);
    }

    @Test
    void dynamicEpochOfTheTrainingSplitHasTheGreyMean() {
        ByteImageDataSetIterator train = mnist.iterator(Split.TRAIN).binarization(Binarization.DYNAMIC)
                .batchSize(128).seed(1).build();
        double sum = 0;
        long pixels = 0;
        int batches = 0;
        while (train.hasNext()) {
            DataSet batch = train.next();
            sum += batch.getFeatures().sumNumber().doubleValue();
            pixels += batch.getFeatures().length();
            batches++;
        }
        assertEquals(466, batches, "ceil(59600 / 128)");
        assertEquals(0.1307, sum / pixels, 2e-3, "MNIST training mean grey value");
    }
}
