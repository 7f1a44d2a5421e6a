package org.vae4j.core.config;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A DL4J schedule multiplied by a constant: what {@code --set learningRate=...} makes of a
 * recipe's schedule that is not a {@code MapSchedule}. Serializes through DL4J's JSON like DL4J's
 * own schedules (class name and fields).
 */
public final class ScaledSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty("base")
    private final ISchedule base;
    @JsonProperty("factor")
    private final double factor;

    @JsonCreator
    public ScaledSchedule(@JsonProperty("base") ISchedule base, @JsonProperty("factor") double factor) {
        this.base = Objects.requireNonNull(base, "base");
        if (!(factor > 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("ScaledSchedule.factor = " + factor + ": must be finite and > 0");
        }
        this.factor = factor;
    }

    public ISchedule getBase() {
        return base;
    }

    public double getFactor() {
        return factor;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return factor * base.valueAt(iteration, epoch);
    }

    @Override
    public ISchedule clone() {
        return new ScaledSchedule(base.clone(), factor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledSchedule s && s.factor == factor && s.base.equals(base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, factor);
    }

    @Override
    public String toString() {
        return factor + " * " + base;
    }
}
