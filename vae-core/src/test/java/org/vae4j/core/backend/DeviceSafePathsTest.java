package org.vae4j.core.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.DecoderGradient;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.ElboStep;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.VaeTrainer;

/**
 * On a device backend (played on the CPU with {@link ArrayMemory#simulate}) the trainer and the
 * decoder gradient pick their device-safe paths, and those paths compute the fast paths' numbers:
 * the same training trajectory to round-off in DOUBLE, the same log p(x|z) and gradient.
 */
class DeviceSafePathsTest {

    private static final long SEED = 5;
    private static final INDArray DATA = SyntheticData.binaryPrototypes(48, 12, 3, 4, DataType.DOUBLE);

    @BeforeEach
    void forgetEarlierChoices() {
        ComputePaths.clear();
    }

    private static VaeConfig.Builder config() {
        return VaeConfig.builder().inputSize(12).encoderLayerSizes(9).decoderLayerSizes(8).latentSize(3)
                .hiddenActivation(Activation.TANH).dataType(DataType.DOUBLE).seed(SEED).updater(new Adam(0.01));
    }

    private static INDArray trainedParameters(ArrayMemory memory) {
        try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
            VaeModel model = VaeModel.create(config().build());
            try (VaeTrainer trainer = VaeTrainer.builder(model).epochs(2).checkpointEveryEpochs(0).build()) {
                trainer.fit(new InMemoryEpochIterator(DATA, null, 16, true, SEED));
            }
            return model.layer().params().dup();
        }
    }

    @Test
    void onADeviceTheTrainerUsesDl4jsGradientAndUpdaterAndFollowsTheFastPathsTrajectory() {
        INDArray fast = trainedParameters(ArrayMemory.HOST);
        assertEquals(ElboStep.FUSED_ENGINE, ComputePaths.pathOf(ElboStep.GRADIENT));
        assertEquals(ElboStep.FUSED_UPDATER, ComputePaths.pathOf(ElboStep.UPDATE));

        INDArray deviceSafe = trainedParameters(ArrayMemory.DEVICE);
        assertEquals(ElboStep.DL4J_GRADIENT, ComputePaths.pathOf(ElboStep.GRADIENT));
        assertEquals(ElboStep.DL4J_UPDATER, ComputePaths.pathOf(ElboStep.UPDATE));
        assertTrue(ComputePaths.chosen().stream().anyMatch(c -> c.reason().contains("device memory")),
                "the reason names device memory: " + ComputePaths.chosen());

        double scale = fast.norm2Number().doubleValue();
        double difference = fast.sub(deviceSafe).norm2Number().doubleValue();
        assertTrue(difference <= 1e-9 * scale, "|fast - device-safe| = " + difference + " of |params| " + scale);
    }

    @Test
    void optionsOnlyTheFastEngineComputesAreRefusedByNameOnADevice() {
        try (ArrayMemory.Scope ignored = ArrayMemory.simulate(ArrayMemory.DEVICE)) {
            VaeModel model = VaeModel.create(config().dataType(DataType.FLOAT).iwaeSamples(3).build());
            Exception e = assertThrows(IllegalArgumentException.class, () -> new ElboStep(model));
            assertTrue(e.getMessage().contains("iwaeSamples 3") && e.getMessage().contains("device memory"),
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void decoderGradientIsTheSameOnBothPaths(DataType type) {
        VaeModel model = VaeModel.create(config().dataType(type).build());
        int rows = 7;
        INDArray x = DATA.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()).castTo(type);
        double[] z = new Random(2).doubles(rows * 3L, -2, 2).toArray();
        double[][] host = decoderPass(model, x, z, rows, ArrayMemory.HOST);
        assertEquals(DecoderGradient.CLOSED_FORM, ComputePaths.pathOf(DecoderGradient.COMPONENT));
        double[][] device = decoderPass(model, x, z, rows, ArrayMemory.DEVICE);
        assertEquals(DecoderGradient.DISTRIBUTION_OPS, ComputePaths.pathOf(DecoderGradient.COMPONENT));
        double tolerance = type == DataType.DOUBLE ? 1e-10 : 2e-4;
        assertArrayEquals(host[0], device[0], tolerance, "log p(x|z)");
        assertArrayEquals(host[1], device[1], tolerance, "d log p(x|z) / dz");
    }

    private static double[][] decoderPass(VaeModel model, INDArray x, double[] z, int rows, ArrayMemory memory) {
        try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory);
             DecoderGradient decoder = new DecoderGradient(model, 10)) {
            double[] logLikelihood = new double[rows];
            double[] gradient = new double[z.length];
            decoder.compute(x, z, rows, logLikelihood, gradient);
            return new double[][] {logLikelihood, gradient};
        }
    }

    @ParameterizedTest
    @EnumSource(ArrayMemory.class)
    void hostTransferWritesAndReadsAViewOfFirstRowsOnEitherMemory(ArrayMemory memory) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray buffer = Nd4j.zeros(type, 5, 4);
            INDArray firstRows = buffer.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all());
            double[] values = {9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
            double[] back = new double[12];
            try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                HostTransfer.write(values, 1, 12, firstRows, 0);
                HostTransfer.read(firstRows, 12, back);
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(values, 1, 13), back, 0.0, memory + " " + type);
            assertEquals(12.0, buffer.getDouble(2, 3), 0.0, "written into the buffer itself, " + memory + " " + type);
            assertEquals(0.0, buffer.getRow(3).sumNumber().doubleValue(), 0.0, "rows past the view untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(ArrayMemory.class)
    void hostTransferRowsAreNd4jsPulledRowsOnEitherMemory(ArrayMemory memory) {
        int[] rows = {4, 0, 4, 2};   // any order, repeats allowed, as a shuffled epoch's minibatch
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
            INDArray matrix = Nd4j.linspace(1, 30, 30, DataType.DOUBLE).reshape(5, 6).castTo(type);
            INDArray columnsView = matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));   // strided rows
            for (INDArray source : new INDArray[] {matrix, columnsView, matrix.dup('f')}) {
                INDArray picked;
                try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                    picked = HostTransfer.rows(source, rows);
                }
                assertEquals(Nd4j.pullRows(source, 1, rows), picked, memory + " " + type + " " + source.ordering());
                assertEquals(type, picked.dataType());
            }
            try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                assertThrows(IndexOutOfBoundsException.class, () -> HostTransfer.rows(matrix, new int[] {0, 5}));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ArrayMemory.class)
    void hostTransferWritesFloatsAtAnOffsetOnEitherMemory(ArrayMemory memory) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray buffer = Nd4j.zeros(type, 5, 4);
            float[] values = {9, 1.5f, 2, 3, 4, 5, 6, 7};
            try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                HostTransfer.write(values, 1, 6, buffer, 5);   // row 1 from its second column on, then row 2
            }
            assertEquals(0.0, buffer.getDouble(1, 0), 0.0, memory + " " + type);
            assertEquals(1.5, buffer.getDouble(1, 1), 0.0, memory + " " + type);
            assertEquals(6.0, buffer.getDouble(2, 2), 0.0, memory + " " + type);
            assertEquals(0.0, buffer.getDouble(2, 3), 0.0, "nothing past the count, " + memory + " " + type);
            assertEquals(21.5, buffer.sumNumber().doubleValue(), 1e-6, memory + " " + type);
        }
    }

    @Test
    void aMistypedOverrideIsRefusedByName() {
        try (ArrayMemory.Scope ignored = ArrayMemory.simulate(ArrayMemory.HOST)) {
            System.setProperty(ArrayMemory.PROPERTY, "gpu");
            Exception e = assertThrows(IllegalArgumentException.class, ArrayMemory::current);
            assertEquals("-Dvae4j.arrayMemory=gpu: expected host or device", e.getMessage());
        }
    }
}
