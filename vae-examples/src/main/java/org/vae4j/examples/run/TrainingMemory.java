package org.vae4j.examples.run;

import java.util.List;

import org.vae4j.core.HeapBudget;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.examples.config.EffectiveConfig;

/**
 * What training a config needs in memory, estimated from its sizes before anything is allocated
 * or a run folder exists, so {@code --set latentSize=100000} is one line naming the sizes instead
 * of an OutOfMemoryError after the run folder was made.
 */
public final class TrainingMemory {

    /** Copies of the parameters training holds: the parameters, their gradient, two updater moments, the engine's view. */
    static final int PARAMETER_COPIES = 5;
    /** Values per hidden unit and example a training step keeps (pre-activation, activation, their gradients, noise). */
    static final int VALUES_PER_UNIT = 6;

    private TrainingMemory() {
    }

    /** Parameters of the network described by {@code vae}, in long (two output values per input, an upper bound). */
    public static long parameters(VaeConfig vae) {
        long count = 0;
        long in = vae.inputSize();
        for (int width : vae.encoderLayerSizes()) {
            count += (in + 1) * width;
            in = width;
        }
        count += 2 * (in + 1) * vae.latentSize();
        in = vae.latentSize();
        for (int width : vae.decoderLayerSizes()) {
            count += (in + 1) * width;
            in = width;
        }
        return count + 2 * (in + 1) * vae.inputSize();
    }

    /** Refuses a config whose training cannot fit in the memory the JVM may still take. */
    public static void check(EffectiveConfig config) {
        VaeConfig vae = config.vae();
        long units = (long) vae.inputSize() * 3 + 2L * vae.latentSize() + sum(vae.encoderLayerSizes())
                + sum(vae.decoderLayerSizes());
        double rows = (double) config.settings().batchSize() * Math.max(1, vae.monteCarloSamples())
                * Math.max(1, vae.iwaeSamples());
        double bytes = (double) vae.dataType().width() * (PARAMETER_COPIES * (double) parameters(vae)
                + VALUES_PER_UNIT * rows * units);
        HeapBudget.require(bytes, "Training " + parameters(vae) + " parameters (inputSize " + vae.inputSize()
                + ", encoder " + vae.encoderLayerSizes() + ", latent " + vae.latentSize() + ", decoder "
                + vae.decoderLayerSizes() + ", batch " + config.settings().batchSize() + ")",
                "lower latentSize, the layer sizes or batchSize");
    }

    private static long sum(List<Integer> sizes) {
        long s = 0;
        for (int v : sizes) {
            s += v;
        }
        return s;
    }
}
