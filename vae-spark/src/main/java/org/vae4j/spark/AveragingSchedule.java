package org.vae4j.spark;

import java.io.Serializable;

/**
 * Which worker trains which minibatch of an epoch, and in which averaging round.
 *
 * <p>An epoch is the sequence of minibatches {@code InMemoryEpochIterator} would serve
 * (positions {@code 0..examples-1} of the epoch's order, cut into minibatches of
 * {@code batchSize}). Round r takes the next {@code workers * averagingFrequency} minibatches;
 * worker w trains minibatches {@code w*k .. w*k+k-1} of the round, one step each, then the
 * parameters are averaged. With one worker the minibatches and step numbers are exactly those of
 * single-machine training.
 *
 * @param examples           examples in the training set
 * @param batchSize          examples per minibatch (the last minibatch of an epoch may be smaller)
 * @param workers            data-parallel workers (Spark tasks per round)
 * @param averagingFrequency steps each worker takes between two averagings (k)
 */
public record AveragingSchedule(long examples, int batchSize, int workers, int averagingFrequency)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public AveragingSchedule {
        requireAtLeast("examples", examples, 1);
        requireAtLeast("batchSize", batchSize, 1);
        requireAtLeast("workers", workers, 1);
        requireAtLeast("averagingFrequency", averagingFrequency, 1);
    }

    /** Minibatches per epoch. */
    public long minibatches() {
        return (examples + batchSize - 1) / batchSize;
    }

    /** Minibatches consumed by one full averaging round. */
    public long minibatchesPerRound() {
        return (long) workers * averagingFrequency;
    }

    /** Averaging rounds per epoch (the last may be partial). */
    public int rounds() {
        return Math.toIntExact((minibatches() + minibatchesPerRound() - 1) / minibatchesPerRound());
    }

    /** Minibatch index (within the epoch) of the example at {@code position} of the epoch's order. */
    public long minibatchOf(long position) {
        return position / batchSize;
    }

    public int roundOf(long position) {
        return (int) (minibatchOf(position) / minibatchesPerRound());
    }

    public int workerOf(long position) {
        return (int) (minibatchOf(position) % minibatchesPerRound() / averagingFrequency);
    }

    /** Step (0..k-1) within its round at which the worker trains the example's minibatch. */
    public int stepOf(long position) {
        return (int) (minibatchOf(position) % averagingFrequency);
    }

    /** The Spark partition holding the example: one partition per (round, worker). */
    public int partitionOf(long position) {
        return roundOf(position) * workers + workerOf(position);
    }

    /**
     * Optimiser steps one round advances the averaged model by: the steps of its busiest worker
     * (worker 0), which is k except in a partial last round.
     */
    public int stepsInRound(int round) {
        long remaining = minibatches() - round * minibatchesPerRound();
        return (int) Math.min(averagingFrequency, Math.max(0, remaining));
    }

    private static void requireAtLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("AveragingSchedule." + field + " = " + value + ": must be >= " + min);
        }
    }
}
