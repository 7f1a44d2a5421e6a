package org.vae4j.datasets.testing;

import org.vae4j.datasets.iterator.ByteImageSet;

import java.util.List;
import java.util.Map;

/** In-memory image sets for iterator tests. */
public final class SyntheticImages {

    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private SyntheticImages() {
    }

    /** {@code count} random 28x28 grey images, labels 0..9 cyclic. */
    public static ByteImageSet digits(int count, long seed) {
        return new ByteImageSet("synthetic", IdxFixtures.randomPixels(count, seed), 784,
                IdxFixtures.cyclicLabels(count, 10), DIGITS, Map.of("synthetic", "0".repeat(64)));
    }
}
