package org.vae4j.core.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.Vae4jThreads;

/**
 * Builds the next minibatch of one of vae4j's own iterators ({@link EpochOrderedIterator}) on a
 * background thread while the current one trains, as DL4J's {@code AsyncDataSetIterator} does for
 * {@code fit}: gathering and binarizing a 128-image MNIST minibatch takes 0.1-0.25 ms of each step
 * otherwise. Only with more than one of vae4j's threads (on one core the hand-off would only add
 * to the step), and only for vae4j's iterators: their minibatches depend only on (seed, epoch,
 * position), and their arrays are new per minibatch, so building one ahead changes no number. Any
 * other iterator is read on the training thread, as it expects.
 *
 * <p>Every call on the iterator, {@code hasNext} included, runs on the one background thread, in
 * order; the training thread only waits for the results. The thread is attached to the training
 * thread's device, so that on CUDA the minibatch lands where the model is.
 */
final class MinibatchPrefetch implements AutoCloseable {

    private final DataSetIterator source;
    private final ExecutorService thread;
    private Future<DataSet> pending;

    private MinibatchPrefetch(DataSetIterator source, ExecutorService thread) {
        this.source = source;
        this.thread = thread;
    }

    /** A prefetch of {@code source} when it is vae4j's own and there is a core to spare, else null. */
    static MinibatchPrefetch forIterator(DataSetIterator source) {
        if (!(source instanceof EpochOrderedIterator) || Vae4jThreads.threads() < 2) {
            return null;
        }
        Integer device = Nd4j.getAffinityManager().getDeviceForCurrentThread();
        // One thread, which ends after a second without work: a trainer that is never closed leaves none.
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            // As DL4J's AsyncDataSetIterator does for its prefetch thread.
            Thread t = new Thread(() -> {
                Nd4j.getAffinityManager().unsafeSetDevice(device);
                task.run();
            }, "vae4j-minibatches");
            t.setDaemon(true);
            return t;
        });
        thread.allowCoreThreadTimeOut(true);
        return new MinibatchPrefetch(source, thread);
    }

    /** Starts building the iterator's next minibatch (none when it has no more). Call after positioning it. */
    void requestNext() {
        pending = thread.submit(() -> source.hasNext() ? source.next() : null);
    }

    /** The minibatch {@link #requestNext} started, or null at the end of the epoch; waits for it. */
    DataSet take() {
        Future<DataSet> result = pending;
        pending = null;
        if (result == null) {
            throw new IllegalStateException("MinibatchPrefetch.take without requestNext");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next minibatch", e);
        } catch (ExecutionException e) {
            // The iterator's own failure, as the training thread would have seen it.
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits for a minibatch still being built and returns it: null when none was requested, or when
     * building it failed (the epoch is over either way; a failure that matters shows on the next
     * request).
     */
    DataSet drainQuietly() {
        if (pending == null) {
            return null;
        }
        try {
            return take();
        } catch (RuntimeException | Error e) {
            return null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
