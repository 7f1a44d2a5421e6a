package org.vae4j.spark;

import java.io.Serializable;

import scala.runtime.AbstractFunction1;

/** Spark's partition filter (a Scala {@code Int => Boolean}) selecting the partitions of one round. */
final class RoundPartitions extends AbstractFunction1<Object, Object> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int round;
    private final int workers;

    RoundPartitions(int round, int workers) {
        this.round = round;
        this.workers = workers;
    }

    @Override
    public Object apply(Object partition) {
        return (Integer) partition / workers == round;
    }
}
