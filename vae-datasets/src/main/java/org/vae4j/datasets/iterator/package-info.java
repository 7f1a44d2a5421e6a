/**
 * DL4J {@code DataSetIterator}s over in-memory arrays whose every epoch is a pure function of
 * (seed, epoch): the shuffling order and any per-epoch Bernoulli draws. They implement
 * {@link org.vae4j.core.train.EpochAware} so a trainer resumed from a checkpoint sees the batches
 * an uninterrupted run would have seen, and they are safe behind DL4J's
 * {@code AsyncDataSetIterator} (one producer thread calls {@code next()}).
 */
package org.vae4j.datasets.iterator;
