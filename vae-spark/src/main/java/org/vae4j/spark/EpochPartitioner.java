package org.vae4j.spark;

import org.apache.spark.Partitioner;

/**
 * Sends each example, keyed by its position in the epoch's order, to the partition of its
 * (round, worker), so that one averaging round reads only its own {@code workers} partitions.
 */
final class EpochPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final AveragingSchedule schedule;

    EpochPartitioner(AveragingSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public int numPartitions() {
        return schedule.rounds() * schedule.workers();
    }

    @Override
    public int getPartition(Object key) {
        return schedule.partitionOf((Long) key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EpochPartitioner that && that.schedule.equals(schedule);
    }

    @Override
    public int hashCode() {
        return schedule.hashCode();
    }
}
