package org.vae4j.bench.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.bench.ProcessStats;
import org.vae4j.bench.data.MnistImages;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.ais.AnnealedImportanceSampling;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.AnnealingDetails;

/**
 * Speed of annealed importance sampling against importance sampling on the same trained model and
 * the same binarized MNIST test images ({@code bench/run-ais.sh}), alternating IS and AIS rounds
 * in one JVM so that both see the same machine load. Not a test: run by hand and read the figures.
 *
 * <pre>java ... org.vae4j.bench.eval.AisBenchmark MODEL_ZIP MNIST_DIR EXAMPLES K STEPS CHAINS LEAPFROG ROUNDS</pre>
 * Prints one {@code RESULT} line per run: IS samples/s (decoder forward passes, one row each) and
 * AIS gradient evaluations/s (decoder forward and backward passes, one row each), wall and CPU
 * seconds, the estimate, and the load average when the run ended. A gradient evaluation costs about
 * twice a sample's GEMMs (forward, then the backward GEMM through the output layer), so the ratio
 * of the two rates says how much of that AIS gives away to its Java and element-wise work.
 */
public final class AisBenchmark {

    private AisBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        VaeModel model = VaeModel.load(Path.of(args[0]));
        Path mnist = Path.of(args[1]);
        int examples = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        int chains = Integer.parseInt(args[5]);
        int leapfrog = Integer.parseInt(args[6]);
        int rounds = Integer.parseInt(args[7]);
        INDArray x = MnistImages.thresholded(mnist.resolve("t10k-images-idx3-ubyte"), examples).features()
                .castTo(model.dataType());

        // Warm-up: ND4J's first calls, the JIT, workspaces.
        INDArray few = x.get(NDArrayIndex.interval(0, Math.min(2, examples)), NDArrayIndex.all());
        ImportanceSampledLikelihood.builder(model).importanceSamples(Math.min(k, 500)).seed(2).build().evaluate(few);
        AnnealedImportanceSampling.builder(model).steps(Math.min(steps, 20)).chains(chains).leapfrogSteps(leapfrog)
                .seed(2).build().evaluate(few);

        for (int round = 1; round <= rounds; round++) {
            long cpu = ProcessStats.cpuNanos();
            long start = System.nanoTime();
            LogLikelihoodReport is = ImportanceSampledLikelihood.builder(model).importanceSamples(k).seed(1).build()
                    .evaluate(x);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (ProcessStats.cpuNanos() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT impl=is examples=%d k=%d rows_per_s=%.0f wall_s=%.2f cpu_s=%.2f "
                            + "nll=%.4f neg_elbo=%.4f load=%s round=%d threads=%d%n", examples, k,
                    (double) examples * k / seconds, seconds, cpuSeconds, is.summary().negativeLogLikelihoodNats(),
                    is.summary().negativeElboNats(), load(), round, Nd4j.getEnvironment().maxMasterThreads());

            cpu = ProcessStats.cpuNanos();
            start = System.nanoTime();
            LogLikelihoodReport ais = AnnealedImportanceSampling.builder(model).steps(steps).chains(chains)
                    .leapfrogSteps(leapfrog).seed(1).build().evaluate(x);
            seconds = (System.nanoTime() - start) / 1e9;
            cpuSeconds = (ProcessStats.cpuNanos() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT impl=ais examples=%d steps=%d chains=%d leapfrog=%d rows_per_s=%.0f "
                            + "wall_s=%.2f cpu_s=%.2f nll=%.4f chain_se=%.4f acceptance=%.3f rows_per_pass=%d load=%s "
                            + "round=%d%n", examples, steps, chains, leapfrog,
                    ((AnnealingDetails) ais.details()).gradientEvaluations() / seconds, seconds, cpuSeconds,
                    ais.summary().negativeLogLikelihoodNats(), ((AnnealingDetails) ais.details()).meanChainStandardErrorNats(),
                    ((AnnealingDetails) ais.details()).meanAcceptanceRate(), ais.provenance().chunking().rowsPerPass(), load(), round);
        }
    }

    private static String load() {
        return String.join("/", ProcessStats.loadAverages());
    }
}
