package org.vae4j.datasets.binarize;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.ByteImageSet;
import org.vae4j.datasets.testing.SyntheticImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics of the four modes on 1,000 random grey images (784,000 pixels). */
class BinarizationTest {

    private static final ByteImageSet IMAGES = SyntheticImages.digits(1000, 3);

    private static float[] epoch(Binarization mode, long seed, int epoch, boolean shuffle, int batchSize) {
        ByteImageDataSetIterator it = ByteImageDataSetIterator.builder(IMAGES).binarization(mode).seed(seed)
                .shuffle(shuffle).batchSize(batchSize).build();
        it.startEpoch(epoch);
        float[] all = new float[IMAGES.pixels().length];
        int row = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            float[] f = batch.getFeatures().data().asFloat();
            System.arraycopy(f, 0, all, row * 784, f.length);
            row += (int) batch.getFeatures().size(0);
        }
        return all;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double greyMean() {
        double sum = 0;
        for (byte b : IMAGES.pixels()) {
            sum += (b & 0xff) / 255.0;
        }
        return sum / IMAGES.pixels().length;
    }

    @Test
    void noneIsByteOver255() {
        float[] x = epoch(Binarization.NONE, 1, 0, false, 100);
        for (int i = 0; i < x.length; i += 997) {
            assertEquals((IMAGES.pixels()[i] & 0xff) / 255f, x[i], 0f);
        }
        assertEquals(greyMean(), mean(x), 1e-6);
    }

    @Test
    void thresholdOfEveryByteValueIsGreyAboveHalf() {
        byte[] bytes = new byte[3 + 256];   // at an offset, as images after the first are read
        for (int v = 0; v < 256; v++) {
            bytes[3 + v] = (byte) v;
        }
        float[] out = new float[5 + 256];
        java.util.Arrays.fill(out, Float.NaN);
        PixelBinarizer.write(bytes, 3, 256, out, 5, Binarization.STATIC_THRESHOLD, 0);
        for (int v = 0; v < 256; v++) {
            assertEquals(v / 255.0 > 0.5 ? 1f : 0f, out[5 + v], 0f, "byte " + v);
        }
        assertTrue(Float.isNaN(out[4]), "nothing written before the offset");
    }

    @Test
    void thresholdIsGreyAboveHalf() {
        float[] x = epoch(Binarization.STATIC_THRESHOLD, 1, 0, false, 100);
        for (int i = 0; i < x.length; i++) {
            assertEquals((IMAGES.pixels()[i] & 0xff) / 255.0 > 0.5 ? 1f : 0f, x[i], 0f);
        }
    }

    @Test
    void sampledMeansMatchGreyMeanWithinFourStandardErrors() {
        double grey = greyMean();
        // Bernoulli variance <= 1/4, so the standard error of the mean of n pixels is <= 0.5/sqrt(n).
        double tolerance = 4 * 0.5 / Math.sqrt(IMAGES.pixels().length);
        for (Binarization mode : new Binarization[]{Binarization.STATIC_SAMPLED, Binarization.DYNAMIC}) {
            float[] x = epoch(mode, 11, 0, false, 128);
            for (float v : x) {
                assertTrue(v == 0f || v == 1f, mode + " must give 0/1");
            }
            assertEquals(grey, mean(x), tolerance, mode.toString());
        }
    }

    @Test
    void perPixelProbabilityFollowsGreyValue() {
        // Pixel byte 51 = grey 0.2: over 50 dynamic epochs of 1000 images, count its ones.
        long ones = 0;
        long trials = 0;
        for (int e = 0; e < 50; e++) {
            float[] x = epoch(Binarization.DYNAMIC, 5, e, false, 500);
            for (int i = 0; i < x.length; i++) {
                if ((IMAGES.pixels()[i] & 0xff) == 51) {
                    ones += (long) x[i];
                    trials++;
                }
            }
        }
        double p = ones / (double) trials;
        assertEquals(0.2, p, 4 * Math.sqrt(0.2 * 0.8 / trials), "trials " + trials);
    }

    @Test
    void dynamicDrawsDifferAcrossEpochsAndRepeatForTheSameEpoch() {
        float[] e0 = epoch(Binarization.DYNAMIC, 7, 0, false, 128);
        float[] e1 = epoch(Binarization.DYNAMIC, 7, 1, false, 128);
        float[] e0again = epoch(Binarization.DYNAMIC, 7, 0, false, 128);
        assertArrayEquals(e0, e0again, "epoch content is a function of (seed, epoch)");
        assertFalse(java.util.Arrays.equals(e0, e1), "dynamic binarization must redraw every epoch");
        assertTrue(fractionDifferent(e0, e1) > 0.1, "fresh draws differ in many pixels");
        assertFalse(java.util.Arrays.equals(e0, epoch(Binarization.DYNAMIC, 8, 0, false, 128)), "seed matters");
    }

    @Test
    void staticDrawsAreTheSameEveryEpoch() {
        assertArrayEquals(epoch(Binarization.STATIC_SAMPLED, 7, 0, false, 128),
                epoch(Binarization.STATIC_SAMPLED, 7, 5, false, 128));
        assertArrayEquals(epoch(Binarization.STATIC_THRESHOLD, 7, 0, false, 128),
                epoch(Binarization.STATIC_THRESHOLD, 7, 5, false, 128));
    }

    @Test
    void drawsDoNotDependOnBatchSize() {
        assertArrayEquals(epoch(Binarization.DYNAMIC, 7, 2, false, 128), epoch(Binarization.DYNAMIC, 7, 2, false, 37));
    }

    @Test
    void modesSayWhetherTheyChangeEveryEpoch() {
        assertTrue(Binarization.DYNAMIC.changesEveryEpoch());
        assertFalse(Binarization.STATIC_SAMPLED.changesEveryEpoch());
    }

    private static double fractionDifferent(float[] a, float[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n / (double) a.length;
    }
}
