package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/**
 * Resume survives a damaged newest checkpoint (a full disk or an interrupted copy) by falling
 * back to the newest one that reads, and removes the temporary file of a write that was killed.
 */
class CheckpointFallbackTest {

    private static final INDArray TRAIN = SyntheticData.binaryPrototypes(60, 12, 3, 1, DataType.FLOAT);

    @TempDir
    Path dir;

    /** Three epochs with a checkpoint after each: checkpoint-...{5,10,15}.zip. */
    private List<Path> trainThreeEpochs() throws IOException {
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(8).latentSize(2)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 0.01).dataType(DataType.FLOAT)
                .seed(5).build();
        VaeTrainer.builder(VaeModel.create(config)).epochs(3).checkpointDirectory(dir).checkpointEveryEpochs(1)
                .build().fit(new InMemoryEpochIterator(TRAIN, null, 12, true, 5));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).sorted().toList();
        }
    }

    @Test
    void aTruncatedNewestCheckpointFallsBackToTheOneBefore() throws IOException {
        List<Path> checkpoints = trainThreeEpochs();
        assertEquals(3, checkpoints.size(), checkpoints.toString());
        Path newest = checkpoints.get(2);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length - 300));

        Checkpoints.Restored restored = Checkpoints.load(dir);
        assertEquals(2, restored.state().epoch(), "the epoch-2 checkpoint");
        assertEquals(checkpoints.get(1), restored.file());
        assertEquals(1, restored.skipped().size());
        assertEquals(newest, restored.skipped().get(0).file());
        assertTrue(restored.skipped().get(0).reason().startsWith(newest.toString()), restored.skipped().toString());
        assertArrayEquals(VaeModel.load(checkpoints.get(1)).parametersCopy().toFloatVector(),
                restored.model().parametersCopy().toFloatVector());

        // The trainer resumes from it too, and finishes the run.
        TrainingResult result = VaeTrainer.resume(dir).epochs(3).checkpointDirectory(dir).build()
                .fit(new InMemoryEpochIterator(TRAIN, null, 12, true, 5));
        assertEquals(TrainingResult.StopReason.COMPLETED, result.stopReason());
        assertEquals(3, result.history().size());
    }

    @Test
    void noReadableCheckpointNamesEachOne() throws IOException {
        List<Path> checkpoints = trainThreeEpochs();
        for (Path p : checkpoints) {
            Files.write(p, new byte[] {'P', 'K'});
        }
        IOException e = assertThrows(IOException.class, () -> Checkpoints.load(dir));
        assertTrue(e.getMessage().startsWith("No readable checkpoint in " + dir), e.getMessage());
        for (Path p : checkpoints) {
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        }
    }

    @Test
    void resumeRemovesTheTemporaryFileOfAKilledCheckpointWrite() throws IOException {
        trainThreeEpochs();
        Path half = Files.write(dir.resolve(".checkpoint-000000000020.zip.1x2y3z4w5v6u.tmp"), new byte[1000]);
        assertEquals(3, Checkpoints.load(dir).state().epoch());
        assertFalse(Files.exists(half), "removed on resume");
    }
}
