package org.vae4j.core.train;

/**
 * How one way of training (one machine, Spark) runs an epoch, as units of updates; everything
 * else (epochs, validation, checkpoints, listeners, divergence checks, summary) is the
 * {@link TrainingLoop}'s. Runners must be exactly resumable: running an epoch from unit k gives
 * what an uninterrupted run gives after its first k units.
 */
public interface EpochRunner extends AutoCloseable {

    /** Receives each unit as it completes; returns false to stop the epoch there. */
    @FunctionalInterface
    interface UnitSink {
        boolean unitDone(UnitResult unit);
    }

    /**
     * Trains {@code epoch} (0-based) from after its first {@code unitsDone} units, at 0-based
     * iteration {@code iteration}, handing every completed unit to {@code sink}.
     */
    void runEpoch(int epoch, int unitsDone, long iteration, UnitSink sink);

    /** Frees what the runner allocated (engine buffers). */
    @Override
    void close();
}
