package org.vae4j.datasets.iterator;

import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.testing.SyntheticImages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteImageDataSetIteratorTest {

    private static final ByteImageSet IMAGES = SyntheticImages.digits(300, 9);

    private static ByteImageDataSetIterator.Builder builder() {
        return ByteImageDataSetIterator.builder(IMAGES).batchSize(64).seed(42);
    }

    /** The example ids of one epoch, recovered from the one-hot label and the first pixel. */
    private static List<float[]> batches(ByteImageDataSetIterator it) {
        List<float[]> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next().getFeatures().data().asFloat());
        }
        return out;
    }

    @Test
    void batchesAreFloatOneHotAndCoverTheEpoch() {
        ByteImageDataSetIterator it = builder().build();
        int rows = 0;
        int batches = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            assertEquals(DataType.FLOAT, batch.getFeatures().dataType());
            assertEquals(784, batch.getFeatures().size(1));
            assertEquals(10, batch.getLabels().size(1));
            assertArrayEquals(new double[(int) batch.getLabels().size(0)],
                    batch.getLabels().sum(1).subi(1).toDoubleVector(), 0, "one-hot rows");
            rows += (int) batch.getFeatures().size(0);
            batches++;
        }
        assertEquals(300, rows);
        assertEquals(5, batches, "4 full batches of 64 and one of 44");
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void labelsMatchTheirImagesWhenShuffled() {
        ByteImageDataSetIterator it = builder().binarization(Binarization.NONE).build();
        while (it.hasNext()) {
            DataSet batch = it.next();
            for (int r = 0; r < batch.getFeatures().size(0); r++) {
                float[] row = batch.getFeatures().getRow(r).toFloatVector();
                int id = findImage(row);
                assertEquals(id % 10, batch.getLabels().getRow(r).argMax().getInt(0));
            }
        }
    }

    private static int findImage(float[] row) {
        for (int id = 0; id < IMAGES.count(); id++) {
            boolean same = true;
            for (int p = 0; p < 784 && same; p++) {
                same = (IMAGES.pixels()[id * 784 + p] & 0xff) / 255f == row[p];
            }
            if (same) {
                return id;
            }
        }
        throw new AssertionError("row is no image of the set");
    }

    @Test
    void orderIsAFunctionOfSeedAndEpoch() {
        ByteImageDataSetIterator a = builder().build();
        ByteImageDataSetIterator b = builder().build();
        a.startEpoch(3);
        b.startEpoch(3);
        assertBatchesEqual(batches(a), batches(b));
        a.startEpoch(4);
        b.startEpoch(3);
        assertFalse(Arrays.equals(batches(a).get(0), batches(b).get(0)), "epochs are shuffled differently");
    }

    @Test
    void resetOfAnUntouchedEpochStaysAndResetAfterUseAdvances() {
        ByteImageDataSetIterator it = builder().build();
        it.reset();
        assertEquals(0, it.epoch(), "DL4J resets fresh iterators; epoch 0 must not be skipped");
        it.next();
        it.reset();
        assertEquals(1, it.epoch());
        List<float[]> viaReset = batches(it);
        ByteImageDataSetIterator direct = builder().build();
        direct.startEpoch(1);
        assertBatchesEqual(direct.hasNext() ? batches(direct) : List.of(), viaReset);
    }

    @Test
    void limitTakesAFixedSubset() {
        ByteImageDataSetIterator it = builder().limit(100).build();
        assertEquals(100, it.examples());
        assertEquals(100, it.description().examples());
        assertThrows(IllegalArgumentException.class, () -> builder().limit(0).build());
    }

    @Test
    void validatesArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder().batchSize(0).build());
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder().exampleIds(new int[]{300}).build());
    }

    @Test
    void describesItsData() {
        DataDescription d = builder().split("validation").binarization(Binarization.DYNAMIC).limit(50).build()
                .description();
        assertEquals("synthetic", d.name());
        assertEquals("validation", d.split());
        assertEquals("DYNAMIC", d.binarization());
        assertEquals(42, d.seed());
        assertEquals(50, d.examples());
        assertEquals(IMAGES.fileSha256(), d.fileSha256());
    }

    // DL4J's subclass is deprecated in favour of ND4J's, but it is the one users still wrap with.
    @SuppressWarnings("deprecation")
    @Test
    void asyncWrapperServesTheSameBatches() {
        ByteImageDataSetIterator direct = builder().binarization(Binarization.DYNAMIC).build();
        List<float[]> expected = batches(direct);
        ByteImageDataSetIterator wrapped = builder().binarization(Binarization.DYNAMIC).build();
        AsyncDataSetIterator async = new AsyncDataSetIterator(wrapped, 2);
        List<float[]> actual = new ArrayList<>();
        while (async.hasNext()) {
            actual.add(async.next().getFeatures().dup().data().asFloat());
        }
        async.shutdown();
        assertBatchesEqual(expected, actual);
    }

    @Test
    void sharedBufferDoesNotLeakBetweenBatches() {
        ByteImageDataSetIterator it = builder().shuffle(false).build();
        DataSet first = it.next();
        float[] firstCopy = first.getFeatures().data().asFloat();
        it.next();
        assertArrayEquals(firstCopy, first.getFeatures().data().asFloat(), "INDArrays must own their data");
        assertNotEquals(0, first.getLabels().sumNumber().intValue());
    }

    private static void assertBatchesEqual(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "batch " + i);
        }
    }
}
