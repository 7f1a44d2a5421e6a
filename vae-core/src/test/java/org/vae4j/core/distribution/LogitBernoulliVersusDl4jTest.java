package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Cross-check 1: the stable Bernoulli against DL4J's built-in sigmoid Bernoulli. */
class LogitBernoulliVersusDl4jTest {

    private final LogitBernoulliReconstructionDistribution ours = new LogitBernoulliReconstructionDistribution();
    private final BernoulliReconstructionDistribution dl4j = new BernoulliReconstructionDistribution();

    @Test
    void agreesWithDl4jWhereDl4jDoesNotSaturate() {
        Nd4j.getRandom().setSeed(11);
        // |logit| <= 10: sigmoid is not rounded to 0 or 1 in float, so DL4J's log stays finite
        INDArray logits = Nd4j.rand(DataType.FLOAT, 50, 20).muli(20).subi(10);
        INDArray x = Nd4j.rand(DataType.FLOAT, 50, 20).lt(0.5).castTo(DataType.FLOAT);
        INDArray oursPerExample = ours.exampleNegLogProbability(x, logits);
        INDArray dl4jPerExample = dl4j.exampleNegLogProbability(x, logits);
        for (int i = 0; i < 50; i++) {
            assertEquals(dl4jPerExample.getDouble(i, 0), oursPerExample.getDouble(i, 0),
                    1e-4 * dl4jPerExample.getDouble(i, 0));
        }
        // same gradient convention: d(-log p)/d(logit), summed (not averaged) over the minibatch
        INDArray oursGrad = ours.gradient(x, logits);
        INDArray dl4jGrad = dl4j.gradient(x, logits);
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 20; j++) {
                assertEquals(dl4jGrad.getDouble(i, j), oursGrad.getDouble(i, j), 1e-5);
            }
        }
    }

    @Test
    void confidentlyWrongLogitsCostTheirFullPriceUnlikeDl4j() {
        // logit +20 for a 0 and -20 for a 1: each costs log(1 + e^20) = 20 + log1p(e^-20) nats
        INDArray x = Nd4j.createFromArray(new float[][] {{0f, 1f}});
        INDArray logits = Nd4j.createFromArray(new float[][] {{20f, -20f}});
        double exact = 2 * (20 + Math.log1p(Math.exp(-20)));
        // FLOAT inputs take the vectorised float path: exact to float precision.
        assertEquals(exact, ours.negLogProbability(x, logits, false), 1e-6 * exact);
        assertEquals(exact, ours.negLogProbability(x.castTo(DataType.DOUBLE), logits.castTo(DataType.DOUBLE), false),
                1e-12 * exact);
        // DL4J: sigmoid(20) rounds to 1f, log(1 - 1) = -inf is replaced by 0, so that term is lost
        double dl4jValue = dl4j.negLogProbability(x, logits, false);
        assertEquals(20.0, dl4jValue, 1e-3, "DL4J M2.1 under-counts saturated logits; if this fails it was fixed");
        System.out.printf("logits +-20, wrong labels: exact %.9f nats, DL4J %.6f nats%n", exact, dl4jValue);
    }
}
