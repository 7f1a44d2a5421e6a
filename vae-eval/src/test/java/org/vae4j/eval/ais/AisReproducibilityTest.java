package org.vae4j.eval.ais;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.EvaluationProgress;
import org.vae4j.eval.estimate.ImportanceSampledLikelihood;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.AnnealingDetails;
import org.vae4j.eval.estimate.SimulatedData;

/**
 * The numbers depend on the seed, not on how examples are blocked; one step from q is importance
 * sampling on the same noise; bad settings and data fail before any work, naming the value.
 */
class AisReproducibilityTest {

    private final VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(10).encoderLayerSizes(8)
            .latentSize(3).dataType(DataType.DOUBLE).seed(4).build());
    private final INDArray x = binary(7, 10, 6);

    private static INDArray binary(int rows, int columns, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, rows, columns).gt(0.5).castTo(DataType.DOUBLE);
    }

    private AnnealedImportanceSampling.Builder ais() {
        return AnnealedImportanceSampling.builder(model).steps(12).chains(5).leapfrogSteps(3).seed(9);
    }

    @Test
    void resultsDoNotDependOnBlockingButOnTheSeed() {
        LogLikelihoodReport whole = ais().build().evaluate(x);
        List<EvaluationProgress> progress = new ArrayList<>();
        AnnealedImportanceSampling oneByOne = ais().memoryBudgetBytes(1).listener(progress::add).build();
        assertEquals(1, oneByOne.plan().examplesPerBlock());
        assertEquals(7, whole.provenance().chunking().examplesPerBlock());
        LogLikelihoodReport pieces = oneByOne.evaluate(x);
        assertArrayEquals(whole.perExample().logLikelihoodNats(), pieces.perExample().logLikelihoodNats(), 1e-10);
        assertArrayEquals(whole.perExample().elboNats(), pieces.perExample().elboNats(), 1e-10);
        assertArrayEquals(((AnnealingDetails) whole.details()).acceptanceRate(), ((AnnealingDetails) pieces.details()).acceptanceRate(), 0.0);
        assertArrayEquals(((AnnealingDetails) whole.details()).finalStepSize(), ((AnnealingDetails) pieces.details()).finalStepSize(), 1e-12);
        assertEquals(7, progress.get(progress.size() - 1).examplesDone());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).examplesDone() >= progress.get(i - 1).examplesDone(), "progress never goes back");
        }

        SimulatedData data = SimulatedData.sample(model, 4, 3);
        LogLikelihoodReport bdmc = new BidirectionalMonteCarlo(ais().build()).evaluate(data);
        LogLikelihoodReport bdmcPieces = new BidirectionalMonteCarlo(ais().memoryBudgetBytes(1).build()).evaluate(data);
        assertArrayEquals(((BidirectionalDetails) bdmc.details()).upperBoundNats(), ((BidirectionalDetails) bdmcPieces.details()).upperBoundNats(), 1e-10);
        assertArrayEquals(data.features().dup().data().asDouble(), SimulatedData.sample(model, 4, 3).features().dup().data().asDouble(),
                0.0, "simulation is seeded");

        assertArrayEquals(whole.perExample().logLikelihoodNats(), ais().build().evaluate(x).perExample()
                .logLikelihoodNats(), 0.0);
        assertNotEquals(whole.perExample().logLikelihoodNats()[0],
                ais().seed(10).build().evaluate(x).perExample().logLikelihoodNats()[0]);
    }

    @Test
    void oneStepFromQIsImportanceSamplingWithAsManySamplesAsChainsOnTheSameNoise() {
        LogLikelihoodReport ais = ais().steps(1).chains(40).build().evaluate(x);
        LogLikelihoodReport is = ImportanceSampledLikelihood.builder(model).importanceSamples(40).seed(9).build()
                .evaluate(x);
        assertArrayEquals(is.perExample().logLikelihoodNats(), ais.perExample().logLikelihoodNats(), 1e-10);
        assertArrayEquals(is.perExample().effectiveSampleSize(), ais.perExample().effectiveSampleSize(), 1e-8);
        assertArrayEquals(is.perExample().elboNats(), ais.perExample().elboNats(), 1e-10);
        assertTrue(Double.isNaN(((AnnealingDetails) ais.details()).acceptanceRate()[0]), "no transitions, no acceptance rate");
    }

    @Test
    void badSettingsAndDataAreRefusedNamingTheValue() {
        assertRefused(b -> b.steps(0), "steps must be >= 1, got 0");
        assertRefused(b -> b.chains(-2), "chains must be >= 1, got -2");
        assertRefused(b -> b.leapfrogSteps(0), "leapfrogSteps must be >= 1, got 0");
        assertRefused(b -> b.targetAcceptance(1.0), "targetAcceptance must be in (0, 1), got 1.0");
        assertRefused(b -> b.initialStepSize(0.9), "initialStepSize must be in [1.0E-4, 0.5], got 0.9");
        assertRefused(b -> b.memoryBudgetBytes(0), "memoryBudgetBytes must be >= 1, got 0");

        AnnealedImportanceSampling ais = ais().build();
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> ais.evaluate(Nd4j.zeros(DataType.DOUBLE, 3, 11)));
        assertTrue(wide.getMessage().contains("[examples, 10]"), wide.getMessage());
        INDArray nan = x.dup();
        nan.putScalar(2, 4, Double.NaN);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ais.evaluate(nan));
        assertTrue(bad.getMessage().contains("NaN (first at row 2)"), bad.getMessage());
        SimulatedData wrongLatent = new SimulatedData(x, new double[7 * 2], SimulatedData.sample(model, 7, 1).description());
        IllegalArgumentException latent = assertThrows(IllegalArgumentException.class, () -> new BidirectionalMonteCarlo(ais).evaluate(wrongLatent));
        assertTrue(latent.getMessage().contains("latentSize is 3"), latent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulatedData.sample(model, 0, 1));
        assertEquals(InitialDistribution.PRIOR, InitialDistribution.parse("prior"));
        IllegalArgumentException init = assertThrows(IllegalArgumentException.class, () -> InitialDistribution.parse("p"));
        assertTrue(init.getMessage().contains("q or prior, got p"), init.getMessage());
    }

    private void assertRefused(Consumer<AnnealedImportanceSampling.Builder> setting, String message) {
        AnnealedImportanceSampling.Builder builder = ais();
        setting.accept(builder);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
