package org.vae4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeModelFiles;

/**
 * Checkpoint files of one training run: {@code checkpoint-<iteration>.zip} in a directory, each a
 * complete vae4j model zip (parameters, updater state, metadata) plus the {@link TrainerState}.
 * Files are written atomically and only the newest {@code keepLast} are kept. One trainer writes a
 * directory at a time: starting one (or resuming from the directory) removes the temporary files a
 * killed predecessor left there.
 */
public final class Checkpoints {

    public static final String STATE_ENTRY = "vae4j-trainer-state.json";
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".zip";

    private final Path directory;
    private final int keepLast;

    public Checkpoints(Path directory, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        }
        this.directory = directory;
        this.keepLast = keepLast;
        removeTemporaries(directory);
    }

    public Path directory() {
        return directory;
    }

    /**
     * A model restored from a checkpoint, with the trainer state to continue from.
     *
     * @param file    the checkpoint read
     * @param skipped newer checkpoints that could not be read, newest first
     */
    public record Restored(VaeModel model, TrainerState state, Path file, List<Skipped> skipped) {
    }

    /** A checkpoint passed over because it does not read, and why. */
    public record Skipped(Path file, String reason) {
    }

    /** The file a checkpoint at {@code state} is written to. */
    public Path fileFor(TrainerState state) {
        return directory.resolve(String.format("%s%012d%s", PREFIX, state.iteration(), SUFFIX));
    }

    /** Writes a checkpoint of {@code model} at {@code state} and prunes old ones. */
    public Path write(VaeModel model, TrainerState state) throws IOException {
        Path file = fileFor(state);
        VaeModelFiles.save(model, file, true, Map.of(STATE_ENTRY, mapper().writeValueAsString(state)));
        List<Path> all = list(directory);
        for (int i = 0; i < all.size() - keepLast; i++) {
            Files.deleteIfExists(all.get(i));
        }
        return file;
    }

    /** The newest checkpoint in {@code directory}, if any. */
    public static Optional<Path> latest(Path directory) throws IOException {
        List<Path> all = list(directory);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Loads a checkpoint file; or, given their directory, the newest checkpoint that reads. A
     * checkpoint cut short (a full disk, a copy interrupted) then costs the epochs since the one
     * before it instead of the run: newer unreadable ones are logged and listed in
     * {@link Restored#skipped()}. Loading from a directory also removes the temporary files of a
     * killed writer there, since resuming means that writer is gone.
     */
    public static Restored load(Path checkpointOrDirectory) throws IOException {
        if (!Files.isDirectory(checkpointOrDirectory)) {
            return loadFile(checkpointOrDirectory, List.of());
        }
        removeTemporaries(checkpointOrDirectory);
        List<Path> all = list(checkpointOrDirectory);
        if (all.isEmpty()) {
            throw new IOException("No " + PREFIX + "*" + SUFFIX + " file in " + checkpointOrDirectory);
        }
        List<Skipped> skipped = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                Restored restored = loadFile(all.get(i), List.copyOf(skipped));
                for (Skipped s : skipped) {
                    LOG.warn("Skipped checkpoint {} ({}); resuming from {}", s.file(), s.reason(), restored.file());
                }
                return restored;
            } catch (IOException e) {
                skipped.add(new Skipped(all.get(i), e.getMessage()));
            }
        }
        throw new IOException("No readable checkpoint in " + checkpointOrDirectory + ": "
                + skipped.stream().map(Skipped::reason).collect(Collectors.joining("; ")), null);
    }

    private static Restored loadFile(Path file, List<Skipped> skipped) throws IOException {
        String json = VaeModelFiles.readEntry(file, STATE_ENTRY);
        if (json == null) {
            throw new IOException(file + " is a model but not a checkpoint: it has no " + STATE_ENTRY + " entry");
        }
        TrainerState state;
        try {
            state = mapper().readValue(json, TrainerState.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": " + STATE_ENTRY + " is not a valid trainer state: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return new Restored(VaeModelFiles.load(file), state, file, skipped);
    }

    private static void removeTemporaries(Path directory) {
        try {
            for (Path removed : AtomicFiles.removeTemporaries(directory)) {
                LOG.info("Removed {}, left by an interrupted checkpoint write", removed);
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up temporary files in {}: {}", directory, AtomicFiles.reason(e));
        }
    }

    /** Checkpoint files in {@code directory}, oldest first (names sort by iteration). */
    static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static ObjectMapper mapper() {
        return NeuralNetConfiguration.mapper();
    }
}
