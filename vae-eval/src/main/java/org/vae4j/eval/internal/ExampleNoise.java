package org.vae4j.eval.internal;

import java.util.SplittableRandom;

/**
 * Standard normal noise for the importance samples of one example, from a Java generator keyed by
 * (seed, example index) and consumed in sample order. Sample s of example i therefore gets the
 * same noise whatever the block size, chunk size, memory budget or thread count; ND4J's native
 * generators could not promise that, because their streams are shared by all rows of a draw. AIS
 * ({@code org.vae4j.eval.ais}) keys its chains' generators the same way.
 * Drawing in Java costs a few percent of the decoder's time (20 normals per sample against a
 * 784x400 GEMM row).
 */
public final class ExampleNoise {

    private ExampleNoise() {
    }

    public static SplittableRandom forExample(long seed, long exampleIndex) {
        return new SplittableRandom(mix64(seed ^ mix64(exampleIndex + 0x9E3779B97F4A7C15L)));
    }

    /** MurmurHash3's 64-bit finaliser: neighbouring (seed, index) pairs give unrelated streams. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    public static final String SCHEME = "sample s of example i uses the s-th block of latentSize normals of "
            + "java.util.SplittableRandom keyed by (seed, i); independent of chunking and threads";
}
