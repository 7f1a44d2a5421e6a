package org.vae4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.VaeTrainer;

class DataSetFilesTest {

    @TempDir
    Path dir;

    /** Rows come back in file order with their values, so one worker still equals VaeTrainer. */
    @Test
    void savedDataSetsTrainLikeTheInMemoryMatrix() throws Exception {
        VaeConfig config = SyntheticPrototypes.config(3);
        INDArray data = SyntheticPrototypes.data(200, 3);
        // Features saved as [examples, 8, 8]: DataSetFiles flattens each example back to 64 values.
        for (int f = 0; f < 2; f++) {
            INDArray part = data.get(NDArrayIndex.interval(100 * f, 100 * f + 100), NDArrayIndex.all()).dup()
                    .reshape('c', 100, 8, 8);
            new DataSet(part, null).save(dir.resolve("part-" + f + ".bin").toFile());
        }
        VaeModel local = VaeModel.create(config);
        VaeTrainer.builder(local).epochs(1).build().fit(new InMemoryEpochIterator(data, null, 20, true, 3));
        VaeModel distributed = VaeModel.create(config);
        SparkVaeTrainer.builder(LocalSpark.get(), distributed).workers(1).averagingFrequency(3).batchSize(20)
                .epochs(1).build().fit(DataSetFiles.read(LocalSpark.get(), dir.toString(), 64));
        assertArrayEquals(local.layer().params().toFloatVector(), distributed.layer().params().toFloatVector());
    }

    /** A conditional VAE's DataSet files: features and their labels (the condition) become rows [x | c]. */
    @Test
    void aConditionalVaeReadsItsConditionFromTheLabels() throws Exception {
        VaeConfig config = SyntheticPrototypes.config(3).toBuilder().conditionSize(2).build();
        INDArray data = SyntheticPrototypes.data(100, 3);
        INDArray labels = Nd4j.rand(DataType.FLOAT, 100, 2);
        new DataSet(data, labels).save(dir.resolve("part-0.bin").toFile());
        VaeModel local = VaeModel.create(config);
        VaeTrainer.builder(local).epochs(1).build().fit(new InMemoryEpochIterator(data, labels, 20, true, 3));
        VaeModel distributed = VaeModel.create(config);
        SparkVaeTrainer.builder(LocalSpark.get(), distributed).workers(1).averagingFrequency(3).batchSize(20)
                .epochs(1).build().fit(DataSetFiles.read(LocalSpark.get(), dir.toString(), 64, 2));
        assertArrayEquals(local.layer().params().toFloatVector(), distributed.layer().params().toFloatVector());

        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class, () -> DataSetFiles.joined(
                java.util.List.of(new double[64]), null, 2, "part-1.bin"));
        assertEquals("part-1.bin: a conditional VAE takes its condition from the DataSet's labels, [examples, "
                + "conditionSize = 2]; got no labels", noLabels.getMessage());
    }

    @Test
    void featuresOfTheWrongSizeNameTheFileAndInputSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSetFiles.rows(Nd4j.zeros(DataType.FLOAT, 5, 10), 64, "part-0.bin"));
        assertTrue(e.getMessage().contains("part-0.bin: DataSet features have shape [5, 10], i.e. 10 values per "
                + "example, but the model's inputSize is 64"), e.getMessage());
    }

    @Test
    void aFileThatIsNotADataSetIsNamed() throws Exception {
        File junk = Files.writeString(dir.resolve("junk.bin"), "not a dataset").toFile();
        Exception e = assertThrows(Exception.class,
                () -> DataSetFiles.read(LocalSpark.get(), junk.toString(), 64).count());
        assertTrue(e.getMessage().contains("junk.bin: not a DL4J DataSet written by DataSet.save"), e.getMessage());
    }
}
