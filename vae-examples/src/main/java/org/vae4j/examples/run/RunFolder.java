package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.vae4j.core.io.AtomicFiles;

/**
 * The self-describing output folder of one run: {@code runs/<recipe>-<timestamp>/} holding
 * config.json, metrics.csv, checkpoints/, model.zip and whatever else the recipe writes.
 */
public final class RunFolder {

    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String MODEL = "model.zip";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String LOG = "train.log";
    public static final String DATA = "data.json";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path directory;

    private RunFolder(Path directory) {
        this.directory = directory;
    }

    /** Creates a fresh folder {@code <runsDirectory>/<recipe>-<timestamp>} (suffixed if taken). */
    public static RunFolder create(Path runsDirectory, String recipe) throws IOException {
        String base = recipe + "-" + LocalDateTime.now().format(STAMP);
        Files.createDirectories(runsDirectory);
        Path dir = runsDirectory.resolve(base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = runsDirectory.resolve(base + "-" + i);
        }
        Files.createDirectories(dir.resolve(CHECKPOINTS));
        return new RunFolder(dir);
    }

    /** An existing run folder, e.g. for {@code train --resume}. */
    public static RunFolder open(Path directory) throws IOException {
        if (!Files.isDirectory(directory) || !Files.exists(directory.resolve(CONFIG))) {
            throw new IOException(directory + " is not a vae4j run folder (no " + CONFIG + ")");
        }
        return new RunFolder(directory);
    }

    public Path directory() {
        return directory;
    }

    public Path resolve(String name) {
        return directory.resolve(name);
    }

    public Path checkpoints() {
        return directory.resolve(CHECKPOINTS);
    }

    /** Writes a text file in the folder atomically. */
    public Path writeText(String name, String content) throws IOException {
        Path target = directory.resolve(name);
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
        return target;
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
