package org.vae4j.datasets.binarize;

/**
 * Derives independent-looking 64-bit seeds from tuples such as (seed, epoch, example), so that each
 * random stream depends only on its coordinates, not on the order things were computed in.
 */
public final class Seeds {

    /** Stream labels keep shuffling and binarization draws from sharing a seed. */
    public static final long SHUFFLE_STREAM = 0x5348_5546_464cL;
    public static final long STATIC_DRAW_STREAM = 0x5354_4154_4943L;
    public static final long DYNAMIC_DRAW_STREAM = 0x4459_4e41_4d43L;
    public static final long SPLIT_STREAM = 0x5350_4c49_5421L;

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /** Folds the parts into one seed with the SplitMix64 finalizer, order-sensitive. */
    public static long mix(long... parts) {
        long h = 0x6a09e667f3bcc909L;
        for (long part : parts) {
            h = finalizeMix(h + GOLDEN_GAMMA + finalizeMix(part));
        }
        return h;
    }

    private static long finalizeMix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
