package probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeNetworks;
import org.vae4j.examples.recipes.SmokeRecipe;
import org.vae4j.spark.SparkVaeTrainer;

/** Same workload as SparkScalingBenchmark: adapter+ParameterAveragingTrainingMaster vs vae-spark. */
public class Probe {
    public static void main(String[] args) {
        int examples = 4000, epochs = 3, batch = 100, k = 5;
        VaeConfig config = SmokeRecipe.config(1).toBuilder().encoderLayerSizes(256).decoderLayerSizes(256).build();
        INDArray all = SmokeRecipe.data(examples + 1000, 1);
        INDArray train = all.get(NDArrayIndex.interval(0, examples), NDArrayIndex.all());
        INDArray test = all.get(NDArrayIndex.interval(examples, examples + 1000), NDArrayIndex.all());
        JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("probe")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "localhost"));
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < examples; i += batch) {
            INDArray x = train.get(NDArrayIndex.interval(i, i + batch), NDArrayIndex.all()).dup();
            batches.add(new DataSet(x, x));
        }
        JavaRDD<DataSet> dataSets = sc.parallelize(batches, 2).cache();
        dataSets.count();
        List<double[]> rowList = new ArrayList<>();
        for (double[] r : train.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix()) rowList.add(r);
        JavaRDD<double[]> rows = sc.parallelize(rowList, 2).cache();
        rows.count();
        System.out.printf(Locale.ROOT, "untrained test -ELBO %.3f%n", negElbo(VaeModel.create(config), test));
        adapter(sc, config, dataSets, 2, batch, k, 1, test);   // warm-up
        for (int rep = 0; rep < 2; rep++) {
            for (int workers = 1; workers <= 2; workers++) {
                adapter(sc, config, dataSets, workers, batch, k, epochs, test);
                VaeModel m = VaeModel.create(config);
                long t0 = System.nanoTime();
                SparkVaeTrainer.builder(sc, m).workers(workers).averagingFrequency(k).batchSize(batch).epochs(epochs)
                        .build().fit(rows);
                report("vae-spark averaging, " + workers + " worker(s)", (long) examples * epochs, t0, m, test);
            }
        }
        sc.stop();
    }

    static void adapter(JavaSparkContext sc, VaeConfig config, JavaRDD<DataSet> data, int workers, int batch, int k,
                        int epochs, INDArray test) {
        String json = VaeNetworks.multiLayerNetwork(config).getLayerWiseConfigurations().toJson()
                .replace("\"org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder\"", "\"probe.VaeOutputConf\"");
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        net.init();
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(batch)
                .batchSizePerWorker(batch).averagingFrequency(k).workerPrefetchNumBatches(0)
                .collectTrainingStats(false).build();
        tm.setNumWorkers(workers);
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, tm);
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            spark.fit(data);
        }
        MultiLayerNetwork trained = spark.getNetwork();
        VaeModel m = VaeModel.create(config);
        m.layer().params().assign(trained.params());
        if (epochs > 1) report("adapter + ParameterAveragingTM, " + workers + " worker(s)", (long) 4000 * epochs, t0, m, test);
    }

    static void report(String what, long seen, long t0, VaeModel m, INDArray test) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-42s %6.2f s %7.0f examples/s  test -ELBO %.3f%n", what, s, seen / s, negElbo(m, test));
    }

    static double negElbo(VaeModel m, INDArray test) {
        var b = m.elbo(test, 1, 1234);
        double sum = 0;
        for (int i = 0; i < b.examples(); i++) sum += b.elbo(i);
        return -sum / b.examples();
    }
}
