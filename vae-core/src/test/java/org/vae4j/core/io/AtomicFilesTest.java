package org.vae4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskLeavesTheOldVersionNoTemporaryAndSaysWhy() throws IOException {
        Path target = dir.resolve("config.json");
        AtomicFiles.writeString(target, "old");
        IOException e;
        try (AtomicFiles.Restore ignored = AtomicFiles.useOpener(new FullDisk(100))) {
            e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x".repeat(100_000)));
        }
        assertEquals("Could not write " + target + ": " + FullDisk.ENOSPC, e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), files(), "no temporary file remains");
    }

    @Test
    void aFailingWriterLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("new.csv");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeStream(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("Input/output error");
        }));
        assertTrue(e.getMessage().endsWith(": Input/output error"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void theOperatingSystemReasonIsKeptWithoutRepeatingThePath() throws IOException {
        Path blocked = Files.writeString(dir.resolve("not-a-dir"), "");
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.writeString(blocked.resolve("child.json"), "{}"));
        assertTrue(e.getMessage().startsWith("Could not write " + blocked.resolve("child.json") + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains(blocked.toString()), e.getMessage());
    }

    @Test
    void removeTemporariesDeletesOnlyLeftoversOfKilledWriters() throws IOException {
        Path checkpoint = Files.writeString(dir.resolve("checkpoint-000000000020.zip"), "done");
        Path ours = Files.writeString(dir.resolve(".checkpoint-000000000030.zip.3k2jd8s0xq1z.tmp"), "half");
        Path zipfs = Files.writeString(dir.resolve("zipfstmp4461870520374.tmp"), "half");
        Path userFile = Files.writeString(dir.resolve("notes.tmp"), "mine");
        assertEquals(List.of(ours, zipfs).stream().sorted().toList(),
                AtomicFiles.removeTemporaries(dir).stream().sorted().toList());
        assertEquals(List.of(checkpoint, userFile), files());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    @Test
    void aRewriteKeepsTheFilesPermissions() throws IOException {
        Path file = dir.resolve("config.json");
        AtomicFiles.writeString(file, "{}");
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(file, ownerOnly);
        AtomicFiles.writeString(file, "{\"a\": 1}");
        assertEquals("{\"a\": 1}", Files.readString(file));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(file), "600 stays 600 after a rewrite");
    }
}
