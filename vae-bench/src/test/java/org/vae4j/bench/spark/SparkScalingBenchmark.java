package org.vae4j.bench.spark;

import java.util.Locale;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.core.train.VaeTrainer;
import org.vae4j.spark.LocalSpark;
import org.vae4j.spark.SparkVaeTrainer;
import org.vae4j.spark.SyntheticPrototypes;

/**
 * Prints training throughput and test -ELBO of single-machine training and of Spark parameter
 * averaging with 1 and 2 workers in local[2] (figures for docs/spark.md; not a test), on vae-spark's synthetic test
 * data. The one benchmark in vae-bench's test sources: it needs vae-spark's test fixtures, which Maven gives test
 * sources only. Run with vae-bench's test class path and Spark's add-opens flags: scripts/spark-benchmark.sh.
 * Arguments: examples (default 4000), epochs (3), minibatch (100), averaging frequency (5).
 */
public final class SparkScalingBenchmark {

    private SparkScalingBenchmark() {
    }

    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int frequency = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        VaeConfig config = SyntheticPrototypes.config(1).toBuilder().encoderLayerSizes(256).decoderLayerSizes(256).build();
        INDArray all = SyntheticPrototypes.data(examples + 1000, 1);
        INDArray train = all.get(NDArrayIndex.interval(0, examples), NDArrayIndex.all());
        INDArray test = all.get(NDArrayIndex.interval(examples, examples + 1000), NDArrayIndex.all());
        JavaRDD<double[]> rows = SyntheticPrototypes.rows(train, 2).cache();
        rows.count();
        System.out.printf(Locale.ROOT, "%d examples, %d epochs, minibatch %d, averaging every %d steps, %d parameters%n",
                examples, epochs, batch, frequency, VaeModel.create(config).parameterCount());
        // Warm-up: JIT, ND4J kernels, Spark's first jobs.
        spark(config, rows, 2, 1, batch, frequency, test);
        for (int repeat = 0; repeat < 2; repeat++) {
            VaeModel local = VaeModel.create(config);
            long t0 = System.nanoTime();
            VaeTrainer.builder(local).epochs(epochs).build()
                    .fit(new InMemoryEpochIterator(train, null, batch, true, config.seed()));
            report("single machine (VaeTrainer)", examples * (long) epochs, t0, local, test);
            for (int workers = 1; workers <= 2; workers++) {
                spark(config, rows, workers, epochs, batch, frequency, test);
            }
        }
    }

    private static void spark(VaeConfig config, JavaRDD<double[]> rows, int workers, int epochs, int batch,
                              int frequency, INDArray test) {
        VaeModel model = VaeModel.create(config);
        long t0 = System.nanoTime();
        TrainingResult result = SparkVaeTrainer.builder(LocalSpark.get(), model).workers(workers)
                .averagingFrequency(frequency).batchSize(batch).epochs(epochs).build().fit(rows);
        if (epochs > 1 || workers != 2) {
            report("spark local[2], " + workers + " worker(s)", result.lastEpoch().examplesSeen(), t0, model, test);
        }
    }

    private static void report(String what, long examplesSeen, long t0, VaeModel model, INDArray test) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-30s %7.2f s  %8.0f examples/s  test -ELBO %.3f nats%n", what, seconds,
                examplesSeen / seconds, SyntheticPrototypes.testNegativeElbo(model, test));
    }
}
