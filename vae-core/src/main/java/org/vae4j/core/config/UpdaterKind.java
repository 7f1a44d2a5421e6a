package org.vae4j.core.config;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The gradient-based optimisers a {@link VaeConfig} can name; each maps to DL4J's updater. */
public enum UpdaterKind {
    /** Adam with DL4J's default betas (0.9, 0.999) and epsilon 1e-8. */
    ADAM,
    /** Adagrad, as used by Kingma and Welling (2013). */
    ADAGRAD,
    ADAMAX,
    RMSPROP,
    /** SGD with Nesterov momentum 0.9. */
    NESTEROVS,
    SGD;

    /** DL4J's updater for this kind at the given learning rate. */
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
}
