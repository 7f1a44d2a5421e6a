package org.vae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.RmsProp;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.provenance.DataDescription;

class VaeModelTest {

    private static VaeConfig config(DataType dataType) {
        return VaeConfig.builder().inputSize(12).encoderLayerSizes(9, 7).decoderLayerSizes(8).latentSize(3)
                .hiddenActivation(Activation.TANH).dataType(dataType).seed(3).build();
    }

    private static INDArray data(DataType dataType) {
        return SyntheticData.binaryPrototypes(16, 12, 3, 11, dataType);
    }

    @Test
    void encodeMeanIsWhatDl4jActivateReturns() {
        VaeModel model = VaeModel.create(config(DataType.DOUBLE));
        INDArray x = data(DataType.DOUBLE);
        INDArray dl4jMean = ((MultiLayerNetwork) model.network()).output(x);
        assertTrue(dl4jMean.equalsWithEps(model.encode(x).mean(), 1e-12));
    }

    /**
     * DL4J's layer draws eps with Nd4j.randn right after seeding; with the same eps, our
     * reparametrised z, decoder and KL must reproduce its score (= mean KL + mean -log p(x|z)) to
     * rounding: this checks the log-variance, the decoder pass and the KL at once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bernoulli", "gaussian"})
    void klAndLogVarianceAgreeWithDl4jScoreOnTheSameNoise(String likelihood) {
        VaeConfig.Builder builder = config(DataType.DOUBLE).toBuilder();
        if (likelihood.equals("gaussian")) {
            builder.reconstructionDistribution(new GaussianReconstructionDistribution(Activation.IDENTITY));
        }
        VaeModel model = VaeModel.create(builder.build());
        // Move the log-variance head away from its initial near-zero output.
        model.layer().getParam("pZXLogStd2b").addi(0.7);
        model.layer().getParam("pZXLogStd2W").muli(0.1);
        INDArray x = data(DataType.DOUBLE);

        Nd4j.getRandom().setSeed(99);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, x.rows(), 3);
        LatentPosterior q = model.encode(x);
        INDArray z = q.sample(eps);
        double nll = model.config().reconstructionDistribution()
                .negLogProbability(x, model.decoderPreOutput(z), true);
        double kl = q.klPerExample().meanNumber().doubleValue();

        Nd4j.getRandom().setSeed(99);
        model.layer().setInput(x, LayerWorkspaceMgr.noWorkspaces());
        model.layer().computeGradientAndScore(LayerWorkspaceMgr.noWorkspaces());
        assertEquals(model.layer().score(), kl + nll, 1e-9);
        assertTrue(q.logVariance().meanNumber().doubleValue() > 0.3, "log-variance head moved");
    }

    @Test
    void klPerExampleMatchesTheClosedFormForAGivenPosterior() {
        INDArray mean = Nd4j.createFromArray(new double[][] {{0.5, -1.0}});
        INDArray logVar = Nd4j.createFromArray(new double[][] {{Math.log(0.25), 0.0}});
        double expected = 0.5 * (0.25 + 0.25 - Math.log(0.25) - 1) + 0.5 * (1.0 + 1.0 - 0 - 1);
        assertEquals(expected, new LatentPosterior(mean, logVar).klPerExample().getDouble(0), 1e-12);
    }

    @Test
    void elboSplitsIntoExpectedLogLikelihoodAndKl() {
        VaeModel model = VaeModel.create(config(DataType.DOUBLE));
        INDArray x = data(DataType.DOUBLE);
        ElboBreakdown elbo = model.elbo(x, 4, 5);
        assertEquals(16, elbo.examples());
        double[] kl = model.encode(x).klPerExample().data().asDouble();
        assertArrayEquals(kl, elbo.kl(), 1e-12);
        for (int i = 0; i < 16; i++) {
            assertTrue(elbo.expectedLogLikelihood()[i] < 0, "log p(x|z) of binary data is negative");
            assertEquals(elbo.expectedLogLikelihood()[i] - kl[i], elbo.elbo(i), 1e-12);
        }
        assertArrayEquals(elbo.expectedLogLikelihood(), model.elbo(x, 4, 5).expectedLogLikelihood(), 0.0,
                "same seed, same estimate");
        assertNotEquals(elbo.meanElbo(), model.elbo(x, 4, 6).meanElbo(), "another seed, other noise");
    }

    /** decode runs vae4j's VaeForward; it must give what DL4J's own decoder gives, for every kind of mean. */
    @ParameterizedTest
    @ValueSource(strings = {"bernoulli", "logit-bernoulli", "gaussian", "poisson"})
    void decodeIsWhatDl4jGenerateAtMeanGivenZReturns(String likelihood) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            VaeConfig.Builder builder = config(type).toBuilder();
            switch (likelihood) {
                case "logit-bernoulli" -> builder.reconstructionDistribution(
                        new org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution());
                case "gaussian" -> builder.reconstructionDistribution(
                        new GaussianReconstructionDistribution(Activation.IDENTITY));
                case "poisson" -> builder.reconstructionDistribution(
                        new org.vae4j.core.distribution.PoissonReconstructionDistribution());
                default -> builder.reconstructionDistribution(new BernoulliReconstructionDistribution());
            }
            VaeModel model = VaeModel.create(builder.build());
            INDArray z = Nd4j.rand(type, 6, 3).subi(0.5).muli(4);
            INDArray dl4j = model.layer().generateAtMeanGivenZ(z);
            INDArray ours = model.decode(z);
            assertArrayEquals(dl4j.shape(), ours.shape());
            assertTrue(dl4j.equalsWithEps(ours, type == DataType.DOUBLE ? 1e-12 : 1e-6), likelihood + " " + type);
        }
    }

    @Test
    void decodeSampleReconstructAndGenerateHaveTheRightShapesAndRanges() {
        VaeModel model = VaeModel.create(config(DataType.FLOAT));
        INDArray x = data(DataType.FLOAT);
        INDArray reconstruction = model.reconstruct(x);
        assertArrayEquals(new long[] {16, 12}, reconstruction.shape());
        assertTrue(reconstruction.minNumber().doubleValue() > 0 && reconstruction.maxNumber().doubleValue() < 1);
        INDArray z = model.sampleLatent(x, 1);
        assertArrayEquals(new long[] {16, 3}, z.shape());
        INDArray sample = model.sample(z);
        INDArray distance = sample.mul(sample.rsub(1.0));
        assertEquals(0.0, distance.sumNumber().doubleValue(), "Bernoulli samples are 0/1");
        assertEquals(model.generate(5, 42), model.generate(5, 42));
        assertNotEquals(model.generate(5, 42), model.generate(5, 43));
    }

    @Test
    void wrongInputWidthIsRejectedWithTheExpectedShape() {
        VaeModel model = VaeModel.create(config(DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.encode(Nd4j.zeros(DataType.FLOAT, 2, 11)));
        assertTrue(e.getMessage().contains("[examples, 12]") && e.getMessage().contains("[2, 11]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.decode(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertTrue(e.getMessage().contains("[examples, 3]"), e.getMessage());
    }

    @Test
    void saveAndLoadGiveIdenticalOutputsAndMetadata(@TempDir Path dir) throws IOException {
        VaeModel model = VaeModel.create(config(DataType.FLOAT));
        model.setData(new DataDescription("synthetic", "train", "NONE", 11, 16, Map.of("a.bin", "00ff")));
        model.setTraining(new TrainingSummary(2, 10, 160, 7.5, 8.25, 1.5));
        Path file = dir.resolve("model.zip");
        model.save(file);

        VaeModel loaded = VaeModel.load(file);
        INDArray x = data(DataType.FLOAT);
        assertEquals(model.encode(x).mean(), loaded.encode(x).mean());
        assertEquals(model.encode(x).logVariance(), loaded.encode(x).logVariance());
        assertEquals(model.reconstruct(x), loaded.reconstruct(x));
        assertEquals(model.config(), loaded.config());
        assertEquals(model.data(), loaded.data());
        assertEquals(model.training(), loaded.training());
        VaeMetadata metadata = VaeModelFiles.readMetadata(file);
        assertEquals("MultiLayerNetwork", metadata.networkType());
        assertFalse(metadata.vae4jVersion().contains("${"), "version filtered into the jar");
        assertEquals("1.0.0-M2.1", metadata.dl4jVersion());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void savedModelIsAPlainDl4jModelZip(@TempDir Path dir) throws IOException {
        VaeModel model = VaeModel.create(config(DataType.FLOAT));
        Path file = dir.resolve("model.zip");
        model.save(file);
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file.toFile());
        INDArray x = data(DataType.FLOAT);
        assertEquals(((MultiLayerNetwork) model.network()).output(x), plain.output(x));
    }

    @Test
    void graphVariantSavesLoadsAndAgreesWithTheMultiLayerVariant(@TempDir Path dir) throws IOException {
        VaeModel graphModel = VaeModel.createGraph(config(DataType.DOUBLE));
        VaeModel layerModel = VaeModel.create(config(DataType.DOUBLE));
        layerModel.layer().setParams(graphModel.layer().params().dup());
        INDArray x = data(DataType.DOUBLE);
        assertEquals(layerModel.encode(x).logVariance(), graphModel.encode(x).logVariance());

        Path file = dir.resolve("graph.zip");
        graphModel.save(file);
        VaeModel loaded = VaeModel.load(file);
        assertTrue(loaded.network() instanceof ComputationGraph);
        assertEquals(graphModel.reconstruct(x), loaded.reconstruct(x));
        ComputationGraph plain = ModelSerializer.restoreComputationGraph(file.toFile());
        assertEquals(((ComputationGraph) graphModel.network()).outputSingle(x), plain.outputSingle(x));
    }

    @Test
    void aPlainDl4jVaeZipLoadsWithTheConfigDerivedFromItsNetwork(@TempDir Path dir) throws IOException {
        // Built with DL4J's own builders, as DL4J's VaeMNISTAnomaly example does: no vae4j involved.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new RmsProp(1e-2))
                .weightInit(WeightInit.XAVIER).l2(1e-4).list()
                .layer(new org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder.Builder()
                        .activation(Activation.LEAKYRELU).encoderLayerSizes(16, 8).decoderLayerSizes(8, 16)
                        .pzxActivationFunction(Activation.IDENTITY)
                        .reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                        .nIn(12).nOut(3).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        Path plain = dir.resolve("plain.zip");
        ModelSerializer.writeModel(network, plain.toFile(), true);

        VaeModel loaded = VaeModel.load(plain);
        VaeConfig derived = loaded.config();
        assertEquals(12, derived.inputSize());
        assertEquals(java.util.List.of(16, 8), derived.encoderLayerSizes());
        assertEquals(java.util.List.of(8, 16), derived.decoderLayerSizes());
        assertEquals(3, derived.latentSize());
        assertEquals(Activation.LEAKYRELU, derived.hiddenActivation());
        assertEquals(new BernoulliReconstructionDistribution(Activation.SIGMOID), derived.reconstructionDistribution());
        assertEquals(new RmsProp(1e-2), derived.updater());
        assertEquals(1e-4, derived.l2());
        assertEquals(7, derived.seed());
        assertEquals(network.params(), loaded.layer().params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 12).gt(0.5).castTo(DataType.FLOAT);
        assertEquals(5, loaded.elbo(x, 1, 1).examples());
    }

    @Test
    void wrapRefusesAConfigThatDisagreesWithTheNetworkNamingTheField() {
        VaeModel model = VaeModel.create(config(DataType.FLOAT));
        MultiLayerNetwork network = (MultiLayerNetwork) model.network();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaeModel.wrap(network, config(DataType.FLOAT).toBuilder().latentSize(7).build()));
        assertTrue(e.getMessage().contains("VaeConfig.latentSize = 7") && e.getMessage().contains("has 3"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> VaeModel.wrap(network, config(DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("VaeConfig.dataType = DOUBLE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> VaeModel.wrap(network, config(DataType.FLOAT).toBuilder().learningRate(0.5).build()));
        assertTrue(e.getMessage().contains("VaeConfig.updater"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VaeModel.wrap(network, config(DataType.FLOAT)
                .toBuilder().reconstructionDistribution(new GaussianReconstructionDistribution(Activation.IDENTITY))
                .build()));
        assertTrue(e.getMessage().contains("VaeConfig.reconstructionDistribution"), e.getMessage());
        assertEquals(model.config().latentSize(), VaeModel.wrap(network, model.config()).config().latentSize());
    }

    @Test
    void loadingGarbageOrAMissingFileSaysWhatIsWrong(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("garbage.zip");
        Files.writeString(garbage, "not a zip");
        IOException e = assertThrows(IOException.class, () -> VaeModel.load(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

        e = assertThrows(IOException.class, () -> VaeModel.load(dir.resolve("missing.zip")));
        assertTrue(e.getMessage().contains("missing.zip"), e.getMessage());
    }
}
