package org.vae4j.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * The Java threads vae4j's own loops run on (the fused updater, the evaluation's per-row
 * products): one pool of daemon threads, not the JVM's common ForkJoinPool, so an application's
 * parallel streams and vae4j do not compete for it, and one setting bounds it.
 *
 * <p>Size: the system property {@value #PROPERTY}, else the environment variable {@value #ENV},
 * else the number of available processors. ND4J's native ops and BLAS use their own OpenMP
 * threads ({@code OMP_NUM_THREADS}); vae4j never runs its loops and an ND4J op at the same time.
 *
 * <p>A bad setting never fails class initialisation (an ExceptionInInitializerError would
 * escape an application's error handling and leave the class unusable): applications call
 * {@link #checkSetting()} at start-up, as the vae4j CLI does, and the pool itself falls back to
 * the number of processors.
 */
public final class Vae4jThreads {

    /** System property with the number of vae4j worker threads (>= 1). */
    public static final String PROPERTY = "vae4j.threads";
    /** Environment variable with the same meaning, read when the property is absent. */
    public static final String ENV = "VAE4J_THREADS";

    /** The most threads the setting may ask for: far above any machine's cores, well below what a JVM can start. */
    public static final int MAX_THREADS = 1024;

    private static final int THREADS = threadsOrDefault();
    /** Numbers the pool's threads: a worker's pool index is not assigned yet when the factory names it. */
    private static final java.util.concurrent.atomic.AtomicInteger WORKERS = new java.util.concurrent.atomic.AtomicInteger();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS, pool -> {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setDaemon(true);
        thread.setName("vae4j-" + WORKERS.getAndIncrement());
        return thread;
    }, null, false) : null;

    private Vae4jThreads() {
    }

    /** How many threads vae4j's loops use. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code part} for parts 0..parts-1, on the vae4j pool when parts > 1, and waits for all.
     * Called from within a part (a nested parallel section), it runs the parts one after another
     * on the calling thread: the outer section already keeps every vae4j thread busy.
     *
     * <p>If parts fail, it still returns only when every part has ended (other parts may still
     * write into buffers the caller frees once this returns), and then throws the failure of the
     * lowest-numbered part, as is. An interrupt does not cut the wait short; it is kept for the
     * caller.
     */
    public static void forEachPart(int parts, IntConsumer part) {
        if (parts <= 1 || POOL == null || insidePool()) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        // One task per part and a latch, not a parallel stream joined from here: a stream's join
        // may run the submitted task on this (non-pool) thread, whose forks then go to the JVM's
        // common pool, and the latch makes "every part has ended" explicit.
        Throwable[] failures = new Throwable[parts];
        CountDownLatch ended = new CountDownLatch(parts);
        for (int i = 0; i < parts; i++) {
            int index = i;
            POOL.execute(() -> {
                try {
                    part.accept(index);
                } catch (Throwable failure) {
                    failures[index] = failure;
                } finally {
                    ended.countDown();
                }
            });
        }
        awaitUninterruptibly(ended);
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch ended) {
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the parts still write into the caller's buffers: keep waiting
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean insidePool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == POOL;
    }

    /**
     * Checks {@value #PROPERTY} / {@value #ENV} without touching the pool.
     *
     * @throws IllegalArgumentException naming the setting, its value and the range
     */
    public static void checkSetting() {
        configuredThreads();
    }

    private static int threadsOrDefault() {
        try {
            return configuredThreads();
        } catch (IllegalArgumentException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static int configuredThreads() {
        String value = System.getProperty(PROPERTY);
        String source = "-D" + PROPERTY;
        if (value == null) {
            value = System.getenv(ENV);
            source = ENV;
        }
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1 && threads <= MAX_THREADS) {
                return threads;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(source + " = '" + value + "': must be a whole number from 1 to " + MAX_THREADS);
    }
}
