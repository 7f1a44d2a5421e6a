package org.vae4j.consumer;

import java.nio.file.Path;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.ElboBreakdown;
import org.vae4j.core.model.LatentPosterior;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.LoggingListener;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.core.train.VaeTrainer;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LoggingEvaluationListener;
import org.vae4j.eval.report.LogLikelihoodReportWriter;

/**
 * The README's library snippets, verbatim between the marker comments (vae4j's
 * ReadmeSnippetTest finds each in the README), around synthetic data: binary 784-pixel "images"
 * drawn from 10 prototypes. Also checks that model.zip is a plain DL4J model.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        INDArray prototypes = Nd4j.rand(DataType.FLOAT, 10, 784).gt(0.5).castTo(DataType.FLOAT);
        InMemoryEpochIterator trainIterator = new InMemoryEpochIterator(examples(prototypes, 500, 1), null, 50, true, 1);
        InMemoryEpochIterator validationIterator = new InMemoryEpochIterator(examples(prototypes, 100, 2), null, 100,
                false, 2);
        InMemoryEpochIterator testIterator = new InMemoryEpochIterator(examples(prototypes, 20, 3), null, 20, false, 3);
        DataDescription testDescription = new DataDescription("synthetic-prototypes", "test", "NONE", 3, 20, Map.of());
        INDArray x = examples(prototypes, 5, 4);
        INDArray c = labels(5);   // row i of x is prototype i % 10: c is its one-hot index
        InMemoryEpochIterator labelledIterator = new InMemoryEpochIterator(examples(prototypes, 500, 1), labels(500),
                50, true, 1);

        // README snippet: library
        VaeConfig config = VaeConfig.builder()
                .inputSize(784).encoderLayerSizes(400).latentSize(20)      // decoder defaults to [400]
                .hiddenActivation(Activation.RELU)
                .reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                .updater(UpdaterKind.ADAM, 1e-3).seed(42).build();          // validated: errors name field, value, range
        VaeModel model = VaeModel.create(config);                           // MultiLayerNetwork; createGraph(...) for a ComputationGraph
        TrainingResult result = VaeTrainer.builder(model)
                .epochs(20).validation(validationIterator)
                .earlyStopping(3, 0.1, true)                                 // patience (epochs), min gain (nats), restore best
                .checkpointDirectory(Path.of("checkpoints")).checkpointEveryIterations(1000)
                .listener(new LoggingListener(100))
                .build().fit(trainIterator);
        LatentPosterior q = model.encode(x);                                // mean AND log-variance of q(z|x)
        ElboBreakdown elbo = model.elbo(x, 10, 1L);                         // per example: E_q[log p(x|z)] and KL, nats
        model.save(Path.of("model.zip"));                                   // plain DL4J zip + vae4j-metadata.json
        // end of README snippet

        // README snippet: evaluation
        LogLikelihoodReport report = ImportanceSampledLikelihood.builder(model)
                .importanceSamples(5000).seed(1).memoryBudgetBytes(256L << 20)
                .iwaeSampleCounts(1, 5, 50, 500, 5000).listener(new LoggingEvaluationListener())
                .build().evaluate(testIterator, testDescription);
        report.summary().negativeLogLikelihoodNats();   // mean -log p(x) per example, nats; also standardErrorNats()
        LogLikelihoodReportWriter.writeJson(report, Path.of("eval.json"));   // summary + provenance
        LogLikelihoodReportWriter.writeCsv(report, Path.of("eval.csv"));     // one row per example
        // end of README snippet

        // README snippet: conditional
        VaeModel cvae = VaeModel.create(config.toBuilder().conditionSize(10).build());   // c: 10 columns, e.g. a one-hot label
        VaeTrainer.builder(cvae).epochs(5).build().fit(labelledIterator);  // c = each DataSet's labels
        ElboBreakdown given = cvae.elbo(x, c, 10, 1L);                      // bound on log p(x|c), nats
        INDArray means = cvae.generate(8, c.getRow(0, true), 1L);           // p(x|z, c) means, z ~ N(0, I)
        double nll = ImportanceSampledLikelihood.builder(cvae).importanceSamples(500).build()
                .evaluate(labelledIterator, null).summary().negativeLogLikelihoodNats();   // -log p(x|c)
        // end of README snippet

        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(Path.of("model.zip").toFile());
        VaeModel loaded = VaeModel.load(Path.of("model.zip"));
        System.out.printf("Trained %d epochs (%s), validation -ELBO %.2f nats/example.%n", result.history().size(),
                result.stopReason(), result.lastEpoch().validationNegativeElbo());
        System.out.printf("ELBO of 5 examples: %.2f nats/example (KL %.2f); q(z|x) mean %s.%n", elbo.meanElbo(),
                elbo.meanKl(), java.util.Arrays.toString(q.mean().shape()));
        System.out.printf("Test -log p(x) = %.2f +- %.2f nats/example (k = 5000, 20 examples).%n",
                report.summary().negativeLogLikelihoodNats(), report.summary().standardErrorNats());
        System.out.printf("model.zip: %d parameters as a plain DL4J MultiLayerNetwork; VaeModel.load: latent size %d.%n",
                plain.numParams(), loaded.config().latentSize());
        System.out.printf("Conditional VAE: ELBO of 5 examples given c %.2f nats/example; -log p(x|c) %.2f on 500; "
                + "%d samples of one class.%n", given.meanElbo(), nll, means.rows());
        if (result.history().isEmpty() || !(report.summary().negativeLogLikelihoodNats() > 0) || !(nll > 0)) {
            throw new IllegalStateException("the consumer example did not train or evaluate");
        }
    }

    /** One-hot prototype indices of {@link #examples}' rows: row i is prototype i % 10. */
    private static INDArray labels(int n) {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            oneHot.putScalar(i, i % 10, 1f);
        }
        return oneHot;
    }

    /** {@code n} prototypes with 3% of their pixels flipped. */
    private static INDArray examples(INDArray prototypes, int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray picked = Nd4j.create(DataType.FLOAT, n, 784);
        for (int i = 0; i < n; i++) {
            picked.putRow(i, prototypes.getRow(i % prototypes.rows()));
        }
        INDArray flips = Nd4j.rand(DataType.FLOAT, n, 784).lt(0.03).castTo(DataType.FLOAT);
        // x XOR flip = x + flip - 2 x flip
        return picked.add(flips).sub(picked.mul(flips).mul(2));
    }
}
