package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/**
 * Issue 24, rule 1: {@code sample --out FULL_DISK/s.png} is the one line, with nothing after it
 * when the JVM exits (ImageIO's shutdown hook used to close its half-written cache stream and print
 * a NullPointerException trace).
 */
class SampleFullDiskTest {

    @Test
    void aFullDiskWhileWritingAPngIsOneLineUntilTheJvmHasExited(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.zip");
        VaeModel.create(VaeConfig.builder().inputSize(784).encoderLayerSizes(8).decoderLayerSizes(8).latentSize(2)
                .build()).save(model);
        ProcessBuilder pb = ChildJvm.builder(FullDiskMain.class, dir, Map.of("OMP_NUM_THREADS", "1"),
                List.of("-Xmx512m"), "sample", model.toString(), "-n", "4", "--out", dir.resolve("s.png").toString());
        ChildJvm.Result r = ChildJvm.run(pb, dir);
        assertEquals(1, r.exitCode(), r.err());
        List<String> lines = r.err().strip().lines().filter(l -> !l.contains(" INFO ") && !l.contains(" WARN ")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("vae4j: Could not write " + dir.resolve("s.png")), r.err());
        assertTrue(lines.get(0).endsWith(FullDisk.ENOSPC), r.err());
        assertFalse(Files.exists(dir.resolve("s.png")));
    }
}
