package org.vae4j.datasets.binarize;

/** How grey pixels become the observations a model sees. */
public enum Binarization {
    /** Grey values in [0,1], pixel byte / 255. */
    NONE,
    /** 1 where grey &gt; 0.5 (byte &gt;= 128), else 0; the same every epoch. */
    STATIC_THRESHOLD,
    /**
     * One Bernoulli(grey) draw per pixel, made from (seed, example) and therefore the same every
     * epoch and in every split order; binarize a test set this way once so evaluations compare.
     */
    STATIC_SAMPLED,
    /**
     * A fresh Bernoulli(grey) draw every epoch, reproducible from (seed, epoch, example), as in
     * Burda et al. (2015).
     */
    DYNAMIC;

    /** Whether the same example looks different in different epochs. */
    public boolean changesEveryEpoch() {
        return this == DYNAMIC;
    }
}
