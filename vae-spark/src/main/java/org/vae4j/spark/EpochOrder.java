package org.vae4j.spark;

import org.vae4j.core.train.InMemoryEpochIterator;

/**
 * The order in which an epoch visits the training examples, computed on the driver: position p of
 * epoch e holds example {@code order(n, e)[p]} (an index in the RDD's order). Minibatches, rounds
 * and workers follow from it ({@link AveragingSchedule}), so a trainer given the order of a
 * single-machine iterator serves that iterator's minibatches.
 */
@FunctionalInterface
public interface EpochOrder {

    /** A permutation of {@code 0 .. examples-1}; the same for the same arguments. */
    int[] order(int examples, int epoch);

    /** {@link InMemoryEpochIterator}'s order for {@code seed}: the default, the config's seed. */
    static EpochOrder shuffled(long seed) {
        return (examples, epoch) -> InMemoryEpochIterator.epochOrder(examples, true, seed, epoch);
    }
}
