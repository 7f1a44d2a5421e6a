package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.vae4j.core.io.AtomicFiles;
import org.vae4j.examples.config.EffectiveConfig;

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

    /**
     * Creates a fresh folder {@code <runsDirectory>/<recipe>-<timestamp>} (suffixed {@code -2},
     * {@code -3}, ... if taken). The folder is claimed with an atomic create-directory, so runs
     * started in the same second, in threads or processes, never share one.
     */
    public static RunFolder create(Path runsDirectory, String recipe) throws IOException {
        String base = recipe + "-" + LocalDateTime.now().format(STAMP);
        Files.createDirectories(runsDirectory);
        for (int i = 1; ; i++) {
            Path dir = runsDirectory.resolve(i == 1 ? base : base + "-" + i);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            Files.createDirectories(dir.resolve(CHECKPOINTS));
            return new RunFolder(dir);
        }
    }

    /**
     * An existing run folder, e.g. for {@code train --resume}. Opening it for a resume removes the
     * temporary files of writes a killed run left behind ({@link #removeTemporaries}).
     */
    public static RunFolder open(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such run folder");
        }
        if (!Files.exists(directory.resolve(CONFIG))) {
            throw new IOException(directory + " is not a vae4j run folder (no " + CONFIG + ")");
        }
        return new RunFolder(directory);
    }

    /**
     * Deletes the temporary files ({@code .<name>.<random>.tmp}) that atomic writes of a killed
     * run left in the folder and in checkpoints/. Only for a run about to write here (resume).
     */
    public List<Path> removeTemporaries() throws IOException {
        List<Path> removed = new ArrayList<>(AtomicFiles.removeTemporaries(directory));
        removed.addAll(AtomicFiles.removeTemporaries(checkpoints()));
        return removed;
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

    /** The run's effective config; a damaged config.json fails naming the file. */
    public EffectiveConfig readConfig() throws IOException {
        Path file = resolve(CONFIG);
        try {
            return EffectiveConfig.fromJson(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a text file in the folder atomically. */
    public Path writeText(String name, String content) throws IOException {
        Path target = directory.resolve(name);
        AtomicFiles.writeString(target, content);
        return target;
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
