package org.vae4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    /** 200 creations in rounds of 8 threads released together, all within a few seconds. */
    @Test
    void foldersCreatedConcurrentlyInTheSameSecondAreDistinct(@TempDir Path runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<List<Path>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    List<Path> mine = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        start.await();
                        mine.add(RunFolder.create(runs, "smoke").directory());
                    }
                    return mine;
                }));
            }
            Set<Path> distinct = new HashSet<>();
            for (Future<List<Path>> f : results) {
                distinct.addAll(f.get());
            }
            assertEquals(THREADS * ROUNDS, distinct.size(), "every create got its own folder");
            for (Path dir : distinct) {
                assertTrue(Files.isDirectory(dir.resolve(RunFolder.CHECKPOINTS)), dir.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resumeCleanupRemovesTemporariesOfAKilledRunOnly(@TempDir Path runs) throws IOException {
        RunFolder folder = RunFolder.create(runs, "smoke");
        folder.writeText(RunFolder.CONFIG, "{}");
        Path halfCheckpoint = Files.write(folder.checkpoints().resolve(".checkpoint-000000000012.zip.8c1k3jx0q9ab.tmp"),
                new byte[100]);
        Path halfModel = Files.write(folder.resolve(".model.zip.1a2b3c4d5e6f.tmp"), new byte[100]);
        Path zipfs = Files.write(folder.checkpoints().resolve("zipfstmp5032.tmp"), new byte[100]);
        assertEquals(Set.of(halfCheckpoint, halfModel, zipfs), Set.copyOf(RunFolder.open(folder.directory())
                .removeTemporaries()));
        assertTrue(Files.exists(folder.resolve(RunFolder.CONFIG)));
    }
}
