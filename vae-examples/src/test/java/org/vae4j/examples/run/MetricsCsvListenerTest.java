package org.vae4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.train.EpochMetrics;

/** metrics.csv never lists an epoch twice, however a run was interrupted and resumed. */
class MetricsCsvListenerTest {

    @TempDir
    Path dir;

    private static EpochMetrics epoch(int e) {
        return new EpochMetrics(e, 10L * (e + 1), 100L * (e + 1), 200 - e, 210 - e, 20, 190 - e, 1000, e + 1);
    }

    private List<Integer> epochsIn(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertEquals(MetricsCsvListener.HEADER, lines.get(0));
        return lines.stream().skip(1).map(l -> Integer.parseInt(l.substring(0, l.indexOf(',')))).toList();
    }

    /** Killed after epoch 2's row but before its checkpoint: the resume trains epoch 2 again. */
    @Test
    void aRowWrittenBeforeTheCheckpointIsReplacedWhenTheEpochIsTrainedAgain() throws IOException {
        Path file = dir.resolve("metrics.csv");
        MetricsCsvListener first = new MetricsCsvListener(file);
        for (int e = 0; e < 3; e++) {
            first.onEpochEnd(epoch(e));
        }
        MetricsCsvListener resumed = new MetricsCsvListener(file);
        resumed.onEpochEnd(epoch(2));
        resumed.onEpochEnd(epoch(3));
        assertEquals(List.of(0, 1, 2, 3), epochsIn(file));
    }

    /** Resumed from an older checkpoint (the newest did not read): later rows go at once. */
    @Test
    void continueFromDropsTheEpochsTheCheckpointDoesNotHold() throws IOException {
        Path file = dir.resolve("metrics.csv");
        MetricsCsvListener first = new MetricsCsvListener(file);
        for (int e = 0; e < 4; e++) {
            first.onEpochEnd(epoch(e));
        }
        MetricsCsvListener resumed = new MetricsCsvListener(file);
        resumed.continueFrom(2);
        assertEquals(List.of(0, 1), epochsIn(file));
        resumed.onEpochEnd(epoch(2));
        assertEquals(List.of(0, 1, 2), epochsIn(file));
    }
}
