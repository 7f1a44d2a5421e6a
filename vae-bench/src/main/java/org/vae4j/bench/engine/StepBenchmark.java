package org.vae4j.bench.engine;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.bench.ProcessStats;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.ElboStep;

/**
 * Timing of whole training steps ({@link ElboStep}: gradient and update) on one binary minibatch,
 * for tuning the engine in one JVM: {@code java ... StepBenchmark MODEL BATCH [rounds] [steps]}
 * with MODEL an MNIST model of bench/models.json (bench: 784-400-20 ReLU, Adam; kingma-welling: 784-500-20 tanh,
 * AdaGrad, L2; iwae: 784-200-200-50 tanh, Adam; its network and optimiser, at epoch 0), on random binary
 * data. Prints the median ms per step over rounds and examples/s.
 * The engine's settings come from system properties ({@code vae4j.threads},
 * {@code vae4j.engine.minRowsPerPart}, {@code vae4j.updater}): compare settings by alternating
 * JVMs. {@code -Dvae4j.bench.iwaeSamples=K} trains the K-sample importance-weighted bound instead
 * of the ELBO (BATCH examples, each replicated K times). Not a user-facing benchmark:
 * bench/compare.sh is.
 */
public final class StepBenchmark {

    private StepBenchmark() {
    }

    public static void main(String[] args) {
        String name = args[0];
        int batch = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        VaeConfig config = config(name);
        VaeModel model = VaeModel.create(config);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, config.inputSize()).gt(0.7).castTo(DataType.FLOAT);
        double[] msPerStep = new double[rounds];
        long iteration = 0;
        try (ElboStep step = new ElboStep(model)) {
            for (int r = -1; r < rounds; r++) {     // round -1 warms up
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    step.apply(x, iteration++, 0);
                }
                if (r >= 0) {
                    msPerStep[r] = (System.nanoTime() - t0) / 1e6 / steps;
                }
            }
        }
        double median = median(msPerStep);
        System.out.printf(Locale.ROOT, "RESULT model=%s batch=%d iwaeSamples=%d threads=%d minRowsPerPart=%s updater=%s "
                        + "ms_per_step=%.3f ex_per_s=%.0f rounds=%s load=%s%n", name, batch,
                Integer.getInteger("vae4j.bench.iwaeSamples", 1), Vae4jThreads.threads(),
                System.getProperty("vae4j.engine.minRowsPerPart", "default"), System.getProperty("vae4j.updater", "java"),
                median, batch * 1000.0 / median, Arrays.toString(msPerStep).replace(" ", ""),
                ProcessStats.loadAverages()[0]);
    }

    /** MODEL's network and optimiser from bench/models.json, seed 1, with -Dvae4j.bench.iwaeSamples. */
    static VaeConfig config(String name) {
        return BenchmarkModels.named(name).config(1).toBuilder()
                .iwaeSamples(Integer.getInteger("vae4j.bench.iwaeSamples", 1)).build();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
