package org.vae4j.bench.engine;

import java.util.Locale;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.distribution.ContinuousBernoulliReconstructionDistribution;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;

/**
 * Time of exampleNegLogProbability and gradient on an evaluation-sized block (10,000 x 784,
 * FLOAT): the inner loop of importance-sampled evaluation. Prints medians of 7 runs.
 * Run: java -cp ... org.vae4j.bench.engine.DistributionBenchmark [ROWS] (bench/README.md, "Where the benchmarks live")
 */
public final class DistributionBenchmark {

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, 784).gt(0.5).castTo(DataType.FLOAT);
        INDArray logits = Nd4j.randn(DataType.FLOAT, rows, 784).muli(4);
        for (ReconstructionDistribution d : new ReconstructionDistribution[] {
                new LogitBernoulliReconstructionDistribution(), new ContinuousBernoulliReconstructionDistribution()}) {
            double nll = median(() -> d.exampleNegLogProbability(x, logits));
            double grad = median(() -> d.gradient(x, logits));
            System.out.printf(Locale.ROOT, "%s %d x 784 FLOAT: exampleNegLogProbability %.1f ms (%.0f M elements/s), "
                    + "gradient %.1f ms%n", d.getClass().getSimpleName(), rows, nll, rows * 784 / nll / 1e3, grad);
        }
    }

    private static double median(Runnable r) {
        double[] t = new double[7];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[t.length / 2];
    }
}
