package org.vae4j.datasets.mnist;

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

/** Real Fashion-MNIST (gzip files from Debian, installed by scripts/fetch-data.sh): the .gz path with real pins. */
class FashionMnistRealDataIT {

    @Test
    void loadsVerifiedGzipFilesWithKnownFirstLabels() throws IOException {
        MnistData fashion;
        try {
            fashion = MnistData.loader(MnistVariant.FASHION_MNIST).validationSize(5_000).load();
        } catch (FileNotFoundException e) {
            fashion = fail("real Fashion-MNIST not found: run scripts/fetch-data.sh\n" + e.getMessage(), e);
        }
        // The first training and the first test item are both ankle boots (class 9).
        assertEquals(9, fashion.trainFile().labels()[0]);
        assertEquals(9, fashion.testFile().labels()[0]);
        assertEquals("Ankle boot", fashion.variant().classNames().get(9));

        ByteImageDataSetIterator test = fashion.iterator(Split.TEST).binarization(Binarization.STATIC_SAMPLED)
                .seed(3).batchSize(10_000).build();
        DataDescription d = test.description();
        assertEquals("fashion-mnist", d.name());
        assertEquals("STATIC_SAMPLED", d.binarization());
        assertEquals(MnistVariant.FASHION_MNIST.contentSha256().get(MnistFiles.TEST_IMAGES),
                d.fileSha256().get(MnistFiles.TEST_IMAGES));
        DataSet all = test.next();
        assertEquals(10_000, all.numExamples());
        assertEquals(55_000, fashion.iterator(Split.TRAIN).build().examples());
    }
}
