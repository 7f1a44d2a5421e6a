package org.vae4j.core.bench;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.KlObjective;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.engine.Dl4jLayerGradient;
import org.vae4j.core.engine.ElboGradient;
import org.vae4j.core.engine.FusedElboGradient;
import org.vae4j.core.model.VaeModel;

/**
 * Gradient-only timing of the two engines on one 128 x 784 binary minibatch of the 784-400-20
 * model, alternating engine A and B in rounds so both see the same machine load. Prints the
 * median milliseconds per gradient of each. {@code java ... StepBenchmark [rounds] [steps]}.
 */
public final class StepBenchmark {

    private StepBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(784).build());
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 784).gt(0.7).castTo(DataType.FLOAT);
        ElboGradient[] engines = {new Dl4jLayerGradient(model.layer()),
            new FusedElboGradient(model.layer(), KlObjective.standard())};
        double[][] msPerStep = new double[2][rounds];
        for (int r = -1; r < rounds; r++) {     // round -1 warms up
            for (int e = 0; e < 2; e++) {
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    engines[e].computeGradient(x, s);
                }
                if (r >= 0) {
                    msPerStep[e][r] = (System.nanoTime() - t0) / 1e6 / steps;
                }
            }
        }
        System.out.printf(Locale.ROOT, "gradient ms/step median: DL4J %.2f  VAE4J %.2f%n",
                median(msPerStep[0]), median(msPerStep[1]));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
