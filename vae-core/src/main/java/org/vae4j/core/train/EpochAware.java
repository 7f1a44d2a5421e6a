package org.vae4j.core.train;

/**
 * A data source whose content for an epoch depends only on its seed and the epoch number:
 * shuffling order, dynamic binarization draws. {@code VaeTrainer} calls {@link #startEpoch(int)}
 * at the start of every epoch instead of {@code reset()}, so that training resumed from a
 * checkpoint sees exactly the batches an uninterrupted run would have seen.
 */
public interface EpochAware {

    /** Rewinds to the first batch of {@code epoch} (0-based), in that epoch's order. */
    void startEpoch(int epoch);
}
