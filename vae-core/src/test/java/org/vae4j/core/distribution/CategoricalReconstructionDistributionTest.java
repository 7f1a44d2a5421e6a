package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.CompositeReconstructionDistribution;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One-hot groups, alone and inside DL4J's CompositeReconstructionDistribution for tabular data. */
class CategoricalReconstructionDistributionTest {

    private static final int[] GROUPS = {3, 2, 4};
    private final CategoricalReconstructionDistribution dist = new CategoricalReconstructionDistribution(GROUPS);

    /** Random one-hot rows; returns the hot column of each group in {@code hot}. */
    private static INDArray oneHot(Random rnd, int rows, int[][] hot) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, rows, 9);
        for (int i = 0; i < rows; i++) {
            int start = 0;
            for (int g = 0; g < GROUPS.length; g++) {
                hot[i][g] = start + rnd.nextInt(GROUPS[g]);
                x.putScalar(i, hot[i][g], 1.0);
                start += GROUPS[g];
            }
        }
        return x;
    }

    private static INDArray logits(Random rnd, int rows, double range) {
        INDArray l = Nd4j.create(DataType.DOUBLE, rows, 9);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 9; j++) {
                l.putScalar(i, j, (2 * rnd.nextDouble() - 1) * range);
            }
        }
        return l;
    }

    @Test
    void negLogProbabilityIsTheSoftmaxCrossEntropyOfEveryGroup() {
        Random rnd = new Random(21);
        int[][] hot = new int[6][3];
        INDArray x = oneHot(rnd, 6, hot);
        INDArray l = logits(rnd, 6, 5);
        INDArray nll = dist.exampleNegLogProbability(x, l);
        for (int i = 0; i < 6; i++) {
            double expected = 0;
            int start = 0;
            for (int g = 0; g < GROUPS.length; g++) {
                double z = 0;
                for (int j = start; j < start + GROUPS[g]; j++) {
                    z += Math.exp(l.getDouble(i, j));
                }
                expected -= Math.log(Math.exp(l.getDouble(i, hot[i][g])) / z);
                start += GROUPS[g];
            }
            assertEquals(expected, nll.getDouble(i, 0), 1e-12);
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesIncludingSaturatedLogits() {
        Random rnd = new Random(22);
        INDArray x = oneHot(rnd, 4, new int[4][3]);
        FiniteDifferenceGradientCheck.assertGradientMatches(dist, x, logits(rnd, 4, 3), 1e-6);
        FiniteDifferenceGradientCheck.assertGradientMatches(dist, x, logits(rnd, 4, 50), 1e-6);
        // hot level certain: the loss e^-100-ish must keep its relative precision
        INDArray certain = x.mul(100).subi(50);
        FiniteDifferenceGradientCheck.assertGradientMatches(dist, x, certain, 1e-6);
    }

    @Test
    void meanIsTheSoftmaxAndSamplesAreOneHotWithThoseFrequencies() {
        INDArray l = Nd4j.createFromArray(new double[][] {{0.0, 1.0, -1.0, 2.0, 0.0, 0.5, 0.5, -3.0, 1.0}});
        INDArray mean = dist.generateAtMean(l);
        double z = 1 + Math.E + Math.exp(-1);
        assertEquals(Math.E / z, mean.getDouble(0, 1), 1e-15);
        assertEquals(Math.exp(2) / (Math.exp(2) + 1), mean.getDouble(0, 3), 1e-15);

        int draws = 20000;
        INDArray many = Nd4j.create(DataType.DOUBLE, draws, 9);
        for (int i = 0; i < draws; i++) {
            many.putRow(i, l.getRow(0));
        }
        Nd4j.getRandom().setSeed(5);
        INDArray samples = dist.generateRandom(many);
        INDArray groupSums = Nd4j.hstack(samples.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).sum(true, 1),
                samples.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5)).sum(true, 1));
        assertEquals(2.0 * draws, groupSums.sumNumber().doubleValue(), 0.0);
        for (int j = 0; j < 9; j++) {
            double p = mean.getDouble(0, j);
            double freq = samples.getColumn(j).sumNumber().doubleValue() / draws;
            assertEquals(p, freq, 5 * Math.sqrt(p * (1 - p) / draws), "level " + j);
        }
    }

    @Test
    void aGroupThatIsNotOneHotIsRejectedWithColumnAndValueUnlessClamping() {
        INDArray l = Nd4j.zeros(DataType.DOUBLE, 1, 9);
        INDArray twoHot = Nd4j.createFromArray(new double[][] {{1, 0, 0, 1, 1, 0, 0, 1, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dist.exampleNegLogProbability(twoHot, l));
        assertTrue(e.getMessage().contains("CategoricalReconstructionDistribution"), e.getMessage());
        assertTrue(e.getMessage().contains("column 3"), e.getMessage());
        assertTrue(e.getMessage().contains("group 1"), e.getMessage());

        INDArray fractional = Nd4j.createFromArray(new double[][] {{1, 0, 0, 0, 1, 0, 0.7, 0, 0}});
        e = assertThrows(IllegalArgumentException.class, () -> dist.gradient(fractional, l));
        assertTrue(e.getMessage().contains("column 6") && e.getMessage().contains("0.7"), e.getMessage());

        CategoricalReconstructionDistribution clamping = new CategoricalReconstructionDistribution(GROUPS, true);
        INDArray repaired = Nd4j.createFromArray(new double[][] {{1, 0, 0, 0, 1, 0, 1, 0, 0}});
        assertEquals(dist.negLogProbability(repaired, l, false), clamping.negLogProbability(fractional, l, false),
                1e-15);
        assertNotEquals(dist, clamping);

        assertThrows(IllegalArgumentException.class, () -> dist.distributionInputSize(8));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalReconstructionDistribution(3, 1));
    }

    /** Mixed tabular record: 2 Gaussian columns then the three categorical groups. */
    private static CompositeReconstructionDistribution tabular(CategoricalReconstructionDistribution categorical) {
        return new CompositeReconstructionDistribution.Builder()
                .addDistribution(2, new LearnedScaleGaussianReconstructionDistribution(1e-3))
                .addDistribution(9, categorical)
                .build();
    }

    @Test
    void insideACompositeTheViewsItIsGivenGiveTheSameValuesAsContiguousCopies() {
        Random rnd = new Random(24);
        INDArray cat = oneHot(rnd, 5, new int[5][3]);
        INDArray gauss = Nd4j.rand(DataType.DOUBLE, 5, 2);
        INDArray preOut = Nd4j.rand(DataType.DOUBLE, 5, 13).subi(0.5).muli(4); // 2*2 Gaussian + 9 logits
        INDArray x = Nd4j.hstack(gauss, cat);
        CompositeReconstructionDistribution composite = tabular(dist);
        LearnedScaleGaussianReconstructionDistribution gaussian = new LearnedScaleGaussianReconstructionDistribution(1e-3);
        INDArray expected = gaussian.exampleNegLogProbability(gauss,
                preOut.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)).dup())
                .add(dist.exampleNegLogProbability(cat, preOut.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 13)).dup()));
        INDArray actual = composite.exampleNegLogProbability(x, preOut);
        for (int i = 0; i < 5; i++) {
            assertEquals(expected.getDouble(i, 0), actual.getDouble(i, 0), 1e-12);
        }
        FiniteDifferenceGradientCheck.assertGradientMatches(composite, x, preOut, 1e-6);
    }

    @Test
    void roundTripsThroughJsonAndModelSerializerInsideAComposite() throws Exception {
        CompositeReconstructionDistribution composite = tabular(new CategoricalReconstructionDistribution(GROUPS, true));
        MultiLayerConfiguration conf = Dl4jHarness.vaeConfiguration(composite, 11, 3);
        assertEquals(composite, Dl4jHarness.distributionOf(MultiLayerConfiguration.fromJson(conf.toJson())));
        assertEquals(dist, Dl4jHarness.distributionOf(MultiLayerConfiguration.fromJson(
                Dl4jHarness.vaeConfiguration(dist, 9, 3).toJson())));

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        MultiLayerNetwork back = Dl4jHarness.serializeRoundTrip(net);
        assertEquals(composite, Dl4jHarness.distributionOf(back.getLayerWiseConfigurations()));
        assertEquals(net.params(), back.params());
    }

    @Test
    void pretrainOnMixedTabularDataImprovesTheElbo() {
        Random rnd = new Random(23);
        int rows = 256;
        INDArray data = Nd4j.create(DataType.DOUBLE, rows, 11);
        for (int i = 0; i < rows; i++) {
            int cluster = i % 3;
            // the cluster decides the Gaussian means and the most likely levels
            data.putScalar(i, 0, cluster - 1 + 0.1 * rnd.nextGaussian());
            data.putScalar(i, 1, 2.0 * cluster + 0.3 * rnd.nextGaussian());
            data.putScalar(i, 2 + (rnd.nextDouble() < 0.8 ? cluster : rnd.nextInt(3)), 1.0);
            data.putScalar(i, 5 + (cluster == 1 ? 1 : 0), 1.0);
            data.putScalar(i, 7 + (rnd.nextDouble() < 0.8 ? cluster : 3), 1.0);
        }
        double[] elbo = Dl4jHarness.pretrain(tabular(dist), data, 15);
        System.out.printf("Composite(Gaussian + Categorical): negative ELBO %.3f -> %.3f nats/example%n", elbo[0],
                elbo[1]);
        assertTrue(elbo[1] < elbo[0] - 1.0, elbo[0] + " -> " + elbo[1]);
    }
}
