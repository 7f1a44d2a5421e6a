package org.vae4j.core.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Seeded mutations of valid files, and the bytes a thread allocates while reading one: the
 * fuzz tests assert that a reader allocates in proportion to the bytes present, never to what a
 * (mutated) header declares.
 */
public final class MutationFuzzer {

    /** Values a mutated length field takes besides random ones: edges and "plausible but huge". */
    private static final int[] INTERESTING = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7ffffff0,
            0x00ffffff, 1 << 20, 1 << 24, 60_000, 2_000_000, 0x10000, 0xffff};

    private final SplittableRandom rng;

    public MutationFuzzer(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    public SplittableRandom random() {
        return rng;
    }

    /**
     * 1-4 of: flip a bit, set a byte, overwrite a 4-byte field (aligned, in the first
     * {@code fieldRegion} bytes, where the headers and tags are) with an interesting or
     * log-uniform value in either byte order, truncate, append garbage.
     */
    public byte[] mutate(byte[] valid, int fieldRegion) {
        byte[] b = valid.clone();
        int mutations = 1 + rng.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            switch (rng.nextInt(6)) {
                case 0 -> b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                case 2, 3 -> {
                    int region = Math.min(fieldRegion, b.length) / 4;
                    if (region > 0) {
                        int at = 4 * rng.nextInt(region);
                        int value = rng.nextBoolean() ? INTERESTING[rng.nextInt(INTERESTING.length)]
                                : rng.nextInt(1 << rng.nextInt(31)) + 1;
                        putInt(b, at, value, rng.nextBoolean());
                    }
                }
                case 4 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
                default -> {
                    int extra = 1 + rng.nextInt(64);
                    b = Arrays.copyOf(b, b.length + extra);
                    for (int i = b.length - extra; i < b.length; i++) {
                        b[i] = (byte) rng.nextInt(256);
                    }
                }
            }
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int value, boolean bigEndian) {
        for (int i = 0; i < 4 && at + i < b.length; i++) {
            int shift = bigEndian ? 24 - 8 * i : 8 * i;
            b[at + i] = (byte) (value >>> shift);
        }
    }

    /** Bytes allocated so far by the current thread (HotSpot's per-thread counter). */
    public static long allocatedBytes() {
        return threadBean().getCurrentThreadAllocatedBytes();
    }

    /** Skips the test on a JVM without per-thread allocation counting. */
    public static void assumeAllocationCounting() {
        com.sun.management.ThreadMXBean bean = threadBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "per-thread allocation counting unsupported");
        bean.setThreadAllocatedMemoryEnabled(true);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }
}
