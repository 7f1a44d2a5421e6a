package org.vae4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.CompositeReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The contract of issue 4, checked for every element-wise distribution. */
class ElementwiseDistributionContractTest {

    private static final int ROWS = 5;
    private static final int COLUMNS = 3;

    static Stream<ElementwiseCase> cases() {
        return ElementwiseCases.all();
    }

    /** Pre-output for rows x columns values, params of value (i,j) laid out in DL4J's blocks. */
    private static INDArray preOut(ElementwiseCase c, double[][][] params) {
        int rows = params.length;
        int columns = params[0].length;
        INDArray out = Nd4j.create(DataType.DOUBLE, rows, (long) c.parameters() * columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                for (int k = 0; k < c.parameters(); k++) {
                    out.putScalar(i, k * columns + j, params[i][j][k]);
                }
            }
        }
        return out;
    }

    private static double[][][] regularParams(ElementwiseCase c, Random rnd, int rows, int columns) {
        double[][][] p = new double[rows][columns][];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                p[i][j] = c.regularParams().draw(rnd);
            }
        }
        return p;
    }

    private static INDArray data(ElementwiseCase c, Random rnd, int rows, int columns) {
        INDArray x = Nd4j.create(DataType.DOUBLE, rows, columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                x.putScalar(i, j, c.validData().draw(rnd));
            }
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void negLogProbabilityEqualsIndependentReference(ElementwiseCase c) {
        Random rnd = new Random(1);
        double[][][] params = regularParams(c, rnd, ROWS, COLUMNS);
        INDArray preOut = preOut(c, params);
        INDArray x = data(c, rnd, ROWS, COLUMNS);
        INDArray perExample = c.dist().exampleNegLogProbability(x, preOut);
        assertEquals(ROWS, perExample.rows());
        assertEquals(1, perExample.columns());
        double total = 0;
        for (int i = 0; i < ROWS; i++) {
            double expected = 0;
            for (int j = 0; j < COLUMNS; j++) {
                expected -= c.logDensity().logDensity(x.getDouble(i, j), params[i][j]);
            }
            assertEquals(expected, perExample.getDouble(i, 0), 1e-9 * Math.max(1, Math.abs(expected)),
                    c + " example " + i);
            total += expected;
        }
        assertEquals(total, c.dist().negLogProbability(x, preOut, false), 1e-9 * Math.abs(total));
        assertEquals(total / ROWS, c.dist().negLogProbability(x, preOut, true), 1e-9 * Math.abs(total));
    }

    /**
     * The kernels the importance-sampling estimator calls on heap rows, at offsets inside larger
     * arrays, against the independent reference at regular parameters: the exact row kernel in
     * double (1e-8), and {@code floatRows} on the same values rounded to float (1e-6: a learned
     * scale's functions run to float precision there). At the extreme sets, where the naive reference
     * fails, both are finite and agree.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rowKernelsEqualIndependentReferenceAndHoldAtExtremeParameters(ElementwiseCase c) {
        ElementwiseReconstructionDistribution d = (ElementwiseReconstructionDistribution) c.dist();
        Random rnd = new Random(8);
        List<double[]> regular = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double[] p = c.regularParams().draw(rnd);
            for (int q = 0; q < p.length; q++) {
                p[q] = (float) p[q];   // representable in float, so both kernels see the same numbers
            }
            regular.add(p);
        }
        double expected = 0;
        double[] x = new double[3 + regular.size()];
        for (int j = 0; j < regular.size(); j++) {
            x[3 + j] = (float) c.validData().draw(rnd);
            expected -= c.logDensity().logDensity(x[3 + j], regular.get(j));
        }
        double[] pre = rowAt(5, c.parameters(), regular);
        double scale = Math.max(1, Math.abs(expected));
        assertEquals(expected, d.rowNegLogDensity(x, 3, pre, 5, regular.size(), 0), 1e-8 * scale, c + " double");
        assertEquals(expected, floatRow(d, x, 3, pre, 5, regular.size()), 1e-6 * scale, c + " float rows");

        List<double[]> extreme = c.extremeParams();
        double[] xExtreme = new double[extreme.size()];
        for (int j = 0; j < extreme.size(); j++) {
            xExtreme[j] = (float) c.validData().draw(rnd);
        }
        double[] preExtreme = rowAt(0, c.parameters(), extreme);
        for (int i = 0; i < preExtreme.length; i++) {
            preExtreme[i] = (float) preExtreme[i];
        }
        double inDouble = d.rowNegLogDensity(xExtreme, 0, preExtreme, 0, extreme.size(), 0);
        double inFloat = floatRow(d, xExtreme, 0, preExtreme, 0, extreme.size());
        assertTrue(Double.isFinite(inDouble), c + " extreme: " + inDouble);
        assertEquals(inDouble, inFloat, 1e-6 * Math.max(1, Math.abs(inDouble)), c + " extreme");
    }

    /** One row through {@code floatRows}, as the second of a block of two (the first a copy of it). */
    private static double floatRow(ElementwiseReconstructionDistribution d, double[] x, int xOffset, double[] pre,
                                   int preOffset, int dataSize) {
        int width = pre.length - preOffset;
        float[] pres = new float[2 * width];
        float[] xs = new float[dataSize];
        for (int i = 0; i < width; i++) {
            pres[i] = (float) pre[preOffset + i];
            pres[width + i] = pres[i];
        }
        for (int i = 0; i < dataSize; i++) {
            xs[i] = (float) x[xOffset + i];
        }
        double[] out = new double[3];
        d.floatRows(dataSize, 2).negLogDensity(pres, 2, xs, new int[] {0, 0}, new int[] {0, 1}, out, 1);
        assertEquals(out[1], out[2], "the same row twice in one block");
        return out[2];
    }

    /** One row's pre-output, DL4J's block layout, starting at {@code offset} of the returned array. */
    private static double[] rowAt(int offset, int k, List<double[]> params) {
        int columns = params.size();
        double[] pre = new double[offset + k * columns];
        for (int j = 0; j < columns; j++) {
            for (int q = 0; q < k; q++) {
                pre[offset + q * columns + j] = params.get(j)[q];
            }
        }
        return pre;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void floatInputGivesFloatOutputOfTheSameValue(ElementwiseCase c) {
        Random rnd = new Random(2);
        INDArray preOut = preOut(c, regularParams(c, rnd, ROWS, COLUMNS));
        INDArray x = data(c, rnd, ROWS, COLUMNS);
        INDArray inDouble = c.dist().exampleNegLogProbability(x, preOut);
        INDArray inFloat = c.dist().exampleNegLogProbability(x.castTo(DataType.FLOAT), preOut.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, inFloat.dataType());
        assertEquals(DataType.FLOAT, c.dist().gradient(x.castTo(DataType.FLOAT), preOut.castTo(DataType.FLOAT))
                .dataType());
        for (int i = 0; i < ROWS; i++) {
            // float inputs are rounded before the double evaluation: allow that, not more
            assertEquals(inDouble.getDouble(i, 0), inFloat.getDouble(i, 0),
                    1e-4 * Math.max(1, Math.abs(inDouble.getDouble(i, 0))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(ElementwiseCase c) {
        Random rnd = new Random(3);
        INDArray preOut = preOut(c, regularParams(c, rnd, 4, 2));
        INDArray x = data(c, rnd, 4, 2);
        double worst = FiniteDifferenceGradientCheck.assertGradientMatches(c.dist(), x, preOut, 1e-6);
        System.out.printf("%s: worst relative gradient error (regular) %.1e%n", c, worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferencesAtExtremeParameters(ElementwiseCase c) {
        Random rnd = new Random(4);
        double worst = 0;
        for (double[] extreme : c.extremeParams()) {
            // one data column, so that the function value is as small as the gradient allows
            double[][][] params = new double[6][1][];
            for (double[][] row : params) {
                row[0] = extreme;
            }
            INDArray x = data(c, rnd, 6, 1);
            worst = Math.max(worst,
                    FiniteDifferenceGradientCheck.assertGradientMatches(c.dist(), x, preOut(c, params), 1e-6));
            double nll = c.dist().negLogProbability(x, preOut(c, params), false);
            assertTrue(Double.isFinite(nll), c + " at " + java.util.Arrays.toString(extreme) + ": " + nll);
        }
        System.out.printf("%s: worst relative gradient error (extremes) %.1e%n", c, worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void generateAtMeanEqualsAnalyticMean(ElementwiseCase c) {
        Random rnd = new Random(5);
        double[][][] params = regularParams(c, rnd, ROWS, COLUMNS);
        INDArray mean = c.dist().generateAtMean(preOut(c, params));
        assertEquals(ROWS, mean.rows());
        assertEquals(COLUMNS, mean.columns());
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLUMNS; j++) {
                double expected = c.moments().meanAndVariance(params[i][j])[0];
                assertEquals(expected, mean.getDouble(i, j), 1e-8 * Math.max(1, Math.abs(expected)), c.name());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void generateRandomHasTheAnalyticMeanAndVariance(ElementwiseCase c) {
        int draws = 20000;
        Random rnd = new Random(6);
        double[][] perColumn = {c.regularParams().draw(rnd), c.regularParams().draw(rnd)};
        double[][][] params = new double[draws][2][];
        for (double[][] row : params) {
            row[0] = perColumn[0];
            row[1] = perColumn[1];
        }
        Nd4j.getRandom().setSeed(12345);
        INDArray samples = c.dist().generateRandom(preOut(c, params));
        for (int j = 0; j < 2; j++) {
            double[] column = samples.getColumn(j).toDoubleVector();
            double m = 0;
            for (double v : column) {
                m += v / draws;
            }
            double m2 = 0;
            double m4 = 0;
            for (double v : column) {
                double d = (v - m) * (v - m);
                m2 += d / draws;
                m4 += d * d / draws;
            }
            double[] expected = c.moments().meanAndVariance(perColumn[j]);
            // 5 standard errors: fails by chance with probability < 1e-6 per check
            assertEquals(expected[0], m, 5 * Math.sqrt(expected[1] / draws), c + " sample mean");
            assertEquals(expected[1], m2, 5 * Math.sqrt(Math.max(m4 - m2 * m2, 0) / draws) + 1e-12,
                    c + " sample variance");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outOfSupportDataIsRejectedWithNameColumnAndValue(ElementwiseCase c) {
        Random rnd = new Random(7);
        INDArray preOut = preOut(c, regularParams(c, rnd, 3, COLUMNS));
        INDArray x = data(c, rnd, 3, COLUMNS);
        x.putScalar(1, 2, c.invalidValue());
        for (Runnable call : new Runnable[] {() -> c.dist().negLogProbability(x, preOut, true),
                () -> c.dist().exampleNegLogProbability(x, preOut), () -> c.dist().gradient(x, preOut)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            String message = e.getMessage();
            assertTrue(message.contains(c.dist().getClass().getSimpleName()), message);
            assertTrue(message.contains("column 2"), message);
            assertTrue(message.contains(String.valueOf(c.invalidValue())), message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void clampingIsExplicitAndClampsToTheNearestSupportedValue(ElementwiseCase c) {
        Assumptions.assumeTrue(c.clamping() != null, "no clamping flag: support is the real line");
        Random rnd = new Random(8);
        INDArray preOut = preOut(c, regularParams(c, rnd, 3, COLUMNS));
        INDArray x = data(c, rnd, 3, COLUMNS);
        INDArray clamped = x.dup();
        x.putScalar(1, 2, c.invalidValue());
        clamped.putScalar(1, 2, c.clampedInvalid());
        assertEquals(c.dist().negLogProbability(clamped, preOut, false),
                c.clamping().negLogProbability(x, preOut, false), 1e-12);
        assertEquals(c.dist().gradient(clamped, preOut), c.clamping().gradient(x, preOut));
        assertTrue(!c.dist().equals(c.clamping()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jsonRoundTripAloneAndInsideComposite(ElementwiseCase c) {
        for (ReconstructionDistribution d : new ReconstructionDistribution[] {c.dist(), c.clamping()}) {
            if (d == null) {
                continue;
            }
            MultiLayerConfiguration conf = Dl4jHarness.vaeConfiguration(d, 4, 1);
            ReconstructionDistribution back = Dl4jHarness.distributionOf(
                    MultiLayerConfiguration.fromJson(conf.toJson()));
            assertEquals(d, back);
            assertEquals(d.hashCode(), back.hashCode());
            assertEquals(d.toString(), back.toString());

            CompositeReconstructionDistribution composite = new CompositeReconstructionDistribution.Builder()
                    .addDistribution(1, new FixedScaleGaussianReconstructionDistribution(0.5))
                    .addDistribution(3, d)
                    .build();
            ReconstructionDistribution compositeBack = Dl4jHarness.distributionOf(MultiLayerConfiguration.fromJson(
                    Dl4jHarness.vaeConfiguration(composite, 4, 1).toJson()));
            assertEquals(composite, compositeBack);
            assertEquals(d, ((CompositeReconstructionDistribution) compositeBack).getReconstructionDistributions()[1]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void modelSerializerRoundTripAndPretrainImprovesTheElbo(ElementwiseCase c) throws Exception {
        Random rnd = new Random(9);
        int columns = 6;
        // synthetic data from the distribution itself: 4 prototypes, each with its own parameters
        double[][][] prototypes = regularParams(c, rnd, 4, columns);
        double[][][] params = new double[256][][];
        for (int i = 0; i < params.length; i++) {
            params[i] = prototypes[i % 4];
        }
        Nd4j.getRandom().setSeed(99);
        INDArray data = c.dist().generateRandom(preOut(c, params));

        long start = System.nanoTime();
        double[] elbo = Dl4jHarness.pretrain(c.dist(), data, 15);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: negative ELBO %.3f -> %.3f nats/example (pretrain %.2f s)%n", c, elbo[0], elbo[1],
                seconds);
        assertTrue(Double.isFinite(elbo[1]), c + ": " + elbo[1]);
        assertTrue(elbo[1] < elbo[0] - 0.1 * Math.abs(elbo[0]) - 0.5,
                c + ": negative ELBO did not improve enough: " + elbo[0] + " -> " + elbo[1]);

        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jHarness.vaeConfiguration(c.dist(), columns, 7));
        net.init();
        MultiLayerNetwork back = Dl4jHarness.serializeRoundTrip(net);
        assertEquals(c.dist(), Dl4jHarness.distributionOf(back.getLayerWiseConfigurations()));
        assertEquals(net.params(), back.params());
        assertNotNull(back.getLayer(0));
        assertEquals(Dl4jHarness.negativeElbo(net, data, 2), Dl4jHarness.negativeElbo(back, data, 2), 1e-9);
    }
}
