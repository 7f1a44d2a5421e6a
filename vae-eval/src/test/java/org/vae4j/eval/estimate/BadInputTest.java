package org.vae4j.eval.estimate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/** Each documented input error is raised, with a message that says what is wrong, before any sampling. */
class BadInputTest {

    private final VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(6).encoderLayerSizes(4)
            .latentSize(2).dataType(DataType.DOUBLE).build());
    private final AtomicInteger blocks = new AtomicInteger();
    private final ImportanceSampledLikelihood estimator = ImportanceSampledLikelihood.builder(model)
            .importanceSamples(10).listener(p -> blocks.incrementAndGet()).build();

    @Test
    void dataWidthNotMatchingTheModel() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> estimator.evaluate(Nd4j.zeros(3, 5)));
        assertTrue(e.getMessage().contains("[examples, 6]") && e.getMessage().contains("[3, 5]"), e.getMessage());
        assertTrue(blocks.get() == 0, "no work before the check");
    }

    @Test
    void nanInTheData() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 4, 6);
        x.putScalar(2, 3, Double.NaN);
        Exception e = assertThrows(IllegalArgumentException.class, () -> estimator.evaluate(x));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("row 2"), e.getMessage());
    }

    @Test
    void nanInALaterIteratorBatchFailsBeforeTheFirstBatchIsEvaluated() {
        INDArray bad = Nd4j.zeros(DataType.DOUBLE, 2, 6);
        bad.putScalar(1, 0, Double.NaN);
        ExistingDataSetIterator iterator = new ExistingDataSetIterator(java.util.List.of(
                new DataSet(Nd4j.zeros(DataType.DOUBLE, 2, 6), null), new DataSet(bad, null)));
        Exception e = assertThrows(IllegalArgumentException.class, () -> estimator.evaluate(iterator, null));
        assertTrue(e.getMessage().contains("batch 1") && e.getMessage().contains("NaN"), e.getMessage());
        assertTrue(blocks.get() == 0, "no block evaluated");
    }

    @Test
    void dataOutsideTheBernoulliSupportIsRejectedByTheDistribution() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            VaeModel typed = VaeModel.create(model.config().toBuilder().dataType(type).build());
            INDArray x = Nd4j.zeros(type, 4, 6);
            x.putScalar(3, 2, 1.5);
            Exception e = assertThrows(IllegalArgumentException.class,
                    () -> ImportanceSampledLikelihood.builder(typed).importanceSamples(10).build().evaluate(x));
            assertTrue(e.getMessage().contains("column 2") && e.getMessage().contains("1.5")
                    && e.getMessage().contains("clampData"), e.getMessage());
        }
    }

    @Test
    void kBelowOne() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> ImportanceSampledLikelihood.builder(model).importanceSamples(0).build());
        assertTrue(e.getMessage().contains("importanceSamples (k) must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void iwaeGroupLargerThanK() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> ImportanceSampledLikelihood.builder(model).importanceSamples(10).iwaeSampleCounts(1, 50).build());
        assertTrue(e.getMessage().contains("[1, importanceSamples = 10], got 50"), e.getMessage());
    }

    @Test
    void emptyIterator() {
        ExistingDataSetIterator iterator = new ExistingDataSetIterator(java.util.List.<DataSet>of());
        Exception e = assertThrows(IllegalArgumentException.class, () -> estimator.evaluate(iterator, null));
        assertTrue(e.getMessage().contains("yielded no examples"), e.getMessage());
    }
}
