package org.vae4j.core.config;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Short names for the DL4J updaters most used with VAEs, for the command line and for configs
 * written by vae4j 0.1. {@link VaeConfig} holds the DL4J {@link IUpdater} itself; any other
 * DL4J updater can be given there directly.
 */
public enum UpdaterKind {
    /** Adam with DL4J's defaults: betas (0.9, 0.999), epsilon 1e-8. */
    ADAM,
    /** Adagrad with DL4J's default epsilon 1e-6, as used by Kingma and Welling (2013). */
    ADAGRAD,
    ADAMAX,
    RMSPROP,
    /** SGD with Nesterov momentum 0.9. */
    NESTEROVS,
    SGD;

    /** DL4J's updater for this kind at a constant learning rate. */
    public IUpdater toUpdater(double learningRate) {
        return switch (this) {
            case ADAM -> new Adam(learningRate);
            case ADAGRAD -> new AdaGrad(learningRate);
            case ADAMAX -> new AdaMax(learningRate);
            case RMSPROP -> new RmsProp(learningRate);
            case NESTEROVS -> new Nesterovs(learningRate, 0.9);
            case SGD -> new Sgd(learningRate);
        };
    }

    /**
     * This kind with the learning rate or schedule of {@code current} (e.g. {@code --set
     * updater=adagrad} keeps the recipe's rate and schedule).
     */
    public IUpdater withRateOf(IUpdater current) {
        IUpdater updater = toUpdater(current.hasLearningRate() ? current.getLearningRate(0, 0) : 1e-3);
        return current.hasLearningRate() && LearningRates.schedule(current) != null
                ? LearningRates.withSchedule(updater, LearningRates.schedule(current)) : updater;
    }

    /** The kind named {@code name} in any case, dashes allowed; a clear error otherwise. */
    public static UpdaterKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("VaeConfig.updater", "'" + name + "'", "must be one of " + names());
        }
    }

    static String names() {
        return Arrays.toString(values());
    }
}
