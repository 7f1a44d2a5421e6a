package org.vae4j.core;

import java.util.Locale;

/**
 * Sizes checked before they are allocated: a count typed by a user or read from a file (AIS
 * steps, layer sizes) is compared with the memory the JVM may still take, so a size that cannot
 * fit fails with one message naming it instead of an OutOfMemoryError midway.
 *
 * <p>The limit is the JVM's maximum heap ({@code -Xmx}), which also bounds ND4J's off-heap
 * arrays unless {@code org.bytedeco.javacpp.maxbytes} says otherwise.
 */
public final class HeapBudget {

    private static final long MIB = 1024 * 1024;

    private HeapBudget() {
    }

    /** Bytes the heap can still grow by: the maximum heap less what is in use now. */
    public static long availableBytes() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * Refuses {@code bytes} (computed in long or double, never an overflowed int) when they do
     * not fit in the available heap.
     *
     * @param what   what needs the memory, e.g. "AIS with 300000000 steps"
     * @param advice what to lower, e.g. "lower --ais-steps"
     * @throws IllegalArgumentException "what needs N MiB, the JVM can still take M MiB of its
     *                                  -Xmx...: advice, or raise VAE4J_JAVA_OPTS=-Xmx..."
     */
    public static void require(double bytes, String what, String advice) {
        long available = availableBytes();
        if (!(bytes <= available)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s; the JVM can take %d MiB "
                            + "more of its %d MiB: %s, or raise VAE4J_JAVA_OPTS=-Xmx...", what, mebibytes(bytes),
                    available / MIB, Runtime.getRuntime().maxMemory() / MIB, advice));
        }
    }

    private static String mebibytes(double bytes) {
        double m = bytes / MIB;
        return m < 1e7 ? String.format(Locale.ROOT, "%.0f MiB", Math.ceil(m)) : String.format(Locale.ROOT, "%.1e MiB", m);
    }
}
