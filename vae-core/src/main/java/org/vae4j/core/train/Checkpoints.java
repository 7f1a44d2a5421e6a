package org.vae4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeModelFiles;

/**
 * Checkpoint files of one training run: {@code checkpoint-<iteration>.zip} in a directory, each a
 * complete vae4j model zip (parameters, updater state, metadata) plus the {@link TrainerState}.
 * Files are written atomically and only the newest {@code keepLast} are kept.
 */
public final class Checkpoints {

    public static final String STATE_ENTRY = "vae4j-trainer-state.json";
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
    }

    public Path directory() {
        return directory;
    }

    /** A model restored from a checkpoint, with the trainer state to continue from. */
    public record Restored(VaeModel model, TrainerState state) {
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

    /** Loads a checkpoint file, or the newest checkpoint when given its directory. */
    public static Restored load(Path checkpointOrDirectory) throws IOException {
        Path file = checkpointOrDirectory;
        if (Files.isDirectory(checkpointOrDirectory)) {
            file = latest(checkpointOrDirectory).orElseThrow(() -> new IOException(
                    "No " + PREFIX + "*" + SUFFIX + " file in " + checkpointOrDirectory));
        }
        String json = VaeModelFiles.readEntry(file, STATE_ENTRY);
        if (json == null) {
            throw new IOException(file + " is a model but not a checkpoint: it has no " + STATE_ENTRY + " entry");
        }
        TrainerState state = mapper().readValue(json, TrainerState.class);
        return new Restored(VaeModelFiles.load(file), state);
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
