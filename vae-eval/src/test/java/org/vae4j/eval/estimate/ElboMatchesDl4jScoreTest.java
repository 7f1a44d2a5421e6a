package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.VaeTrainer;

/**
 * On a trained model, vae-eval's ELBO is the quantity DL4J trains: DL4J's score without the
 * regularisation term is the minibatch-mean negative one-sample ELBO, so its mean over many noise
 * seeds must match our mean ELBO within Monte Carlo error.
 */
class ElboMatchesDl4jScoreTest {

    private static final int REPEATS = 200;

    @Test
    void meanElboEqualsDl4jNegativeScoreAveragedOverSeeds() {
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(16).latentSize(3)
                .l2(1e-4)   // a regularisation term that must be taken out of DL4J's score
                .learningRate(1e-2).dataType(DataType.DOUBLE).seed(31).build();
        VaeModel model = VaeModel.create(config);
        INDArray x = SyntheticBinaryData.generate(256, 12, 2);
        VaeTrainer.builder(model).epochs(5).checkpointEveryEpochs(0).build()
                .fit(new InMemoryEpochIterator(x, null, 32, true, 1));

        VariationalAutoencoder layer = model.layer();
        double sum = 0;
        double sumSquares = 0;
        for (int r = 0; r < REPEATS; r++) {
            Nd4j.getRandom().setSeed(1000 + r);
            layer.setInput(x, LayerWorkspaceMgr.noWorkspaces());
            layer.computeGradientAndScore(LayerWorkspaceMgr.noWorkspaces());
            double negativeElbo = layer.score() - layer.calcRegularizationScore(false);
            sum += negativeElbo;
            sumSquares += negativeElbo * negativeElbo;
        }
        double dl4jMean = sum / REPEATS;
        double dl4jSd = Math.sqrt(Math.max(0, sumSquares / REPEATS - dl4jMean * dl4jMean));

        int k = 200;
        LogLikelihoodReport report = ImportanceSampledLikelihood.builder(model).importanceSamples(k).seed(9).build()
                .evaluate(x);
        double ours = report.summary().negativeElboNats();
        // Our ELBO averages k samples per example, DL4J's one per repeat: both errors shrink like sd.
        double tolerance = 4 * dl4jSd * Math.sqrt(1.0 / REPEATS + 1.0 / k) + 1e-6;
        System.out.printf("trained model: DL4J -ELBO %.5f (sd %.4f over %d seeds), vae-eval -ELBO %.5f, "
                + "difference %.5f, tolerance %.5f, NLL %.4f%n", dl4jMean, dl4jSd, REPEATS, ours,
                ours - dl4jMean, tolerance, report.summary().negativeLogLikelihoodNats());
        assertEquals(dl4jMean, ours, tolerance);
        assertTrue(report.summary().negativeLogLikelihoodNats() <= ours + 1e-9 + 3 * report.summary()
                .standardErrorNats(), "log p(x) estimate above the ELBO");
        assertTrue(dl4jSd > 0, "DL4J's score is random, or the comparison proves nothing");
    }
}
