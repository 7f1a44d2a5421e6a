package org.vae4j.datasets.mnist;

import org.vae4j.datasets.binarize.Seeds;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A partition of the training file into training and validation ids by a seeded permutation; both
 * lists are sorted so that a {@code limit} takes the first examples in file order.
 */
record TrainValidationSplit(int[] trainIds, int[] validationIds) {

    static TrainValidationSplit of(int examples, int validationSize, long splitSeed) {
        if (validationSize < 0 || validationSize >= examples) {
            throw new IllegalArgumentException("validationSize must be in [0, " + examples + "), got "
                    + validationSize);
        }
        int[] permutation = new int[examples];
        Arrays.setAll(permutation, i -> i);
        SplittableRandom rng = new SplittableRandom(Seeds.mix(Seeds.SPLIT_STREAM, splitSeed));
        // Partial Fisher-Yates: only the first validationSize places need to be drawn.
        for (int i = 0; i < validationSize; i++) {
            int j = i + rng.nextInt(examples - i);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        int[] validation = Arrays.copyOfRange(permutation, 0, validationSize);
        int[] train = Arrays.copyOfRange(permutation, validationSize, examples);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new TrainValidationSplit(train, validation);
    }
}
