package org.vae4j.core.config;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Learning rates and schedules of DL4J's {@link IUpdater} configurations, which expose the rate
 * through {@code setLrAndSchedule}/{@code getLearningRate} but the schedule only as a per-class
 * Lombok getter.
 */
public final class LearningRates {

    private LearningRates() {
    }

    /**
     * A deep copy of {@code updater} through DL4J's JSON. Not {@code clone()}: ND4J M2.1's
     * {@code AdaGrad.clone()} returns {@code new AdaGrad(learningRate, epsilon)} and so drops the
     * learning-rate schedule (the copy would train at rate NaN).
     */
    public static IUpdater copy(IUpdater updater) {
        if (updater == null) {
            return null;
        }
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        try {
            return mapper.readValue(mapper.writeValueAsString(updater), IUpdater.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The updater " + updater + " cannot be written as DL4J JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The updater's learning-rate schedule, or null (constant rate, or no learning rate at all). */
    public static ISchedule schedule(IUpdater updater) {
        try {
            Object schedule = updater.getClass().getMethod("getLearningRateSchedule").invoke(updater);
            return (ISchedule) schedule;
        } catch (NoSuchMethodException e) {
            return null;   // e.g. AdaDelta and NoOp have no learning rate
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read the learning-rate schedule of " + updater, e);
        }
    }

    /** A copy of {@code updater} that follows {@code schedule}; null keeps today's initial rate, constant. */
    public static IUpdater withSchedule(IUpdater updater, ISchedule schedule) {
        IUpdater copy = requireLearningRate(updater, "learningRateSchedule");
        copy.setLrAndSchedule(schedule == null ? copy.getLearningRate(0, 0) : Double.NaN, schedule);
        return copy;
    }

    /**
     * A copy of {@code updater} whose rate starts at {@code initialRate}: a constant rate is
     * replaced, a schedule is multiplied by initialRate / (its value at iteration 0, epoch 0).
     */
    public static IUpdater withInitialRate(IUpdater updater, double initialRate) {
        IUpdater copy = requireLearningRate(updater, "learningRate");
        if (!(initialRate > 0 && Double.isFinite(initialRate))) {
            throw new InvalidConfigException("VaeConfig.learningRate", initialRate, "must be finite and > 0");
        }
        ISchedule schedule = schedule(copy);
        if (schedule == null) {
            copy.setLrAndSchedule(initialRate, null);
        } else {
            copy.setLrAndSchedule(Double.NaN, scaled(schedule, initialRate / schedule.valueAt(0, 0)));
        }
        return copy;
    }

    /** {@code factor} times {@code schedule}: a MapSchedule stays a MapSchedule, others are wrapped. */
    public static ISchedule scaled(ISchedule schedule, double factor) {
        if (factor == 1.0) {
            return schedule.clone();
        }
        if (schedule instanceof MapSchedule map) {
            Map<Integer, Double> values = new LinkedHashMap<>();
            map.getValues().forEach((at, value) -> values.put(at, value * factor));
            return new MapSchedule(map.getScheduleType(), values);
        }
        if (schedule instanceof ScaledSchedule scaled) {
            return new ScaledSchedule(scaled.getBase(), scaled.getFactor() * factor);
        }
        return new ScaledSchedule(schedule, factor);
    }

    /** "Adam(lr=0.001)" or "Adam(lr=MapSchedule(...))". */
    public static String describe(IUpdater updater) {
        String name = updater.getClass().getSimpleName();
        if (!updater.hasLearningRate()) {
            return name;
        }
        ISchedule schedule = schedule(updater);
        return name + "(lr=" + (schedule != null ? schedule : String.format(Locale.ROOT, "%g",
                updater.getLearningRate(0, 0))) + ")";
    }

    /**
     * The updater of a VaeConfig JSON document: a DL4J updater object, or (vae4j 0.1) a name such
     * as "ADAM" with the rate in a separate {@code learningRate} property. A {@code learningRate}
     * next to an updater object sets its initial rate (see {@link #withInitialRate}).
     */
    static IUpdater updaterFromJson(JsonNode node, Double learningRate, ObjectMapper mapper) {
        if (node == null || node.isNull()) {
            return null;
        }
        IUpdater updater;
        if (node.isTextual()) {
            UpdaterKind kind = UpdaterKind.parse(node.asText());
            if (learningRate == null) {
                throw new InvalidConfigException("VaeConfig.learningRate", null,
                        "must be given with updater '" + node.asText() + "'");
            }
            return kind.toUpdater(learningRate);
        }
        try {
            updater = mapper.treeToValue(node, IUpdater.class);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("VaeConfig.updater", node, "must be a DL4J updater (e.g. {\"@class\": "
                    + "\"org.nd4j.linalg.learning.config.Adam\", \"learningRate\": 0.001}) or one of "
                    + UpdaterKind.names() + ": " + e.getOriginalMessage());
        }
        return learningRate == null ? updater : withInitialRate(updater, learningRate);
    }

    private static IUpdater requireLearningRate(IUpdater updater, String field) {
        if (updater == null || !updater.hasLearningRate()) {
            throw new InvalidConfigException("VaeConfig." + field, updater, "needs an updater with a learning rate");
        }
        return copy(updater);
    }
}
